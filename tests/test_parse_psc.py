"""UK PSC snapshot parser.

The ``psc_*.json`` samples are format-exact but SYNTHETIC (Joe Bloggs, company 1234567), from Open
Ownership's register-transformer-psc fixtures; ``psc_descriptions_enumerations.json`` is the official
Companies House code list.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from shared_data import SampleFolder

from kb.errors import LoadError
from kb.loaders.dataset import Dataset, EntityRecord
from kb.loaders.formats.psc import parse
from kb.loaders.formats.psc.natures import nature
from kb.schema import CONTROL_BASES, STAKE_BASES

DATA = SampleFolder("uk_psc")
COMPANY, PSC = "psc:company:01234567", "psc:01234567:abcdef123456789"


def _entity(ds: Dataset, entity_id: str) -> EntityRecord:
    return next(e for e in ds.entities if e["id"] == entity_id)


def test_every_official_nature_of_control_maps_to_a_fact() -> None:
    codes = json.loads((DATA / "psc_descriptions_enumerations.json").read_text(encoding="utf-8"))[
        "description"
    ]
    assert len(codes) == 86
    for code in codes:
        found = nature(code)
        assert found is not None, code
        assert found.basis in (STAKE_BASES if found.fact == "stake" else CONTROL_BASES), code
    shares = nature("ownership-of-shares-25-to-50-percent")
    assert shares is not None and (shares.basis, shares.pct_min, shares.pct_max, shares.derived) == (
        "equity", 25.0, 50.0, False,
    )  # fmt: skip
    trust = nature("voting-rights-75-to-100-percent-as-trust")
    assert trust is not None and (trust.basis, trust.pct_min, trust.pct_max, trust.derived) == (
        "voting",
        75,
        100,
        True,
    )
    overseas = nature("ownership-of-shares-more-than-25-percent-registered-overseas-entity")
    assert overseas is not None and (overseas.pct_min, overseas.pct_max) == (25.0, 100.0)
    appoint = nature("right-to-appoint-and-remove-members-limited-liability-partnership")
    assert appoint is not None and (appoint.fact, appoint.basis) == ("control", "board_appointment")
    influence = nature("significant-influence-or-control-as-firm")
    assert influence is not None and influence.basis == "dominant_influence"
    assert nature("ownership-of-shares-26-percent") is None


def test_individual_psc_with_bands() -> None:
    ds = parse(DATA / "psc_individual.json")
    assert ds.source.name == "psc-psc_individual" and ds.source.publisher == "Companies House"
    company, joe = _entity(ds, COMPANY), _entity(ds, PSC)
    assert company["identifiers"] == ["GB_COH:01234567"] and company["country"] == "GB"  # 1234567 padded
    assert (joe["name"], joe["kind"], joe["country"]) == ("Joe Bloggs", "person", "GB")
    assert joe["address"] == "123 Main Street, Example Town, Exampleshire, EX4 2MP"
    by_basis = {s["basis"]: s for s in ds.stakes}
    assert set(by_basis) == {"equity", "voting"}
    for stake in by_basis.values():
        assert (stake["owner_id"], stake["owned_id"]) == (PSC, COMPANY)
        assert (stake["pct"], stake["pct_min"], stake["pct_max"]) == (None, 25.0, 50.0)
        assert stake["start_date"] == dt.date(2016, 4, 6) and stake["end_date"] is None
    ceased = parse(DATA / "psc_ceased_on.json")
    assert {s["end_date"] for s in ceased.stakes} == {dt.date(2016, 10, 11)}


def test_corporate_and_legal_persons() -> None:
    corporate = _entity(parse(DATA / "psc_corporate.json"), PSC)
    assert (corporate["name"], corporate["kind"], corporate["identifiers"]) == (
        "Foo Bar Limited", "company", ["GB_COH:89101112"],
    )  # fmt: skip
    legal = _entity(parse(DATA / "psc_legal.json"), PSC)
    assert (legal["kind"], legal["identifiers"]) == ("organization", [])
    no_country = _entity(parse(DATA / "psc_no_country.json"), PSC)
    assert (no_country["identifiers"], no_country["country"]) == ([], None)


@pytest.mark.parametrize(
    ("file", "opacity"),
    [
        ("psc_statement.json", ["PSC:no-individual-or-entity-with-signficant-control"]),
        ("psc_statement_ceased_on.json", []),
        ("psc_super_secure.json", ["PSC:super-secure-person-with-significant-control"]),
        ("psc_exemptions.json", ["PSC:psc-exempt-as-shares-admitted-on-market"]),
    ],
)
def test_statements_and_super_secure_are_opacity(file: str, opacity: list[str]) -> None:
    ds = parse(DATA / file)
    (company,) = ds.entities
    assert company["id"] == COMPANY and company["opacity"] == opacity
    assert not ds.stakes and not ds.controls and len(ds.issues) == 0


def test_totals_and_unknown_kind() -> None:
    totals = parse(DATA / "psc_totals.json")
    assert not totals.entities and len(totals.issues) == 0
    unknown = parse(DATA / "psc_unknown_kind.json")
    (issue,) = unknown.issues.issues
    assert (issue.file, issue.row, issue.field, issue.value) == (
        "psc_unknown_kind.json",
        1,
        "kind",
        "unknown-kind",
    )


def test_folder_is_one_snapshot() -> None:
    ds = parse(DATA.path)  # the enumerations file is not a snapshot part and is skipped
    company = _entity(ds, COMPANY)
    assert company["opacity"] == [
        "PSC:psc-exempt-as-shares-admitted-on-market",
        "PSC:no-individual-or-entity-with-signficant-control",
        "PSC:super-secure-person-with-significant-control",
    ]
    duplicates = [i.file for i in ds.issues.issues if i.reason == "duplicate PSC: the first line wins"]
    assert duplicates == [
        "psc_corporate.json",
        "psc_individual.json",
        "psc_legal.json",
        "psc_no_country.json",
    ]


def _line(number: str, kind: str, natures: list[str], **data: Any) -> str:
    links = {"self": f"/company/{number}/persons-with-significant-control/x/{data.pop('pid', 'p1')}"}
    return json.dumps({"company_number": number, "data": {"kind": kind, "natures_of_control": natures,
                                                          "links": links, **data}})  # fmt: skip


def test_json_lines_snapshot_part(tmp_path: Path) -> None:
    individual = "individual-person-with-significant-control"
    corporate = "corporate-entity-person-with-significant-control"
    lines = [
        _line("SC123456", individual, ["ownership-of-shares-50-to-75-percent-as-trust", "significant-influence-or-control",
              "right-to-appoint-and-remove-directors", "owning-the-moon"], name="Mrs Ann Example", notified_on="2020-01-02"),
        _line("SC123456", corporate, ["voting-rights-75-to-100-percent"], pid="p2", name="Parent plc",
              identification={"place_registered": "England", "registration_number": "123"}),
        _line("00000042", individual, [], pid="p3", name="Late", notified_on="2020-02-31"),
        json.dumps({"data": {"kind": "totals#persons-of-significant-control-snapshot", "persons_count": 3}}),
    ]  # fmt: skip
    path = tmp_path / "psc-snapshot-2024-01-02_1of1.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ds = parse(path)
    assert ds.snapshot_date == dt.date(2024, 1, 2)
    (trust,) = [s for s in ds.stakes if s["owner_id"] == "psc:SC123456:p1"]
    assert (trust["pct_min"], trust["pct_max"], trust["derived"]) == (50.0, 75.0, True)
    assert trust["start_date"] == dt.date(2020, 1, 2)
    assert sorted(c["basis"] for c in ds.controls) == ["board_appointment", "dominant_influence"]
    assert _entity(ds, "psc:SC123456:p2")["identifiers"] == ["GB_COH:00000123"]
    assert "psc:00000042:p3" not in {e["id"] for e in ds.entities}
    reasons = {(i.row, i.field): (i.value, i.reason) for i in ds.issues.issues}
    assert reasons[(1, "natures_of_control")] == ("owning-the-moon", "unknown nature of control: left out")
    assert reasons[(3, "notified_on")] == ("2020-02-31", "not a date of the form YYYY-MM-DD")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "empty file"),
        ('{"company_number": "1"}\n', ":1: a PSC snapshot line is"),
        ('{"company_number": "1", "data": {}}\n{"data": \n', ":2: not JSON"),
    ],
)
def test_structural_problems_fail_the_file(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "psc.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LoadError) as error:
        parse(path)
    assert message in str(error.value) and str(path) in str(error.value)
