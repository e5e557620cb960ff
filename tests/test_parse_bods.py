"""BODS parser on the standard's own examples (0.2, 0.3, 0.4) and Open Ownership's GLEIF pipeline output.

CHRINON LTD (07444723), JENEX LIMITED and MVJ LIMITED are real UK companies; the other 0.4 examples
use invented parties.
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
from kb.loaders.formats.bods import parse

DATA = SampleFolder("bods")
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "bods"
CHRINON, TAGGART = "bods:1dc0e987-5c57-4a1c-b3ad-61353b66a9b7", "bods:019a93f1-e470-42e9-957b-03559861b2e2"


def _entity(ds: Dataset, entity_id: str) -> EntityRecord:
    return next(e for e in ds.entities if e["id"] == entity_id)


@pytest.mark.parametrize("folder", ["v0.2_gb_coh", "v0.3_gb_coh"])
def test_uk_psc_record_in_bods_02_and_03(folder: str) -> None:
    ds = parse(DATA / folder)
    assert ds.source.name == f"bods-{folder}" and ds.source.publisher == "CHRINON LTD"
    chrinon, taggart = _entity(ds, CHRINON), _entity(ds, TAGGART)
    assert (chrinon["name"], chrinon["kind"], chrinon["identifiers"]) == (
        "CHRINON LTD",
        "company",
        ["GB_COH:07444723"],
    )
    assert chrinon["country"] == "GB"  # registered at Companies House
    assert (taggart["name"], taggart["kind"], taggart["names"]) == (
        "Christopher Taggart",
        "person",
        ["Chris Taggart"],
    )
    assert taggart["address"] == "Aston House, Cornwall Avenue, London, N3 1LF"
    (stake,) = ds.stakes
    assert (stake["owner_id"], stake["owned_id"], stake["pct"], stake["basis"]) == (
        TAGGART,
        CHRINON,
        100.0,
        "equity",
    )
    assert stake["derived"] is False and stake["start_date"] == dt.date(2016, 4, 6)
    assert len(ds.issues) == 0


def test_gleif_pipeline_folder() -> None:
    ds = parse(DATA / "v0.2_from_gleif_oo_pipeline")
    assert ds.source.publisher == "OpenOwnership Register"
    dentsu = next(e for e in ds.entities if e["name"] == "DENTSU INTERNATIONAL LIMITED")
    # RA000585 is GLEIF's code for Companies House: the registry number is a GB_COH identifier.
    assert (
        dentsu["identifiers"] == ["LEI:213800FERQ5LE3H7WJ58", "GB_COH:01403668"] and dentsu["country"] == "GB"
    )
    fidelity = _entity(ds, "bods:04c98917-93f2-bd6d-1c9b-40411dc9b8b3")
    assert fidelity["identifiers"] == ["LEI:001GPB6A9XPE8XJICC14", "REG_RA000665:S000005113"]
    assert fidelity["country"] == "US"  # incorporated in US-MA
    # GLEIF parent relationships are accounting consolidation; the one indirect (ultimate) parent is left out.
    assert len(ds.controls) == 9 and {c["basis"] for c in ds.controls} == {"consolidation"}
    first = ds.controls[0]
    assert first["controller_id"] == "bods:97e2090a-9a29-3d48-3229-6cf390a8cf55"
    assert first["controlled_id"] == "bods:7239ce6e-d0c6-731a-30b5-b2157eb12419"
    assert first["start_date"] == dt.date(2012, 11, 29)  # from 2012-11-29T00:00:00.000Z
    found = {(i.file, i.row): i.reason for i in ds.issues.issues}
    assert found[("rr-data-out.json", 9)].startswith("an indirect control")
    # Reporting exceptions are unknown persons/entities: no entity records, an opacity marker if the subject is here.
    assert "interested-party-exempt-from-disclosure" in found[("repex-updates-data2-out.json", 2)]
    assert not any(e["kind"] == "person" for e in ds.entities)


def test_04_records_and_ranges() -> None:
    ds = parse(DATA / "v0.4_examples" / "bods-package-entity-owning-entity.json")
    (stake,) = ds.stakes
    assert (stake["owner_id"], stake["owned_id"]) == (
        "bods:e83cce729ada",
        "bods:12b7dd0770ce",
    )  # MVJ owns JENEX
    assert (stake["pct"], stake["pct_min"], stake["pct_max"]) == (None, 75.0, 100.0)
    assert _entity(ds, "bods:12b7dd0770ce")["identifiers"] == ["GB_COH:03209885"]
    soe = parse(DATA / "v0.4_examples" / "bods-package-fi-soe.json")
    ministry, state = _entity(soe, "bods:7ff95ba3682c"), _entity(soe, "bods:05ce06ec97b1")
    assert (ministry["kind"], ministry["names"]) == ("organization", ["Finansministeriet"])
    assert (state["name"], state["country"]) == ("Suomen tasavalta", "FI")
    assert _entity(soe, "bods:19f1c5afe9d7")["identifiers"] == ["REG_FI_PRO:3007894-1"]
    stakes = {(s["owner_id"], s["owned_id"]): s for s in soe.stakes}
    assert stakes[("bods:0199c515a699", "bods:19f1c5afe9d7")]["pct"] == 76.5
    indirect = stakes[(state["id"], "bods:19f1c5afe9d7")]  # the state's look-through 100%
    assert indirect["pct"] == 100.0 and indirect["derived"] is True
    (control,) = soe.controls
    assert (control["controller_id"], control["controlled_id"], control["basis"]) == (
        state["id"], ministry["id"], "dominant_influence",
    )  # fmt: skip


def test_joint_ownership_and_exemption() -> None:
    joint = parse(DATA / "v0.4_examples" / "joint-ownership.json")
    arrangement = _entity(joint, "bods:91b4236a7d89")
    assert (arrangement["name"], arrangement["kind"]) == ("Joint shareholding", "organization")
    into = sorted((s["owner_id"], s["pct"]) for s in joint.stakes if s["owned_id"] == arrangement["id"])
    assert into == [("bods:1accb8b18b99", 50.0), ("bods:f040df24d9ec", 50.0)]
    listed = parse(DATA / "v0.4_examples" / "listed-company-exempt-from-disclosure.json")
    (company,) = listed.entities
    assert company["opacity"] == ["BODS:subject-exempt-from-disclosure"] and not listed.stakes
    chain = parse(DATA / "v0.4_examples" / "multiple-indirect-ownership.json")
    assert [i.reason for i in chain.issues.issues].count("interest without a type: left out") == 2
    assert any(
        i.value == "GB-XE-03" and i.reason.startswith("not a Companies House number")
        for i in chain.issues.issues
    )


def _write(tmp_path: Path, statements: list[dict[str, Any]], name: str = "package.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(statements), encoding="utf-8")
    return path


def _entity_statement(sid: str, name: str, **extra: Any) -> dict[str, Any]:
    return {"statementID": sid, "statementType": "entityStatement", "entityType": "registeredEntity",
            "name": name, **extra}  # fmt: skip


def _ooc(sid: str, subject: str, party: str, *interests: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"statementID": sid, "statementType": "ownershipOrControlStatement",
            "subject": {"describedByEntityStatement": subject},
            "interestedParty": {"describedByEntityStatement": party}, "interests": list(interests), **extra}  # fmt: skip


def test_replaced_statements_bad_values_and_interests(tmp_path: Path) -> None:
    path = _write(tmp_path, [
        _entity_statement("e1", "Old Name"),
        _entity_statement("e1b", "New Name", replacesStatements=["e1"],
                          identifiers=[{"scheme": "XI-LEI", "id": "5493001KJTIIGC8Y1R13"}]),
        _entity_statement("e2", "Parent", identifiers=[{"scheme": "GB-COH", "id": "1234567"}]),
        _ooc("r1", "e1", "e2",
             {"type": "shareholding", "interestLevel": "direct", "share": {"exclusiveMinimum": 25, "maximum": 50}},
             {"type": "voting-rights", "interestLevel": "unknown", "share": {"exact": 120}},
             {"type": "appointment-of-board", "interestLevel": "direct", "startDate": "2020-01-01",
              "endDate": "2019-01-01"},
             {"type": "settlor-of-trust"},
             {"type": "board-member", "startDate": "2021-02-03"}),
        {"statementID": "x", "statementType": "annotationStatement"},
    ])  # fmt: skip
    ds = parse(path)
    assert [e["name"] for e in ds.entities] == ["New Name", "Parent"]
    assert _entity(ds, "bods:e1b")["identifiers"] == []  # bad LEI check digits: left out, entity kept
    assert _entity(ds, "bods:e2")["identifiers"] == ["GB_COH:01234567"]
    (stake,) = ds.stakes  # the reference to the replaced statement follows the replacement
    assert (stake["owner_id"], stake["owned_id"], stake["pct_min"], stake["pct_max"]) == (
        "bods:e2",
        "bods:e1b",
        25,
        50,
    )
    (officer,) = ds.officers
    assert officer["role"] == "board member" and officer["start_date"] == dt.date(2021, 2, 3)
    reasons = {(i.row, i.field): i.reason for i in ds.issues.issues}
    assert reasons[(2, "identifiers")].startswith("invalid LEI")
    assert reasons[(4, "share.exact")] == "a percentage must lie between 0 and 100"
    assert reasons[(4, "endDate")] == "end date before start date"
    assert reasons[(4, "interests.type")] == "a trust role in a party that is not an arrangement: left out"
    assert reasons[(5, "statementType")] == "unknown statement type: left out"


def test_04_trust_roles_in_an_arrangement() -> None:
    """No published BODS example has a trust; the fixture follows the 0.4 examples' shape (invented parties)."""
    ds = parse(FIXTURES / "family-trust.json")
    trust = _entity(ds, "bods:trust000001")
    assert (trust["name"], trust["kind"], trust["country"]) == ("Hollis Family Trust", "organization", "JE")
    roles = {(r["party_id"], r["role"]): r for r in ds.trust_roles}
    assert {r["trust_id"] for r in ds.trust_roles} == {trust["id"]}
    assert {(party, role): r["powers"] for (party, role), r in roles.items()} == {
        ("bods:settlor0001", "settlor"): ["benefit"],  # enjoymentAndUseOfAssets in the same relationship
        ("bods:trustco0001", "trustee"): [],  # BODS states no trustee powers: not known
        ("bods:protect0001", "protector"): [],
        ("bods:benefic0001", "beneficiary"): ["benefit"],  # rightsToSurplusAssets..., a record of its own
    }
    protector = roles[("bods:protect0001", "protector")]
    assert (protector["start_date"], protector["end_date"]) == (dt.date(2018, 1, 10), dt.date(2023, 12, 31))
    assert roles[("bods:settlor0001", "settlor")]["row"] == 8
    (stake,) = ds.stakes  # the trust holds the company
    assert (stake["owner_id"], stake["owned_id"], stake["pct"]) == (trust["id"], "bods:c0mpany0001", 100.0)
    assert len(ds.issues) == 0


