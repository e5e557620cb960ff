"""GLEIF parser: real API v1 JSON responses and golden-copy XML excerpts, plus broken inputs."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from shared_data import SampleFolder

from kb.errors import LoadError
from kb.loaders.dataset import Dataset, EntityRecord
from kb.loaders.formats.gleif import parse

REAL = SampleFolder("gleif")
API = SampleFolder("gleif", "api_json")
XML = SampleFolder("gleif", "xml")

SHELL = "21380068P1DRHMJ8KU70"
NORDIC_LEI = "549300O897ZC5H7CY412"  # Nordic Legal Entity Identifier AB
LA_GARE = "549300OWK6ZGNYP4G142"  # its direct (and ultimate) parent, La Gare Holding AB
BLOOMBERG_FINANCE = "5493001KJTIIGC8Y1R12"
MICROSOFT = "INR2EJN1ERAN0W5ZP974"


def _by_id(dataset: Dataset) -> dict[str, EntityRecord]:
    ids = [e["id"] for e in dataset.entities]
    assert len(ids) == len(set(ids)), "one record per LEI"
    return {e["id"]: e for e in dataset.entities}


def _parents(dataset: Dataset) -> dict[str, set[str]]:
    parents: dict[str, set[str]] = {}
    for control in dataset.controls:
        parents.setdefault(control["controlled_id"], set()).add(control["controller_id"])
    return parents


def _json(name: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((API / name).read_text(encoding="utf-8"))
    return document


def _write(tmp_path: Path, name: str, document: Any) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_single_lei_record() -> None:
    dataset = parse(API / "lei_records" / f"single_lei_record_{SHELL}.json")
    (shell,) = dataset.entities
    assert shell["id"] == f"gleif:{SHELL}" and shell["name"] == "SHELL PLC"
    assert shell["kind"] == "company" and shell["country"] == "GB"
    assert shell["names"] == ["ROYAL DUTCH SHELL PLC"]
    assert shell["identifiers"] == [f"LEI:{SHELL}", "GB_COH:04366849"]
    assert shell["address"] == "SHELL CENTRE, SE1 7NA LONDON, GB-LND, GB"
    assert (shell["source"], shell["row"], shell["opacity"]) == ("gleif", 1, [])
    assert dataset.controls == [] and len(dataset.issues) == 0
    assert dataset.source.name == "gleif" and dataset.source.licence == "CC0 1.0"
    # An API response is a fragment: it must never close what other responses said.
    assert dataset.snapshot is False and dataset.snapshot_date == dt.date(2025, 5, 15)


def test_pages_of_records_names_scripts_and_bics() -> None:
    page = parse(API / "lei_records" / "multi_lei_records.json")
    entities = _by_id(page)
    assert len(entities) == 12 and [e["row"] for e in page.entities] == list(range(1, 13))
    amazon = entities["gleif:254900LNRYNOQ9YPU758"]
    assert amazon["name"] == "Amazon Digital UK Limited" and len(amazon["names"]) == 4
    assert "LOVEFILM UK LIMITED" in amazon["names"]
    commerzbank = entities["gleif:851WYGNLUQLFZBSYGB56"]
    assert commerzbank["address"] == "Kaiserstraße 16, 60311 Frankfurt am Main, DE-HE, DE"
    assert sum(i.startswith("SWIFT_BIC:") for i in commerzbank["identifiers"]) == 16
    assert "SWIFT_BIC:COBADEFFXXX" in commerzbank["identifiers"]
    assert "REG_DE:HRB 32000" in commerzbank["identifiers"]
    assert entities["gleif:335800CCCPHKUOXPC332"]["country"] == "IN"  # a lapsed sole proprietor

    children = _by_id(parse(API / "lei_records" / f"direct-children_{SHELL}.json"))
    assert len(children) == 15
    japan = children["gleif:5493009V2TKX7TKLBP02"]
    assert japan["name"] == "シェルジャパン株式会社" and japan["names"] == ["SHELL JAPAN LIMITED"]
    assert japan["country"] == "JP"


def test_direct_parent_becomes_control_with_its_relationship_period() -> None:
    dataset = parse(API / "relationships" / f"direct-parent-relationship_{NORDIC_LEI}.json")
    (control,) = dataset.controls
    assert control == {
        "controller_id": f"gleif:{LA_GARE}",
        "controlled_id": f"gleif:{NORDIC_LEI}",
        "basis": "consolidation",
        "start_date": dt.date(2006, 8, 8),
        "end_date": None,
        "source": "gleif",
        "row": 1,
    }
    # Neither LEI has a record in this file: minimal entities make the references resolve.
    entities = _by_id(dataset)
    assert entities[f"gleif:{LA_GARE}"]["name"] == LA_GARE
    assert entities[f"gleif:{LA_GARE}"]["identifiers"] == [f"LEI:{LA_GARE}"]
    assert entities[f"gleif:{NORDIC_LEI}"]["country"] is None


def test_ultimate_parents_are_not_control() -> None:
    dataset = parse(API / "relationships" / f"ultimate-parent-relationship_{BLOOMBERG_FINANCE}.json")
    assert dataset.controls == [] and dataset.entities == [] and len(dataset.issues) == 0


def test_the_whole_api_folder() -> None:
    dataset = parse(API.path)
    entities = _by_id(dataset)
    parents = _parents(dataset)
    assert len(dataset.issues) == 0 and dataset.snapshot is False
    # Bloomberg Finance L.P.: direct parent Bloomberg L.P.; its ultimate parent Bloomberg Inc. is left out.
    assert parents[f"gleif:{BLOOMBERG_FINANCE}"] == {"gleif:549300B56MD0ZC402L06"}
    assert entities["gleif:549300B56MD0ZC402L06"]["name"] == "Bloomberg L.P."
    assert "gleif:549300RMUDWPHCUQNE66" not in {c["controller_id"] for c in dataset.controls}
    assert parents["gleif:549300YX4S1LLSMK2627"] == {
        "gleif:HWUPKR0MPOU8FGXBT394"
    }  # Apple Energy -> Apple Inc.
    # The full record read from direct-parent_*.json replaces the minimal one.
    assert entities[f"gleif:{LA_GARE}"]["name"] == "La Gare Holding AB"
    # 15 of Shell's children on page 1, 12 of PUMA's, 3 direct-parent files.
    assert len(dataset.controls) == 30
    puma_children = {c for c, ps in parents.items() if ps == {"gleif:529900GRZ2BQY5ZM9N49"}}
    assert len(puma_children) == 12
    # "2018-04-02T22:00:00Z" is midnight on 3 April in Germany.
    puma_child = next(c for c in dataset.controls if c["controlled_id"] == "gleif:5299003P2JQIMN2SR117")
    assert puma_child["start_date"] == dt.date(2018, 4, 3)
    microsoft = entities[f"gleif:{MICROSOFT}"]
    assert microsoft["name"] == "MICROSOFT CORPORATION"
    assert microsoft["opacity"] == ["GLEIF:DIRECT:NON_CONSOLIDATING", "GLEIF:ULTIMATE:NON_CONSOLIDATING"]
    assert entities["gleif:254900LNRYNOQ9YPU758"]["opacity"] == ["GLEIF:DIRECT:NON_PUBLIC"]


def test_reporting_exceptions_are_opacity_signals() -> None:
    dataset = parse(API / "reporting_exceptions")
    tags = [tag for e in dataset.entities for tag in e["opacity"]]
    assert len(tags) == 17
    assert Counter(t.rsplit(":", 1)[1] for t in tags) == {
        "NO_KNOWN_PERSON": 10, "NATURAL_PERSONS": 4, "NON_CONSOLIDATING": 2, "NON_PUBLIC": 1,
    }  # fmt: skip
    nfa = _by_id(dataset)["gleif:335800CCCPHKUOXPC332"]
    assert nfa["opacity"] == ["GLEIF:DIRECT:NATURAL_PERSONS", "GLEIF:ULTIMATE:NATURAL_PERSONS"]
    assert nfa["name"] == "335800CCCPHKUOXPC332" and dataset.controls == []


def test_golden_copy_xml() -> None:
    dataset = parse(XML.path)
    entities = _by_id(dataset)
    assert len(dataset.issues) == 0 and dataset.snapshot_date == dt.date(2023, 6, 9)
    assert dataset.snapshot is False  # excerpts: the headers announce millions of records
    fidelity = entities["gleif:001GPB6A9XPE8XJICC14"]
    assert fidelity["name"] == "Fidelity Advisor Leveraged Company Stock Fund" and fidelity["country"] == "US"
    assert fidelity["opacity"] == ["GLEIF:DIRECT:NO_KNOWN_PERSON"]
    hutchin = entities["gleif:004L5FPTUREIWK9T2N63"]
    assert hutchin["address"] == (
        "C/O Corporation Service Company, 2711 Centerville Road, Suite 400, 19808 Wilmington, US-DE, US"
    )
    dentsu = entities["gleif:213800FERQ5LE3H7WJ58"]
    assert dentsu["names"] == ["DENTSU AEGIS NETWORK LTD.", "AEGIS GROUP PLC"]
    assert "GB_COH:01403668" in dentsu["identifiers"]
    assert entities["gleif:01370W6ZIY66KQ4J3570"]["opacity"] == ["GLEIF:DIRECT:NON_PUBLIC"]
    # rr-data.xml: of 10 relationships only one is a direct consolidation; fund links are not control.
    (control,) = dataset.controls
    assert (control["controller_id"], control["controlled_id"]) == (
        "gleif:ZZG38T0MDR3QY1ETUA76", "gleif:010CMKZ3VON21WF2ZD45",
    )  # fmt: skip
    assert control["start_date"] == dt.date(2018, 2, 6) and control["row"] == 8
    assert "gleif:3C7474T6CDKPR9K6YT90" not in entities  # its ultimate parent


def test_everything_at_once() -> None:
    dataset = parse(REAL.path)
    entities = _by_id(dataset)
    assert len(dataset.issues) == 0 and len(dataset.controls) == 31
    assert all(e["identifiers"][0] == f"LEI:{e['id'].removeprefix('gleif:')}" for e in entities.values())


def _golden(tmp_path: Path, count: str) -> Path:
    folder = tmp_path / "golden"
    folder.mkdir(parents=True)
    for part, ns, root, header in (
        ("lei-data.xml", "leidata", "LEIData", "LEIHeader"),
        ("rr-data.xml", "rr", "RelationshipData", "Header"),
        ("repex-data.xml", "repex", "ReportingExceptionData", "Header"),
    ):
        (folder / part).write_text(
            f'<x:{root} xmlns:x="http://www.gleif.org/data/schema/{ns}/2016"><x:{header}>'
            "<x:ContentDate>2024-01-02T08:00:00Z</x:ContentDate>"
            f"<x:FileContent>GLEIF_FULL_PUBLISHED</x:FileContent><x:RecordCount>{count}</x:RecordCount>"
            f"</x:{header}></x:{root}>",
            encoding="utf-8",
        )
    return folder


def test_only_a_complete_golden_copy_is_a_snapshot(tmp_path: Path) -> None:
    complete = parse(_golden(tmp_path / "a", "0"))
    assert complete.snapshot is True and complete.snapshot_date == dt.date(2024, 1, 2)
    assert parse(_golden(tmp_path / "b", "5")).snapshot is False  # records missing
    partial = _golden(tmp_path / "c", "0")
    (partial / "repex-data.xml").unlink()
    assert parse(partial).snapshot is False  # closing absent control needs the rr and repex parts too


def test_bad_records_are_left_out_and_recorded(tmp_path: Path) -> None:
    page = _json("lei_records/multi_lei_records.json")
    page["data"][0]["attributes"]["lei"] = "254900LNRYNOQ9YPU759"  # check digits broken
    page["data"][1]["attributes"]["entity"]["legalName"]["name"] = " "
    page["data"][2]["attributes"]["entity"]["category"] = "RESIDENT_GOVERNMENT_ENTITY"
    page["data"][3]["attributes"]["entity"]["legalAddress"]["country"] = "Canada"
    page["data"].append(page["data"][4])
    dataset = parse(_write(tmp_path, "page.json", page))
    issues = {(i.row, i.field): i.reason for i in dataset.issues.issues}
    assert issues[(1, "LEI")].startswith("invalid LEI") and issues[(1, "LEI")].endswith("identifier dropped")
    assert issues[(2, "LegalName")] == "required, but empty"
    assert issues[(4, "LegalAddress.Country")] == "not an ISO 3166-1 alpha-2 country code"
    assert issues[(13, "LEI")] == "duplicate LEI in the file: the first record wins"
    entities = _by_id(dataset)
    assert entities["gleif:254900LNRYNOQ9YPU759"]["identifiers"] == ["GB_COH:06528297"]
    assert "gleif:335800CCCPHKUOXPC332" not in entities and len(entities) == 11
    assert entities["gleif:984500983AD71E4FBC41"]["kind"] == "organization"
    assert entities["gleif:254900MSZM6DMP853B11"]["country"] is None


def test_inactive_relationships_need_an_end(tmp_path: Path) -> None:
    document = _json(f"relationships/direct-parent-relationship_{NORDIC_LEI}.json")
    relationship = document["data"]["attributes"]["relationship"]
    relationship["status"] = "INACTIVE"
    dataset = parse(_write(tmp_path, "inactive.json", document))
    (issue,) = dataset.issues.issues
    assert (issue.file, issue.row, issue.field, issue.value) == (
        "inactive.json",
        1,
        "RelationshipStatus",
        "INACTIVE",
    )
    assert dataset.controls == []
    relationship["periods"][1]["endDate"] = "2024-06-30T22:00:00Z"
    (control,) = parse(_write(tmp_path, "ended.json", document)).controls
    assert (control["start_date"], control["end_date"]) == (dt.date(2006, 8, 8), dt.date(2024, 7, 1))
    relationship["periods"][1]["startDate"] = "8 August 2006"
    dataset = parse(_write(tmp_path, "bad-date.json", document))
    assert dataset.controls == [] and dataset.issues.issues[0].field == "RelationshipPeriod.StartDate"


def test_bad_reporting_exception(tmp_path: Path) -> None:
    text = (XML / "repex-data.xml").read_text(encoding="utf-8")
    broken = text.replace("DIRECT_ACCOUNTING_CONSOLIDATION_PARENT", "SIDEWAYS_PARENT", 1)
    path = tmp_path / "repex.xml"
    path.write_text(broken, encoding="utf-8")
    dataset = parse(path)
    (issue,) = dataset.issues.issues
    assert (issue.row, issue.field, issue.value) == (1, "ExceptionCategory", "SIDEWAYS_PARENT")
    assert "gleif:001GPB6A9XPE8XJICC14" not in _by_id(dataset) and len(dataset.entities) == 9


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.json", b"  \n", "empty file"),
        ("latin.json", '{"data": "Caf\u00e9"}'.encode("latin-1"), "not UTF-8"),
        ("broken.json", b'{"data": [', r":1: not JSON \(Expecting value"),
        ("other.json", b'{"records": []}', "not a GLEIF API v1 response"),
        ("error.json", b'{"errors": [{"title": "Not Found"}]}', r"API error response \(Not Found\)"),
        ("isins.json", b'{"data": [{"type": "isins", "attributes": {}}]}', "unsupported type 'isins'"),
        ("bare.json", b'{"data": [{"type": "lei-records"}]}', "record 1: no 'attributes' object"),
        ("other.xml", b"<LEIData><LEIRecords/></LEIData>", "unsupported XML root element LEIData"),
        (
            "cut.xml",
            b'<x:LEIData xmlns:x="http://www.gleif.org/data/schema/leidata/2016">',
            "not well-formed",
        ),
        ("data.csv", b"LEI,Entity.LegalName\n", "neither JSON nor XML"),
    ],
)
def test_unknown_or_broken_files_fail_naming_the_file(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(LoadError, match=message) as caught:
        parse(path)
    assert str(caught.value).startswith(f"{path}:")  # the file, then the line when one is known


def test_folders_without_data_and_missing_paths(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("nothing here", encoding="utf-8")
    with pytest.raises(LoadError, match=r"no \.json or \.xml file in this folder"):
        parse(tmp_path)
    with pytest.raises(LoadError, match="no such file or folder"):
        parse(tmp_path / "missing")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "bad.json").write_text("{}", encoding="utf-8")
    with pytest.raises(LoadError, match=r"sub/bad\.json: not a GLEIF API v1 response"):
        parse(tmp_path)
