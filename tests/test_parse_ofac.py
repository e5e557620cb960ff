"""OFAC legacy CSV sets (SDN and consolidated non-SDN), read from the real samples in ../shared."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from shared_data import SampleFolder

from kb.errors import LoadError
from kb.loaders.dataset import Dataset, EntityRecord, ListingRecord
from kb.loaders.formats.ofac import parse

SDN_2019 = SampleFolder("ofac_sdn")
SDN_2025 = SampleFolder("ofac_sdn", "sdn_2025_small")
CMIC = SampleFolder("ns_cmic")


def _entity(dataset: Dataset, ent_num: int) -> EntityRecord:
    return next(e for e in dataset.entities if e["id"] == f"ofac:{ent_num}")


def _listings(dataset: Dataset, ent_num: int) -> dict[str, ListingRecord]:
    return {item["list"]: item for item in dataset.listings if item["entity_id"] == f"ofac:{ent_num}"}


@pytest.fixture(scope="module")
def sdn_2019() -> Dataset:
    return parse(SDN_2019.path)


@pytest.fixture(scope="module")
def sdn_2025() -> Dataset:
    return parse(SDN_2025.path)


@pytest.fixture(scope="module")
def cmic() -> Dataset:
    return parse(CMIC.path)


def test_sdn_subset_entries_aliases_and_addresses(sdn_2019: Dataset) -> None:
    assert sdn_2019.source.name == "ofac-sdn" and sdn_2019.file_of("entities") == "sdn_subset.csv"
    assert len(sdn_2019.entities) == 170 and len(sdn_2019.issues) == 0
    assert Counter(e["kind"] for e in sdn_2019.entities) == {"company": 99, "person": 71}
    assert sum(len(e["names"]) for e in sdn_2019.entities) == 299  # every row of alt_subset.csv
    komid = _entity(sdn_2019, 9345)
    assert komid["name"] == "KOREA MINING DEVELOPMENT TRADING CORPORATION"
    assert komid["kind"] == "company" and komid["country"] == "KP" and komid["row"] == 5
    assert len(komid["names"]) == 6 and "CHANGGWANG SINYONG CORPORATION" in komid["names"]
    assert komid["address"] == "Central District, Pyongyang, Korea, North"
    assert komid["identifiers"] == ["OFAC_UID:9345"]
    listing = _listings(sdn_2019, 9345)["SDN"]
    assert listing["programs"] == ["NPWMD", "DPRK2"] and listing["source_entry_id"] == "9345"
    assert listing["start_date"] is None and listing["source"] == "ofac-sdn"
    assert len(_entity(sdn_2019, 7270)["names"]) == 8
    assert _entity(sdn_2019, 9340)["kind"] == "person"  # WONG, Moon Chi


def test_sdn_remarks_identifiers(sdn_2019: Dataset) -> None:
    assert "USCC:91420112711981060J" in _entity(sdn_2019, 23063)["identifiers"]  # "USCCC" label
    assert "DUNS:542957624" in _entity(sdn_2019, 23171)["identifiers"]
    assert "GB_COH:08884792" in _entity(sdn_2019, 24750)["identifiers"]  # Company Number (United Kingdom)
    assert _entity(sdn_2019, 25420)["identifiers"] == [
        "OFAC_UID:25420",
        "SWIFT_BIC:MELIGB2L",
        "SWIFT_BIC:MELIHKHH",
    ]
    # An IMO company number on a shipping company, not a ship's IMO number.
    assert "IMO_COMPANY:1790183" in _entity(sdn_2019, 17068)["identifiers"]
    schemes = Counter(i.split(":")[0] for e in sdn_2019.entities for i in e["identifiers"])
    assert schemes["LEI"] == 0 and schemes["REG_NL"] == 12  # Dutch RSINs labelled "Legal Entity Number"


def test_sdn_2025_comments_vessels_and_orphans(sdn_2025: Dataset) -> None:
    assert len(sdn_2025.entities) == 17
    suex = _entity(sdn_2025, 33151)
    # The LEI sits in sdn_comments.csv: the remarks are cut at 1,000 characters.
    assert suex["identifiers"] == ["OFAC_UID:33151", "REG_CZ:07486049", "LEI:5299007NTWCC3U23WM81"]
    hesa = _entity(sdn_2025, 11195)
    assert hesa["names"] == [
        "HESA TRADE CENTER",
        "IRAN AIRCRAFT MANUFACTURING INDUSTRIES",
        "IRAN AIRCRAFT MANUFACTURING COMPANY",
        "KARKHANEJATE SANAYE HAVAPAYMAIE IRAN",
    ]
    assert hesa["country"] == "IR" and "REG_IR:26740" in hesa["identifiers"]
    assert _listings(sdn_2025, 11195)["SDN"]["programs"] == ["NPWMD", "IFSR", "IRAN-CON-ARMS-EO"]
    tanker = _entity(sdn_2025, 47371)  # NS LEADER: no address, flag Gabon
    assert tanker["kind"] == "vessel" and tanker["country"] == "GA" and tanker["address"] is None
    assert "IMO:9339301" in tanker["identifiers"]
    assert _entity(sdn_2025, 48727)["kind"] == "vessel"  # aircraft EP-PUS
    assert len(_entity(sdn_2025, 48603)["names"]) == 3
    assert _entity(sdn_2025, 19709)["identifiers"] == ["OFAC_UID:19709", "GB_COH:03632365"]
    # The sample cut keeps address/alias rows of entries it left out: recorded, not loaded.
    lines = [issue.line() for issue in sdn_2025.issues.issues]
    assert len(lines) == 9
    assert "add.csv:12: ent_num='12562': no entry with this ent_num in sdn.csv" in lines


def test_consolidated_cmic_and_ssi(cmic: Dataset) -> None:
    assert cmic.source.name == "ofac-cons" and len(cmic.issues) == 0
    assert len(cmic.entities) == 83
    assert Counter(item["list"] for item in cmic.listings) == {"CMIC": 68, "SSI": 15, "MBS": 14}
    assert sum(1 for e in cmic.entities for i in e["identifiers"] if i.startswith("USCC:")) == 58
    telecom = _entity(cmic, 30882)
    assert telecom["name"] == "CHINA TELECOM CORPORATION LIMITED" and telecom["country"] == "CN"
    assert telecom["identifiers"] == ["OFAC_UID:30882", "USCC:9111000071093019X7"]
    assert telecom["names"] == ["CHINA TELECOM", "CHINA TELECOM CO., LTD", "CHINA TELECOM CORP LTD"]
    listing = _listings(cmic, 30882)["CMIC"]
    assert listing["programs"] == ["CMIC-EO13959"] and listing["source_entry_id"] == "30882"
    gazprombank = _entity(cmic, 17016)  # LEI and registration number from cons_comments
    assert "LEI:253400WSS48YWMBUA688" in gazprombank["identifiers"]
    assert "REG_RU:1027700167110" in gazprombank["identifiers"]
    lists = _listings(cmic, 17016)
    assert sorted(lists) == ["MBS", "SSI"]
    assert lists["SSI"]["programs"] == ["UKRAINE-EO13662"] and lists["MBS"]["programs"] == ["RUSSIA-EO14024"]
    # Cut right after "1027700070518 ": the continuation "(Russia)..." is appended verbatim.
    assert "REG_RU:1027700070518" in _entity(cmic, 17250)["identifiers"]
    assert len(_entity(cmic, 17013)["names"]) == 27  # VTB BANK


def test_main_file_and_explicit_mapping(tmp_path: Path) -> None:
    by_file = parse(CMIC / "cons_prim_cmic_plus_ssi.csv")
    assert by_file.source.name == "ofac-cons" and len(by_file.entities) == 83
    mapped = parse(SDN_2019.path, {"main": "sdn_subset.csv", "add": "add_*.csv", "alt": "alt_*.csv"})
    assert len(mapped.entities) == 170
    with pytest.raises(LoadError, match="matches no file"):
        parse(SDN_2019.path, {"alt": "nothing_*.csv"})
    # Several companions match: the one sharing the main file's suffix wins, else name one.
    folder = _set(tmp_path, _row("1", "GOOD CO"))
    (folder / "sdn.csv").rename(folder / "sdn_a.csv")
    (folder / "add.csv").rename(folder / "add_a.csv")
    (folder / "add_b.csv").write_text("1,2,-0- ,-0- ,-0- ,-0- \n", encoding="utf-8")
    assert [e["id"] for e in parse(folder).entities] == ["ofac:1"]
    (folder / "sdn_a.csv").rename(folder / "sdn_c.csv")
    with pytest.raises(
        LoadError, match=r"several candidates for the sdn add file \(add_a\.csv, add_b\.csv\)"
    ):
        parse(folder)


def _row(
    ent_num: str, name: str, sdn_type: str = "-0- ", program: str = '"SDGT"', remarks: str = "-0- "
) -> str:
    """One sdn.csv line: 12 fields, the vessel and title fields null."""
    return ",".join([ent_num, f'"{name}"', sdn_type, program, *["-0- "] * 7, remarks]) + "\n"


def _set(tmp_path: Path, sdn: str, add: str = "", alt: str = "") -> Path:
    folder = tmp_path / "ofac"
    folder.mkdir(parents=True)
    (folder / "sdn.csv").write_text(sdn, encoding="utf-8")
    (folder / "add.csv").write_text(add or "1,1,-0- ,-0- ,-0- ,-0- \n", encoding="utf-8")
    (folder / "alt.csv").write_text(alt or '1,1,"aka","ALIAS",-0- \n', encoding="utf-8")
    return folder


def test_bad_rows_are_recorded_and_left_out(tmp_path: Path) -> None:
    remarks = (
        '"Unified Social Credit Code (USCC) 9111000071093019X8 (China); '
        'Legal Entity Number 5299007NTWCC3U23WM82; Vessel Registration Identification IMO 9339302."'
    )
    sdn = (
        _row("1", "GOOD CO", remarks=remarks)
        + _row("2", "ODD ONE", sdn_type='"spaceship"')
        + _row("x3", "BAD ID")
        + _row("4", "FAR AWAY", program="-0- ")
        + _row("5", "", sdn_type='"individual"')
        + "\x1a\n"  # the end-of-file marker OFAC files may carry
    )
    add = '1,1,"1 Main St","Springfield","Atlantis",-0- \n2,2,-0- ,-0- ,"China",-0- \n'
    dataset = parse(_set(tmp_path, sdn, add=add))
    assert [e["id"] for e in dataset.entities] == ["ofac:1", "ofac:4"]
    good = _entity(dataset, 1)
    # Both check characters are wrong; an IMO number on a company is an IMO company number.
    assert good["identifiers"] == ["OFAC_UID:1", "IMO_COMPANY:9339302"]
    assert good["country"] is None and good["address"] == "1 Main St, Springfield, Atlantis"
    assert good["names"] == ["ALIAS"]
    assert _listings(dataset, 4)["SDN"]["programs"] == []
    found = [(i.file, i.row, i.field, i.reason.split(":")[0]) for i in dataset.issues.issues]
    assert found == [
        ("sdn.csv", 2, "SDN_Type", "unknown kind (individual, vessel, aircraft or -0- for an entity)"),
        ("sdn.csv", 3, "ent_num", "ent_num must be a whole number"),
        ("sdn.csv", 5, "SDN_Name", "required, but empty"),
        ("sdn.csv", 1, "Remarks", "invalid USCC"),
        ("sdn.csv", 1, "Remarks", "invalid LEI"),
    ]


def test_vessel_imo_check_digit_and_header_row(tmp_path: Path) -> None:
    header = "ent_num,SDN_Name,SDN_Type,Program,Title,Call_Sign,Vess_type,Tonnage,GRT,Vess_flag,Vess_owner,Remarks\n"
    sdn = header + _row("1", "SHIP A", '"vessel"', remarks='"IMO 9339301; alt. IMO 9339302."')
    dataset = parse(_set(tmp_path, sdn))
    assert dataset.entities[0]["identifiers"] == ["OFAC_UID:1", "IMO:9339301"]
    assert dataset.entities[0]["row"] == 2
    assert [(i.value, i.reason) for i in dataset.issues.issues] == [
        ("IMO 9339302", "invalid IMO: the check digit does not match")
    ]


def test_structural_problems_fail_whole(tmp_path: Path) -> None:
    good = _row("1", "GOOD CO")
    with pytest.raises(LoadError, match=r"sdn\.csv:1: 6 fields, expected 12"):
        parse(_set(tmp_path / "a", '1,1,"x","y","z",-0- \n'))
    folder = _set(tmp_path / "b", good)
    (folder / "add.csv").write_bytes(b'1,1,"Stra\xdfe 1","Berlin","Germany",-0- \n')
    with pytest.raises(LoadError, match=r"add\.csv: not UTF-8 \(byte 9 is 0xdf\)"):
        parse(folder)
    with pytest.raises(LoadError, match="empty file"):
        parse(_set(tmp_path / "c", ""))
    folder = _set(tmp_path / "d", good)
    (folder / "alt.csv").unlink()
    with pytest.raises(LoadError, match=r"no alt\.csv next to sdn\.csv"):
        parse(folder)
    folder = _set(tmp_path / "e", good)
    (folder / "cons_prim.csv").write_text(good, encoding="utf-8")
    with pytest.raises(LoadError, match="both an SDN and a consolidated set"):
        parse(folder)
    with pytest.raises(LoadError, match="no such file"):
        parse(tmp_path / "missing")
