"""The Consolidated Screening List parser, on real CSL samples (CSV and API JSON) and broken files."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from shared_data import SampleFolder

from kb.errors import LoadError
from kb.lists import ListInfo
from kb.loaders.dataset import Dataset, EntityRecord, ListingRecord
from kb.loaders.formats.csl import fields as c
from kb.loaders.formats.csl import parse

REAL = SampleFolder("csl")

EL = "Entity List (EL) - Bureau of Industry and Security"
SDN = "Specially Designated Nationals (SDN) - Treasury Department"


@cache
def header() -> list[str]:
    """The current 29-column header, as the 2025 sample has it."""
    return next(
        csv.reader((REAL / "csl_consolidated_2025_13rows.csv").read_text(encoding="utf-8").splitlines())
    )


def _entity(dataset: Dataset, name: str) -> EntityRecord:
    return next(entity for entity in dataset.entities if entity["name"] == name)


def _listings(dataset: Dataset, entity_id: str) -> list[ListingRecord]:
    return [listing for listing in dataset.listings if listing["entity_id"] == entity_id]


def _write_csv(path: Path, *rows: dict[str, str]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header())
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
    return path


def test_current_csv_maps_every_list_and_field() -> None:
    data = parse(REAL / "csl_consolidated_2025_13rows.csv")
    assert len(data.issues) == 0 and data.source.name == "csl"
    assert len(data.entities) == len(data.listings) == 13
    assert Counter(listing["list"] for listing in data.listings) == {
        "SSI": 3, "PLC": 2, "ISN": 1, "UVL": 1, "MEU": 1, "SDN": 1, "DTC": 1, "DPL": 1, "FSE": 1, "EL": 1,
    }  # fmt: skip

    isn = _entity(data, "Sinobright Import and Export Company")  # "; and any successor..." dropped
    assert isn["id"].startswith("csl:ISN:") and isn["kind"] == "company" and isn["country"] is None
    (listing,) = _listings(data, isn["id"])
    assert listing["programs"] == ["INKSNA"] and listing["start_date"] == dt.date(2023, 7, 19)
    assert listing["citation"] == "Vol. 88, No. 151, 08/08/2023"
    assert listing["source_entry_id"] == "233a4d725770c81fb561ffe3842c14010c2201971d6be62eca1e613b"

    rim = _entity(data, "RIM, Ryong Nam")  # addresses in CN and KP: no single country
    assert rim["id"] == "csl:ofac:52291" and rim["kind"] == "person" and rim["country"] is None
    assert rim["identifiers"] == ["OFAC_UID:52291"] and rim["address"] == "Shenyang, CN"
    (listing,) = _listings(data, rim["id"])
    assert (listing["list"], listing["programs"], listing["source_entry_id"]) == ("SDN", ["NPWMD"], "52291")

    sme = _entity(data, "SME BANK")
    assert sme["id"] == "csl:ofac:18283" and sme["country"] == "RU" and len(sme["names"]) == 5
    assert sme["identifiers"] == ["OFAC_UID:18283", "REG_RU:1027739108649", "SWIFT_BIC:RUDVRUMM"]

    tnk = _entity(data, "TNK Trading International S.A.")  # the V.A.T. number is not kept
    assert tnk["identifiers"] == ["OFAC_UID:28603", "REG_CH:CH-660.0.559.011-2"]
    assert _listings(data, tnk["id"])[0]["programs"] == ["VENEZUELA-EO13850", "UKRAINE-EO13662"]

    dpl = _listings(data, _entity(data, "I. ASH")["id"])[0]
    assert (dpl["list"], dpl["start_date"], dpl["end_date"]) == (
        "DPL",
        dt.date(2002, 3, 4),
        dt.date(2056, 6, 29),
    )
    assert _entity(data, "Evren KAYAKIRAN")["address"] is None  # the address is only "TR"


def test_entity_list_entry_id_names_address_and_licence() -> None:
    data = parse(REAL / "csl_consolidated_2025_13rows.csv")
    name = "China Electronics Technology Group Corporation 13th Research Institute (CETC 13)"
    cetc = _entity(data, name)
    basis = "china electronics technology group corporation 13th research institute cetc 13|CN|2018-08-01"
    assert cetc["id"] == f"csl:EL:{hashlib.sha1(basis.encode(), usedforsecurity=False).hexdigest()[:12]}"
    assert cetc["country"] == "CN" and cetc["address"] is not None
    assert cetc["address"].startswith("113 Hezuo Road") and "; and 21 Changsheng Road" in cetc["address"]
    assert len(cetc["names"]) == 6 and cetc["names"][-1] == "CETC Research Institute 13"
    (listing,) = _listings(data, cetc["id"])
    assert listing["citation"] == "83 FR 37423; 87 FR 77505" and listing["start_date"] == dt.date(2018, 8, 1)
    assert listing["license_policy"] is not None and listing["license_policy"].startswith("Policy of denial")


def test_older_csv_without_id_column() -> None:
    data = parse(REAL / "csl_consolidated_2019_115rows.csv")
    assert len(data.issues) == 0 and len(data.listings) == 115
    assert Counter(listing["list"] for listing in data.listings) == {
        "SDN": 28, "SSI": 26, "EL": 22, "PLC": 13, "DTC": 10, "DPL": 8, "UVL": 4, "ISN": 3, "CAP": 1,
    }  # fmt: skip
    assert all(listing["source_entry_id"] is None for listing in data.listings)
    vessel = _entity(data, "7-28")  # "IMO 8898831, Vessel Registration Identification"
    assert vessel["kind"] == "vessel" and vessel["identifiers"] == ["OFAC_UID:23156", "IMO:8898831"]
    assert "SWIFT_BIC:GAZPRUMM" in _entity(data, "GAZPROMBANK OAO")["identifiers"]
    cetc54 = _entity(data, "54th Research Institute of China")
    assert cetc54["country"] == "CN" and cetc54["address"] is None and len(cetc54["names"]) == 3
    # OFAC's entity number keeps the id across snapshots although the name was reordered.
    assert _entity(data, "ABU JHEISHEH, Mohammed")["id"] == "csl:ofac:9673"
    current = parse(REAL / "csl_consolidated_2025_13rows.csv")
    assert _entity(current, "Mohammed ABU JHEISHEH")["id"] == "csl:ofac:9673"


def test_api_json_entity_list() -> None:
    data = parse(REAL / "csl_api_v1_json_el_2015.json")
    assert len(data.issues) == 0 and len(data.listings) == 7 and len(data.entities) == 6
    farid = _entity(data, "Fazal Rahim Farid")
    assert farid["names"] == ["Fazel Rahim Farid", "Farid", "Engineer Idris"] and farid["country"] == "AF"
    assert farid["address"] == "Microrayan 3rd Apt. 45, block #21, Kabul, AF"
    (listing,) = _listings(data, farid["id"])
    assert listing["license_requirement"] == "For all items subject to the EAR. (See §744.11 of the EAR)."
    assert _listings(data, _entity(data, "Murat Peker")["id"])[0]["citation"] == "78 FR 75485"
    # Three "Qazi Abdallah" entries: two share name, country and start date (one party, two listings).
    qazi = [entity["id"] for entity in data.entities if entity["name"] == "Qazi Abdallah"]
    assert sorted(len(_listings(data, entity_id)) for entity_id in qazi) == [1, 2]


def test_api_json_sdn_and_results_wrapper(tmp_path: Path) -> None:
    records = json.loads((REAL / "csl_api_v1_json_sdn_2015.json").read_text(encoding="utf-8"))
    wrapped = tmp_path / "search.json"
    wrapped.write_text(json.dumps({"total": 4, "results": records}), encoding="utf-8")
    for data in (parse(REAL / "csl_api_v1_json_sdn_2015.json"), parse(wrapped)):
        assert len(data.issues) == 0 and [entity["id"] for entity in data.entities] == [
            "csl:ofac:306", "csl:ofac:521", "csl:ofac:6982", "csl:ofac:11043",
        ]  # fmt: skip
        ship = _entity(data, "PARSHAN")
        assert ship["kind"] == "vessel" and ship["identifiers"] == ["OFAC_UID:11043", "IMO:9051648"]
        assert ship["names"] == ["IRAN BRIGHTNESS", "BRIGHTNESS", "MARIGOLD"]
        bank = _entity(data, "BANCO NACIONAL DE CUBA")
        assert bank["country"] is None and bank["address"] == "Zweierstrasse 35, Zurich, CH-8022, CH"
        assert _entity(data, "CHAO, Lazaro R.")["kind"] == "person"
        assert _listings(data, "csl:ofac:6982")[0]["programs"] == ["SDGT"]


def test_bad_rows_are_recorded_and_the_rest_loads(tmp_path: Path) -> None:
    good = {
        "source": EL,
        "name": "Fictional Institute",
        "addresses": "1 Road, Xian, CN",
        "start_date": "2020-01-02",
    }
    path = _write_csv(
        tmp_path / "consolidated.csv",
        good,
        {**good, "source": "Part 561 List (561) - Treasury Department"},
        {**good, "name": "  ", "source": "Other List (OTH) - Nobody"},  # a rejected row defines no list
        {**good, "start_date": "02/01/2020"},
        {**good, "type": "Spaceship"},
        {**good, "end_date": "2019-01-01"},
        {**good, "name": "Bad LEI Ltd", "source": SDN, "entity_number": "99", "type": "Entity",
         "ids": "Legal Entity Number, 5493001KJTIIGC8Y1R13; Legal Entity Number, 5493001KJTIIGC8Y1R12"},
        good,
        {**good, "source": "a retired list, no code"},
    )  # fmt: skip
    data = parse(path)
    problems = [(issue.row, issue.field, issue.reason) for issue in data.issues.issues]
    assert problems[:4] == [
        (4, "name", "required, but empty"),
        (5, "start_date", "not a date of the form YYYY-MM-DD"),
        (6, "type", "unknown type (expected Entity, Individual, Vessel or Aircraft)"),
        (7, "end_date", "end_date comes before start_date"),
    ]
    assert problems[4][:2] == (8, "ids") and problems[4][2].startswith("invalid LEI")
    assert problems[5] == (9, "name", "duplicate entry: the first row wins")
    assert problems[6] == (
        10, "source", "unknown source list: neither a CSL list kb knows nor 'Name (CODE) - Authority'"
    )  # fmt: skip
    assert [entity["name"] for entity in data.entities] == ["Fictional Institute"] * 2 + ["Bad LEI Ltd"]
    assert _entity(data, "Bad LEI Ltd")["identifiers"] == ["OFAC_UID:99", "LEI:5493001KJTIIGC8Y1R12"]
    assert [(listing["row"], listing["list"]) for listing in data.listings] == [
        (2, "EL"),
        (3, "csl:561"),
        (8, "SDN"),
    ]
    assert list(data.lists) == ["csl:561"]


def test_a_source_list_kb_has_no_code_for_is_kept_under_its_own() -> None:
    """A list the CSL names that kb has no code for (the retired Part 561 List) is the CSL's own."""
    assert c.list_code("Part 561 List (561) - Treasury Department") == (
        "csl:561", ListInfo("csl:561", "Part 561 List", "Treasury Department", "US")
    )  # fmt: skip
    assert c.list_code("NS-ISA") == ("csl:NS-ISA", ListInfo("csl:NS-ISA", "NS-ISA", None, "US"))
    assert c.list_code("Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury Department") == (
        "MBS",
        None,
    )