def test_02_trust_codes_and_what_is_left_out(tmp_path: Path) -> None:
    path = _write(tmp_path, [
        _entity_statement("t", "Old Trust", entityType="arrangement"),
        _entity_statement("c", "Some Company Ltd"),
        _entity_statement("s", "Settlor Holdings"),
        _entity_statement("b", "Beneficiary Foundation"),
        _ooc("r1", "t", "s", {"type": "settlor-of-trust", "startDate": "2010-01-01"},
             {"type": "rights-to-surplus-assets-on-dissolution", "endDate": "2012-01-01"},
             {"type": "trustee-of-trust", "interestLevel": "indirect"}),
        _ooc("r2", "t", "b", {"type": "beneficiary-of-trust"}, {"type": "other-influence-or-control-of-trust"}),
        _ooc("r3", "c", "s", {"type": "protector-of-trust"}, {"type": "enjoyment-and-use-of-assets"}),
        _ooc("r4", "t", "c", {"type": "rights-to-surplus-assets-on-dissolution"}),
        _ooc("r5", "elsewhere", "s", {"type": "trustee"}),
    ])  # fmt: skip
    ds = parse(path)
    found = sorted((r["party_id"], r["trust_id"], r["role"], r["powers"]) for r in ds.trust_roles)
    assert found == [
        ("bods:b", "bods:t", "beneficiary", []),
        ("bods:s", "bods:elsewhere", "trustee", []),  # not in these files: the role says it is a trust
        ("bods:s", "bods:t", "settlor", []),  # an ended benefit is no power kept
    ]
    issues = {(i.row, i.value): i.reason for i in ds.issues.issues}
    assert issues == {
        (5, "rights-to-surplus-assets-on-dissolution"): "an ended benefit from an arrangement: left out",
        (5, "trustee-of-trust"): "an indirect trust role is not a role in the trust: left out",
        (6, "other-influence-or-control-of-trust"): "interest type has no kb equivalent: left out",
        (7, "protector-of-trust"): "a trust role in a party that is not an arrangement: left out",
        (7, "enjoyment-and-use-of-assets"): "interest type has no kb equivalent: left out",
        (8, "rights-to-surplus-assets-on-dissolution"): "a benefit without a trust role: left out",
    }


