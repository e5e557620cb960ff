"""FollowTheMoney parser on real OpenSanctions exports (CC BY-NC 4.0: read from ../shared, never copied).

``zala_cluster_entities`` is the Zala Aero / LLC CST cluster captured from a live yente; ``t1`` is a
consolidated EU FSF sample; ``t2`` a delta file.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from shared_data import SampleFolder

from kb.errors import LoadError
from kb.lists import LISTS
from kb.loaders.dataset import Dataset, EntityRecord
from kb.loaders.formats.ftm import parse

DATA = SampleFolder("ftm_opensanctions")
CST, KALASHNIKOV, ZAKHAROV = (
    "ftm:NK-abdzbEBkqyT29GyREbiURZ",
    "ftm:NK-nR5AXM9AVPq4pQaSPSaVam",
    "ftm:NK-aU5ybkbRFJucf8YMwsJvDw",
)


@pytest.fixture(scope="module")
def zala() -> Dataset:
    return parse(DATA / "zala_cluster_entities.ftm.jsonl")


def _entity(ds: Dataset, entity_id: str) -> EntityRecord:
    return next(e for e in ds.entities if e["id"] == entity_id)


def test_parties_with_russian_registry_numbers(zala: Dataset) -> None:
    assert zala.source.name == "ftm-zala_cluster_entities" and zala.source.licence == "CC BY-NC 4.0"
    assert zala.snapshot is True
    # 11 Company + 6 Person; Address, Family, Passport and the relation schemata are no entities.
    assert len(zala.entities) == 17
    cst = _entity(zala, CST)
    assert (cst["name"], cst["kind"], cst["country"]) == ("LLC CST", "company", "RU")
    assert cst["identifiers"][:2] == ["RU_INN:1841015504", "RU_OGRN:1101841007938"]
    assert "REG_RU:1841015504" not in cst["identifiers"]  # already known as its INN
    assert {"Zala Aero Group", "ZALA Aero LLC", "A-Level Aerosystems"} <= set(cst["names"])
    assert "LLC CST" not in cst["names"]
    zakharov = _entity(zala, ZAKHAROV)
    assert zakharov["kind"] == "person" and zakharov["identifiers"] == ["RU_INN:183111242406"]
    assert zakharov["address"] == "272 Pushkinskaya Street, Apt 41, Izhevsk, 426008"


def test_ownership_history_keeps_the_open_stake(zala: Dataset) -> None:
    into_cst = {(s["owner_id"], s["start_date"]): s for s in zala.stakes if s["owned_id"] == CST}
    kalashnikov = into_cst[(KALASHNIKOV, dt.date(2016, 3, 29))]
    assert kalashnikov["pct"] == 49.0 and kalashnikov["end_date"] is None and kalashnikov["derived"] is False
    # "subsidiary of" from the UK list: a stake of unknown size.
    assert into_cst[(KALASHNIKOV, None)]["pct"] is None
    # Three EGRUL records start on 2015-11-25 (50%, 48%, 51%): the one still open wins.
    zakharov = into_cst[(ZAKHAROV, dt.date(2015, 11, 25))]
    assert (zakharov["pct"], zakharov["end_date"], zakharov["row"]) == (51.0, None, 79)
    clashes = [i for i in zala.issues.issues if "same parties" in i.reason]
    assert [(i.row, i.value) for i in clashes] == [
        (74, "ru-7f202fd87a7ec03404a36667672156628713531c"),
        (79, "ru-dfe0a021cb69f99e198bb8cbbcb93e81130b32a7"),
    ]


def test_sanctions_map_to_kb_lists(zala: Dataset) -> None:
    cst = {listing["list"]: listing for listing in zala.listings if listing["entity_id"] == CST}
    assert {code for code in cst if code in LISTS} == {"SDN", "EL", "EU", "UK"}
    assert cst["SDN"]["programs"] == ["RUSSIA-EO14024"] and cst["SDN"]["source_entry_id"] == "45928"
    assert cst["EL"]["citation"] == "88 FR 76128" and cst["EL"]["start_date"] == dt.date(2023, 11, 2)
    assert (cst["EL"]["license_requirement"] or "").startswith("For all items subject to the EAR")
    assert (cst["EL"]["license_policy"] or "").startswith("Policy of denial")
    assert cst["EU"]["programs"] == ["UKR"] and cst["EU"]["start_date"] == dt.date(2023, 12, 18)
    assert cst["UK"]["start_date"] == dt.date(2023, 2, 8) and cst["UK"]["source_entry_id"] == "RUS1712"
    # Kalashnikov has no Sanction entity here: its programId US-BIS-EL and its datasets still list it.
    assert {x["list"] for x in zala.listings if x["entity_id"] == KALASHNIKOV} == {"EL", "SDN", "UK", "EU"}


# The datasets of the Zala sample whose Sanctions are on a built-in list (SDN, EU, UK, and EL via
# the CSL); every other Sanction is on its own dataset's list.
BUILT_IN_DATASETS = {"us_ofac_sdn", "eu_fsf", "gb_fcdo_sanctions", "us_trade_csl"}


def test_sanctions_of_other_lists_are_listings_on_their_dataset(zala: Dataset) -> None:
    """The 33 Sanctions of lists kb has no code for (Australia, Switzerland, Ukraine, SAM…) were
    rejected as "unmapped": each is a listing on ``os:<its dataset>`` now, nothing left out."""
    others = []
    for line, text in enumerate((DATA / "zala_cluster_entities.ftm.jsonl").read_text().splitlines(), 1):
        ent = json.loads(text)
        if ent["schema"] == "Sanction" and not set(ent["datasets"]) & BUILT_IN_DATASETS:
            others.append((line, f"ftm:{ent['properties']['entity'][0]}", f"os:{ent['datasets'][0]}"))
    assert len(others) == 33
    listed = {(x["entity_id"], x["list"]) for x in zala.listings}
    assert {(entity, code) for _, entity, code in others} <= listed
    assert not [i for i in zala.issues.issues if i.row in {line for line, _, _ in others}]
    assert all(code in LISTS or code in zala.lists for _, code in listed)
    assert {code for _, code in listed if code not in LISTS} == set(zala.lists) and len(zala.lists) == 14
    # Line 29, by hand: the Australian DFAT designation of LLC CST.
    au = zala.lists["os:au_dfat_sanctions"]
    assert (au.code, au.name, au.authority, au.jurisdiction) == (
        "os:au_dfat_sanctions", "OpenSanctions dataset au_dfat_sanctions",
        "Department of Foreign Affairs and Trade", "AU",
    )  # fmt: skip
    (dfat,) = [x for x in zala.listings if x["list"] == "os:au_dfat_sanctions"]
    assert (dfat["entity_id"], dfat["row"], dfat["programs"], dfat["start_date"], dfat["end_date"]) == (
        CST, 29, ["Autonomous (Russia)"], dt.date(2023, 2, 24), None
    )  # fmt: skip
    # Lines 82-84, Ukraine's NSDC: one line names two authorities, the one all three give is kept;
    # the decree of 2021 ran three years and ended.
    nsdc = zala.lists["os:ua_nsdc_sanctions"]
    assert (nsdc.authority, nsdc.jurisdiction) == ("National Security and Defense Council", "UA")
    ended = next(x for x in zala.listings if x["row"] == 83)
    assert (ended["entity_id"], ended["programs"], ended["start_date"], ended["end_date"]) == (
        CST, ["556/2021"], dt.date(2021, 10, 30), dt.date(2024, 10, 30)
    )  # fmt: skip
    assert ended["source_entry_id"] == "21055612200016"
    # Five SAM exclusion lines, two parties, one start date: one listing per party.
    sam = sorted(x["entity_id"] for x in zala.listings if x["list"] == "os:us_sam_exclusions")
    assert sam == sorted([CST, ZAKHAROV]) and zala.lists["os:us_sam_exclusions"].jurisdiction == "US"


def test_a_sanction_naming_no_list_is_an_issue(tmp_path: Path) -> None:
    path = _lines(
        tmp_path,
        {"id": "a", "schema": "Company", "properties": {"name": ["Acme"]}},
        {"id": "s1", "schema": "Sanction", "properties": {"entity": ["a"], "authority": ["Somebody"]}},
        {"id": "s2", "schema": "Sanction", "datasets": ["Not a Dataset!"], "properties": {"entity": ["a"]}},
        {"id": "s3", "schema": "Sanction", "datasets": ["xx_list"], "properties": {"entity": ["a"]}},
        {"id": "s4", "schema": "Sanction", "datasets": ["yy_list"], "properties": {"entity": ["a"],
         "startDate": ["2020-02-30"]}},
    )  # fmt: skip
    ds = parse(path)
    found = {(i.row, i.field, i.value): i.reason for i in ds.issues.issues}
    assert found[(2, "datasets", "Somebody")].startswith("no kb list and no OpenSanctions dataset")
    assert "is not a source-defined list code" in found[(3, "datasets", "Not a Dataset!")]
    assert found[(5, "startDate", "2020-02-30")] == "not a valid calendar date"
    assert [(x["list"], x["row"]) for x in ds.listings] == [("os:xx_list", 4)]
    assert list(ds.lists) == ["os:xx_list"]  # a rejected Sanction defines no list
    assert ds.lists["os:xx_list"].authority is None and ds.lists["os:xx_list"].jurisdiction is None


def test_directorships_are_officers(zala: Dataset) -> None:
    director = next(o for o in zala.officers if o["person_id"] == "ftm:NK-mCEmxFfuhfdjpC8gsxH74o")
    assert director["entity_id"] == CST and director["role"] == "ГЕНЕРАЛЬНЫЙ ДИРЕКТОР"
    assert director["start_date"] == dt.date(2017, 10, 23)


def test_consolidated_eu_sample_and_delta() -> None:
    t1 = parse(DATA / "t1_entities.ftm.jsonl")
    irgc = _entity(t1, "ftm:NK-2PacmNpiLUmoz4XD2mSt7A")
    assert (irgc["name"], irgc["kind"], irgc["country"]) == ("IRGC", "organization", "IR")
    assert irgc["names"] == ["Iranian Revolutionary Guard Corps"]
    tobacco = _entity(t1, "ftm:NK-2GdmHtZTeNXjNVrBGEXZNj")
    assert tobacco["identifiers"] == ["REG_BY:808000714"] and len(tobacco["names"]) == 11
    kuzmenko = _entity(t1, "ftm:NK-2Ka3UvopqbpZmVDFjWd4LA")
    assert kuzmenko["country"] == "RU"  # a person's nationality when no country is given
    assert {(x["entity_id"], x["list"]) for x in t1.listings} >= {(irgc["id"], "EU"), (tobacco["id"], "EU")}
    delta = parse(DATA / "t2_entities.delta.jsonl")
    assert delta.snapshot is False and len(delta.entities) == 2
    aqi = _entity(delta, "ftm:NK-2T3S8Hu29ktYnKSTgQp2wL")
    assert {"ISIL", "DAESH", "Islamic State in Iraq and the Levant"} <= set(aqi["names"]) and ":" not in aqi[
        "names"
    ]
    assert {x["list"] for x in delta.listings if x["entity_id"] == aqi["id"]} == {"SDN", "EU", "UK"}


def _lines(tmp_path: Path, *entities: dict[str, Any]) -> Path:
    path = tmp_path / "entities.ftm.json"
    path.write_text("".join(json.dumps(e) + "\n" for e in entities), encoding="utf-8")
    return path


def test_bad_values_are_issues_and_the_rest_loads(tmp_path: Path) -> None:
    path = _lines(
        tmp_path,
        {"id": "a", "schema": "Company", "properties": {"name": ["Acme"], "jurisdiction": ["gb"],
         "leiCode": ["5493001KJTIIGC8Y1R13"], "innCode": ["7704484401"], "incorporationDate": ["2014"]}},
        {"id": "b", "schema": "Person", "properties": {"name": ["Bo"], "country": ["suhh"]}},
        {"id": "o1", "schema": "Ownership", "properties": {"owner": ["b"], "asset": ["a"], "percentage": ["50%"],
         "startDate": ["2014-03"]}},
        {"id": "o2", "schema": "Ownership", "properties": {"owner": ["b"], "asset": ["a"], "percentage": ["lots"]}},
        {"id": "o3", "schema": "Ownership", "properties": {"owner": ["b"], "asset": ["a"], "startDate": ["2020-02-30"]}},
        {"id": "i1", "schema": "Identification", "properties": {"holder": ["a"], "type": ["LEI"],
         "number": ["5493001KJTIIGC8Y1R12"]}},
        {"id": "i2", "schema": "Identification", "properties": {"holder": ["a"], "type": ["Passport"], "number": ["1"]}},
        {"id": "w", "schema": "Airplane", "properties": {"name": ["Jet"]}},
        {"id": "x", "schema": "Nonsense", "properties": {}},
    )  # fmt: skip
    ds = parse(path)
    acme = _entity(ds, "ftm:a")
    assert acme["country"] == "GB" and acme["identifiers"] == ["LEI:5493001KJTIIGC8Y1R12"]
    assert _entity(ds, "ftm:b")["country"] is None
    (stake,) = ds.stakes
    assert stake["pct"] == 50.0 and stake["start_date"] is None  # a partial date is unknown, not an error
    found = {(i.row, i.field): i.reason for i in ds.issues.issues}
    assert found[(1, "leiCode")].startswith("invalid LEI") and found[(1, "innCode")].startswith(
        "invalid RU_INN"
    )
    assert found[(2, "country")].startswith("not an ISO 3166-1 alpha-2")
    assert found[(4, "percentage")] == "not a number"
    assert found[(5, "startDate")] == "not a valid calendar date"
    assert found[(7, "type")].startswith("identification type not mapped")
    assert found[(9, "schema")] == "schema not loaded by kb: left out" and (8, "schema") not in found


def test_delta_deletions_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "entities.delta.json"
    ops = [{"op": "ADD", "entity": {"id": "a", "schema": "Company", "properties": {"name": ["Acme"]}}},
           {"op": "DEL", "entity": {"id": "z", "schema": "Company", "properties": {}}}]  # fmt: skip
    path.write_text("\n".join(json.dumps(op) for op in ops), encoding="utf-8")
    ds = parse(path)
    assert ds.snapshot is False and [e["id"] for e in ds.entities] == ["ftm:a"]
    assert ds.issues.issues[0].reason.startswith("deletions are not applied")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty file"),
        (b'{"id": "a", "schema": "Company"}\n\xff\n', "not UTF-8"),
        (b'{"id": "a", "schema": "Company"}\n{"id": \n', ":2: not JSON"),
        (b'{"id": "a", "properties": {}}\n', ":1: an FtM entity needs a string 'schema'"),
        (b'{"op": "REPLACE", "entity": {}}\n', ":1: a delta line is"),
        (b"[1, 2]\n", ":1: expected a JSON object on each line"),
    ],
)
def test_structural_problems_fail_the_file(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "broken.ftm.json"
    path.write_bytes(content)
    with pytest.raises(LoadError) as error:
        parse(path)
    assert message in str(error.value) and str(path) in str(error.value)


def test_roles_in_a_trust_are_trust_roles_not_stakes_or_officers(tmp_path: Path) -> None:
    """FtM has no trust schema: an Ownership or Directorship whose role names a settlor, trustee,
    protector or beneficiary is that role in the asset or organization (the trust), powers unknown."""
    path = _lines(
        tmp_path,
        {"id": "s", "schema": "Person", "properties": {"name": ["Sergei Example"]}},
        {"id": "tc", "schema": "Company", "properties": {"name": ["Example Trustees Ltd"]}},
        {"id": "t", "schema": "Organization", "properties": {"name": ["Example Family Trust"]}},
        {"id": "h", "schema": "Company", "properties": {"name": ["Held Co"]}},
        {"id": "r1", "schema": "Ownership", "properties": {"owner": ["s"], "asset": ["t"], "role": ["Settlor"],
         "startDate": ["2019-04-01"]}},
        {"id": "r2", "schema": "Directorship", "properties": {"director": ["tc"], "organization": ["t"],
         "role": ["Trustee of the trust"]}},
        {"id": "r3", "schema": "Ownership", "properties": {"owner": ["s"], "asset": ["t"],
         "role": ["Discretionary beneficiary"]}},
        {"id": "o", "schema": "Ownership", "properties": {"owner": ["t"], "asset": ["h"], "percentage": ["100"],
         "role": ["Shareholder"]}},
        {"id": "d", "schema": "Directorship", "properties": {"director": ["s"], "organization": ["h"],
         "role": ["Director"]}},
    )  # fmt: skip
    ds = parse(path)
    roles = {
        (r["party_id"], r["trust_id"], r["role"], r["powers"] == [], r["start_date"]) for r in ds.trust_roles
    }
    assert roles == {
        ("ftm:s", "ftm:t", "settlor", True, dt.date(2019, 4, 1)),
        ("ftm:tc", "ftm:t", "trustee", True, None),
        ("ftm:s", "ftm:t", "beneficiary", True, None),
    }
    assert [(s["owner_id"], s["owned_id"], s["pct"]) for s in ds.stakes] == [("ftm:t", "ftm:h", 100.0)]
    assert [(o["person_id"], o["role"]) for o in ds.officers] == [("ftm:s", "Director")]
    assert not ds.issues.issues