def test_bad_json_country_is_dropped_and_the_entry_kept(tmp_path: Path) -> None:
    path = tmp_path / "el.json"
    addresses = [{"address": "1 Road", "city": "Xian", "country": "China"}, {"city": "Xian", "country": "CN"}]
    path.write_text(json.dumps([{"source": EL, "name": "Fictional Institute", "addresses": addresses}]))
    data = parse(path)
    assert [(i.row, i.field, i.value) for i in data.issues.issues] == [(1, "addresses", "China")]
    (entity,) = data.entities
    assert entity["country"] == "CN" and entity["address"] == "1 Road, Xian, China"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "empty file"),
        ("source,name\nEL,X\n", "missing required column 'entity_number'"),
        ('{"total": 0}', "expected a list of CSL records or an object with 'results'"),
        ('[{"name": "X"}]', "record 1: missing required key 'source'"),
        ("[1]", "record 1 is not an object"),
        ("[{", "not JSON"),
    ],
)
def test_structural_problems_fail_the_whole_file(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "consolidated.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LoadError, match=message):
        parse(path)


def test_not_utf8_and_raw_bis_export_are_refused(tmp_path: Path) -> None:
    latin = tmp_path / "consolidated.csv"
    latin.write_bytes(",".join(header()).encode() + "\nx,Soci\xe9t\xe9\n".encode("latin-1"))
    with pytest.raises(LoadError, match="not UTF-8"):
        parse(latin)
    with pytest.raises(LoadError, match="not a Consolidated Screening List file"):
        parse(REAL / "bis_entity_list_raw_31col_2015.csv")


def test_ids_follow_ofac_labels(tmp_path: Path) -> None:
    row = {"source": SDN, "entity_number": "7", "type": "Entity", "name": "Fictional Holding B.V.",
           "addresses": "Amsterdam, NL",
           "ids": "Legal Entity Number, 123456789, NL; Vessel Registration Identification, IMO 1234567; "
                  "SWIFT/BIC, NOTABIC; Tax ID No., 123; D-U-N-S Number, 12-345-6789"}  # fmt: skip
    data = parse(_write_csv(tmp_path / "consolidated.csv", row))
    (entity,) = data.entities  # an RSIN labelled "Legal Entity Number"; an IMO company number
    assert entity["identifiers"] == [
        "OFAC_UID:7",
        "REG_NL:123456789",
        "IMO_COMPANY:1234567",
        "DUNS:123456789",
    ]
    assert [(i.field, i.value) for i in data.issues.issues] == [("ids", "SWIFT/BIC, NOTABIC")]