def test_04_closed_record_and_json_lines(tmp_path: Path) -> None:
    def record(rid: str, sid: str, kind: str, details: dict[str, Any], **extra: Any) -> str:
        return json.dumps({"statementId": sid, "recordId": rid, "recordType": kind, "recordDetails": details,
                           **extra})  # fmt: skip

    entity = {"entityType": {"type": "registeredEntity"}, "name": "Sub Ltd"}
    person = {"personType": "knownPerson", "names": [{"type": "legal", "fullName": "Ann Owner"}]}
    rel = {"subject": "s", "interestedParty": "p", "interests": [{"type": "votingRights", "directOrIndirect": "direct",
           "share": {"exact": 60}, "startDate": "2019-05-01"}]}  # fmt: skip
    lines = [record("s", "1", "entity", entity), record("p", "2", "person", person),
             record("r", "3", "relationship", rel, statementDate="2020-01-01", recordStatus="new"),
             record("r", "4", "relationship", rel, statementDate="2022-06-30", recordStatus="closed")]  # fmt: skip
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    ds = parse(path)
    (stake,) = ds.stakes
    assert (stake["owner_id"], stake["owned_id"], stake["basis"], stake["pct"]) == (
        "bods:p",
        "bods:s",
        "voting",
        60,
    )
    assert stake["end_date"] == dt.date(2022, 6, 30) and stake["row"] == 4


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "empty file"),
        ('[{"statementID": "a", "statementType": "entityStatement"', ":1: not JSON"),
        ('[{"name": "no type"}]', "item 1 is not a BODS statement"),
        ('[{"statementType": "entityStatement"}]', "item 1 has no valid statementID"),
        ('[{"recordType": "entity", "recordId": "r"}]', "item 1 has no valid recordId and recordDetails"),
        ('"text"', "expected a JSON object, an array of objects or JSON lines"),
    ],
)
def test_structural_problems_fail_the_file(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "broken.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LoadError) as error:
        parse(path)
    assert message in str(error.value) and str(path) in str(error.value)


def test_empty_folder_fails(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match=r"no \.json or \.jsonl file in this folder"):
        parse(tmp_path)
