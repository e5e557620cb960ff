"""Every answer about an entity names every list it is on, whatever the list, with dates (issue 19):
on the real OFAC SDN, OFAC non-SDN (CMIC) and DoD 1260H samples, Huawei Technologies and China
Mobile are on the 1260H and CMIC lists, which no regime (or only dod805) seeds from, and `kb screen`,
`kb exposure`, `kb affiliates`, the pictures and Bloom say so instead of "clear, clear, clear"."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from backend import Backend
from conftest import Run
from loading import load_path
from shared_data import real

from kb import admin, bloom
from kb.db import Database

Kb = Callable[..., Run]
ON = "2026-07-01"  # after the 2026-06-08 edition of the 1260H list
HUAWEI_1260H = "dod-1260h:huawei-technologies-co-ltd"
HUAWEI_CMIC = "ofac:30947"  # HUAWEI TECHNOLOGIES CO., LTD. on OFAC's non-SDN CMIC list
IRAN_AIRCRAFT = "ofac:11195"  # on the SDN list (NPWMD, IFSR, IRAN-CON-ARMS-EO)
CMIC = "CMIC (undated; CMIC-EO13959)"
UNDATED_CMIC = "OFAC's consolidated (non-SDN) files publish no listing dates"
EDITIONS = [("1260H", "2021-06-03"), ("1260H", "2025-01-07"), ("1260H", "2026-06-08")]  # valid on ON


@pytest.fixture(scope="module")
def real_lists(backend: Backend, schema_ready: None) -> Iterator[Database]:
    """The three real lists, loaded once for the module (the tests below only read, or undo what
    they change)."""
    with Database(backend.connection) as db:
        admin.wipe(db)
        load_path(db, "ofac", real("ofac_sdn/sdn_2025_small/sdn.csv"))
        load_path(db, "ofac", real("ns_cmic/cons_prim_cmic_plus_ssi.csv"))
        load_path(db, "1260h", real("dod_1260h/opensanctions_us_dod_chinese_milcorps_sanctions.csv"))
        yield db
        admin.wipe(db)


def _json(run: Run, code: int = 0) -> Any:
    assert run.code == code, run.err
    return json.loads(run.out)


def _csv(run: Run, code: int = 0) -> list[dict[str, str]]:
    assert run.code == code, run.err
    return list(csv.DictReader(io.StringIO(run.out)))


def _dates(listings: list[dict[str, Any]]) -> list[tuple[str, str | None]]:
    return [(x["list"], x["start_date"]) for x in listings]


def test_exposure_names_the_lists_no_regime_seeds_from(real_lists: Database, kb: Kb) -> None:
    clear = kb("exposure", HUAWEI_CMIC, "--as-of", ON, "-f", "csv")
    rows = _csv(clear)
    assert [r["status"] for r in rows] == ["clear"] * 5  # CMIC seeds no regime ...
    assert all(r["lists"] == CMIC for r in rows)  # ... but every row says where it is listed
    assert f"as of {ON}: {CMIC}" in clear.err
    [cmic] = _json(kb("exposure", HUAWEI_CMIC, "--as-of", ON, "-f", "json"))["entity"]["listings"]
    assert cmic == {
        "list": "CMIC", "list_name": "Non-SDN Chinese Military-Industrial Complex Companies List",
        "authority": "US Department of the Treasury, Office of Foreign Assets Control (OFAC)",
        "jurisdiction": "US", "programs": ["CMIC-EO13959"], "start_date": None, "end_date": None,
        "source": "ofac-cons", "citation": None, "date_note": UNDATED_CMIC,
    }  # fmt: skip
    report = _json(kb("exposure", HUAWEI_1260H, "--as-of", ON, "-f", "json"))
    assert _dates(report["entity"]["listings"]) == EDITIONS
    table = _csv(kb("exposure", HUAWEI_1260H, "--as-of", ON, "-f", "csv"))
    assert {r["regime"]: (r["status"], r["lists"]) for r in table} == {
        "ofac": ("clear", "1260H (2021-06-03)"), "bis": ("clear", "1260H (2021-06-03)"),
        "eu": ("clear", "1260H (2021-06-03)"), "uk": ("clear", "1260H (2021-06-03)"),
        "dod805": ("listed", "1260H (2021-06-03)"),
    }  # fmt: skip


def test_screen_names_each_candidates_lists_and_shows_the_candidates(real_lists: Database, kb: Kb) -> None:
    [row] = _csv(kb("screen", "--name", "Huawei Technologies", "--as-of", ON, "-f", "csv"), 4)
    assert row["match"] == "ambiguous" and row["entity_id"] == ""  # two entries, not yet one party
    assert f"({HUAWEI_1260H}) 1.00" in row["candidates"] and f"({HUAWEI_CMIC}) 1.00" in row["candidates"]
    assert f"Huawei Technologies Co., Ltd. ({HUAWEI_1260H}): 1260H (2021-06-03)" in row["lists"]
    assert f"HUAWEI TECHNOLOGIES CO., LTD. ({HUAWEI_CMIC}): {CMIC}" in row["lists"]
    table = kb("screen", "--name", "Huawei Technologies", "--as-of", ON)
    header, _, line = table.out.splitlines()[:3]
    assert header.split()[8:10] == ["candidates", "lists"]  # beside the match, before the statuses
    assert HUAWEI_CMIC in line and "1260H (2021-06-03)" in line and CMIC in line
    [answer] = _json(kb("screen", "--name", "China Mobile Limited", "--as-of", ON, "-f", "json"), 4)["rows"]
    found = {c["id"]: _dates(c["listings"]) for c in answer["candidates"]}
    assert found["dod-1260h:china-mobile-limited"] == EDITIONS
    assert found["ofac:30923"] == [("CMIC", None)]


def test_one_party_after_a_merge_names_both_lists(real_lists: Database, kb: Kb) -> None:
    accepted = _json(kb("resolve", "accept", HUAWEI_1260H, HUAWEI_CMIC, "--why", "one company", "--by", "t",
                        "-f", "json"))  # fmt: skip
    try:
        [row] = _csv(kb("screen", "--name", "Huawei Technologies Co Ltd", "--as-of", ON, "-f", "csv"), 4)
        assert row["match"] == "match"
        assert row["lists"] == f"1260H (2021-06-03), {CMIC}"
        report = _json(kb("exposure", row["entity_id"], "--as-of", ON, "-f", "json"))
        assert _dates(report["entity"]["listings"]) == [*EDITIONS, ("CMIC", None)]
    finally:
        assert kb("resolve", "undo", accepted["id"]).code == 0


def test_sdn_evidence_says_the_files_publish_no_dates(real_lists: Database, kb: Kb) -> None:
    for answer in (kb("exposure", IRAN_AIRCRAFT, "--as-of", ON), kb("exposure", IRAN_AIRCRAFT, "-f", "csv")):
        assert answer.code == 0 and "None" not in answer.out
        assert "on SDN (ofac-sdn; the SDN files publish no listing dates)" in answer.out
    engine = _csv(kb("screen", "--name", "Iran Aircraft Manufacturing Industrial", "-f", "csv"), 4)
    assert kb("derive").code == 0
    marked = _csv(kb("screen", "--name", "Iran Aircraft Manufacturing Industrial", "-f", "csv"), 4)
    for [row] in (engine, marked):  # the engine's answer and the marks' say the same
        assert "None" not in json.dumps(row)
        assert row["ofac"] == "listed" and "the SDN files publish no listing dates" in row["evidence"]
        assert row["lists"] == "SDN (undated; NPWMD, IFSR, IRAN-CON-ARMS-EO)"


def test_affiliates_carry_their_listed_owners_lists(real_lists: Database, kb: Kb) -> None:
    rows = _csv(kb("affiliates", "--regime", "dod805", "--as-of", ON, "-f", "csv"))
    cnooc = next(r for r in rows if r["id"] == "dod-1260h:cnooc-china-limited")
    assert cnooc["status"] == "possible"  # a 1260H parent's stake of unknown size
    assert cnooc["lists"] == "owner China National Offshore Oil Corporation: 1260H (2021-06-03)"
    [found] = [r for r in _json(kb("affiliates", "--regime", "dod805", "--as-of", ON, "-f", "json"))
               if r["id"] == "dod-1260h:cnooc-china-limited"]  # fmt: skip
    [owner] = found["listed_owner_listings"]
    assert owner["name"] == "China National Offshore Oil Corporation"
    assert _dates(owner["listings"]) == EDITIONS


def test_the_picture_names_a_clear_entitys_lists(real_lists: Database, kb: Kb, tmp_path: Path) -> None:
    out = tmp_path / "huawei.svg"
    assert kb("exposure", HUAWEI_CMIC, "--as-of", ON, "--graph", str(out)).code == 0
    root = ElementTree.fromstring(out.read_bytes())  # noqa: S314 - kb's own output
    svg = "{http://www.w3.org/2000/svg}"
    text = " ".join("".join(t.itertext()) for t in root.iter(f"{svg}text"))
    assert f"lists: {CMIC}" in text  # on the box of a company clear under every regime
    named = "CMIC (Non-SDN Chinese Military-Industrial Complex Companies List; CMIC-EO13959)"
    assert f"{named}, undated: {UNDATED_CMIC}" in text  # under the key
    assert "None" not in text


def test_bloom_shows_every_list_of_the_entity(real_lists: Database) -> None:
    found = set()
    for row in bloom.exposure(real_lists, entity=HUAWEI_CMIC):
        for rel in row["p"].relationships:
            if rel.type == "LISTED_ON":
                found.add((rel.start_node["id"], rel.end_node["code"]))
    assert found == {(HUAWEI_CMIC, "CMIC")}


def test_a_list_a_source_defined_is_named_too(real_lists: Database, kb: Kb) -> None:
    """A list kb does not know (a source's own, namespaced) is named like any other."""
    real_lists.write(
        "MATCH (e:Entity {id: $id}) MERGE (l:List {code: 'os:au_dfat_sanctions'}) "
        "SET l.name = 'Australian Sanctions (DFAT)', l.authority = 'DFAT', l.jurisdiction = 'AU' "
        "CREATE (e)-[:LISTED_ON {start_date: date('2022-03-01'), programs: ['AU-RUSSIA'], source: 'test'}]->(l)",
        {"id": HUAWEI_CMIC},
    )
    try:
        rows = _csv(kb("exposure", HUAWEI_CMIC, "--as-of", ON, "-f", "csv"))
        assert {r["lists"] for r in rows} == {f"{CMIC}, os:au_dfat_sanctions (2022-03-01; AU-RUSSIA)"}
        [row] = _csv(kb("screen", "--name", "HUAWEI TECHNOLOGIES CO., LTD.", "--country", "CN", "--as-of", ON,
                        "-f", "csv"), 4)  # fmt: skip
        assert "os:au_dfat_sanctions (2022-03-01; AU-RUSSIA)" in row["lists"]
    finally:
        real_lists.write("MATCH (:List {code: 'os:au_dfat_sanctions'})-[r]-() DELETE r")
        real_lists.write("MATCH (l:List {code: 'os:au_dfat_sanctions'}) DELETE l")


def test_a_match_clear_under_every_regime_but_on_a_list_alerts(real_lists: Database, kb: Kb) -> None:
    """CMIC is no regime's seed: before its 1260H listing, Huawei (one party once its two records
    are judged one) is clear under all five regimes, yet a screen that finds it exits 4 and names
    the list, like any other row an analyst must look at."""
    accepted = _json(kb("resolve", "accept", HUAWEI_1260H, HUAWEI_CMIC, "--why", "one company", "--by", "t",
                        "-f", "json"))  # fmt: skip
    try:
        before_1260h = "2021-01-01"
        [row] = _csv(
            kb("screen", "--name", "Huawei Technologies Co Ltd", "--as-of", before_1260h, "-f", "csv"), 4
        )
        assert row["match"] == "match", row
        assert {row[r] for r in ("ofac", "bis", "eu", "uk", "dod805")} == {"clear"}
        assert row["lists"] == CMIC
    finally:
        assert kb("resolve", "undo", accepted["id"]).code == 0
