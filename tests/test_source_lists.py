"""Lists beyond kb's built-in set, as the sources define them (``os:<OpenSanctions dataset>``), in
the graph: List nodes with their metadata, listings with the usual provenance, an idempotent
reload, ``kb lists``; and a regime that uses one only when an override profile names it."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import Run
from loading import REAL, load_path

from kb import loaders
from kb.db import Database
from kb.errors import LoadError
from kb.exposure import engine, profiles
from kb.lists import ListInfo
from kb.loaders.write import writer

Kb = Callable[..., Run]
ZALA = REAL / "ftm_opensanctions" / "zala_cluster_entities.ftm.jsonl"
SOURCE = "ftm-zala_cluster_entities"
CST = "ftm:NK-abdzbEBkqyT29GyREbiURZ"


def _source_lists(db: Database) -> list[dict[str, Any]]:
    return db.read(
        "MATCH (l:List) WHERE l.code STARTS WITH 'os:' RETURN l.code AS code, l.name AS name,"
        " l.authority AS authority, l.jurisdiction AS jurisdiction ORDER BY code"
    )


def test_other_lists_of_the_real_sample_land_as_lists_with_their_listings(
    db: Database, schema_ready: None, kb: Kb
) -> None:
    first = load_path(db, "ftm", ZALA)
    assert first.status == "succeeded"
    run = db.read("MATCH (r:LoadRun {id: $id}) RETURN r.rejected_rows AS rows", {"id": first.run_id})[0]
    reasons = [json.loads(row)["reason"] for row in run["rows"]]
    # What is still rejected is two EGRUL stakes a later row of the same key replaces: no listing.
    assert first.rejected == 2 and all(r.startswith("same parties, basis and start date") for r in reasons)
    lists = {row["code"]: row for row in _source_lists(db)}
    assert len(lists) == 14
    assert lists["os:au_dfat_sanctions"] == {
        "code": "os:au_dfat_sanctions", "name": "OpenSanctions dataset au_dfat_sanctions",
        "authority": "Department of Foreign Affairs and Trade", "jurisdiction": "AU",
    }  # fmt: skip
    dfat = db.read(
        "MATCH (e:Entity)-[r:LISTED_ON]->(:List {code: 'os:au_dfat_sanctions'}) RETURN e.id AS entity,"
        " r.programs AS programs, r.start_date AS start, r.end_date AS end, r.dataset AS dataset,"
        " r.source AS source, r.a_record AS record, r.claim AS claim, r.first_run AS run"
    )
    assert len(dfat) == 1 and dfat[0]["entity"] == CST
    assert (dfat[0]["programs"], dfat[0]["start"].to_native(), dfat[0]["end"]) == (
        ["Autonomous (Russia)"], dt.date(2023, 2, 24), None
    )  # fmt: skip
    assert dfat[0]["dataset"] == dfat[0]["source"] == SOURCE and dfat[0]["run"] == first.run_id
    assert dfat[0]["record"] == f"{SOURCE}|{CST}" and "|os:au_dfat_sanctions|" in dfat[0]["claim"]
    on_cst = db.read(
        "MATCH (:Entity {id: $id})-[:LISTED_ON]->(l:List) RETURN DISTINCT l.code AS code ORDER BY code",
        {"id": CST},
    )
    assert {"EL", "EU", "SDN", "UK", "os:au_dfat_sanctions", "os:ua_nsdc_sanctions"} <= {
        row["code"] for row in on_cst
    }

    count = "MATCH (l:List) RETURN count(l) AS lists, COUNT { ()-[:LISTED_ON]->() } AS listings"
    before = db.read(count)
    again = load_path(db, "ftm", ZALA)
    assert again.counts["listings_written"] == 0 and again.counts["listings_closed"] == 0
    assert again.counts["listings_unchanged"] == first.counts["listings_written"]
    assert db.read(count) == before and len(_source_lists(db)) == 14

    shown = kb("lists", "--as-of", "2026-01-01", "--format", "json")
    assert shown.code == 0, shown.err
    rows = {row["code"]: row for row in json.loads(shown.out)}
    assert rows["os:au_dfat_sanctions"] == {
        "code": "os:au_dfat_sanctions", "name": "OpenSanctions dataset au_dfat_sanctions",
        "authority": "Department of Foreign Affairs and Trade", "jurisdiction": "AU",
        "defined_by": "source", "listed": 1, "regimes": [], "sources": [SOURCE],
    }  # fmt: skip
    # Ukraine's decree of 2021 ran three years: on 2026-01-01 only the others of 2023 and 2024 hold.
    assert rows["os:ua_nsdc_sanctions"]["listed"] == 2
    assert rows["SDN"]["defined_by"] == "kb" and rows["SDN"]["regimes"] == ["ofac", "bis"]
    assert list(rows)[:3] == ["EL", "MEU", "UVL"]  # the built-in lists first, in kb's order


def test_a_listing_on_a_list_nobody_defined_is_rejected_not_dropped(db: Database, schema_ready: None) -> None:
    dataset = loaders.parser("ftm")(ZALA)
    dataset.lists.pop("os:au_dfat_sanctions")
    options = writer.LoadOptions("ftm", str(ZALA), loaders.checksum(ZALA))
    report = writer.load(db, dataset, options)
    unknown = [i for i in dataset.issues.issues if i.reason == writer.UNKNOWN_LIST]
    assert [(i.row, i.field, i.value) for i in unknown] == [(29, "list", "os:au_dfat_sanctions")]
    assert report.rejected == 3 and not db.read("MATCH (l:List {code: 'os:au_dfat_sanctions'}) RETURN l")


@pytest.mark.parametrize(
    ("code", "info", "message"),
    [
        ("SDN", ListInfo("SDN", "My SDN", None, None), "'SDN' is built in (kb/lists.py)"),
        ("os:x", ListInfo("os:y", "Y", None, None), "list 'os:x' is described as 'os:y'"),
        ("au_list", ListInfo("au_list", "AU", None, None), "'au_list' is not a kb list code"),
        ("zz:x", ListInfo("zz:x", "X", None, None), "'zz:x' is not a source-defined list code"),
    ],
)
def test_a_source_cannot_redefine_a_built_in_list_or_leave_its_own_unprefixed(
    db: Database, schema_ready: None, code: str, info: ListInfo, message: str
) -> None:
    dataset = loaders.parser("ftm")(ZALA)
    dataset.lists[code] = info
    with pytest.raises(LoadError) as error:
        writer.load(db, dataset, writer.LoadOptions("ftm", str(ZALA), "x", dry_run=True))
    assert str(error.value).startswith(f"{SOURCE}: ") and message in str(error.value)


def _ftm(path: Path, *entities: dict[str, Any]) -> Path:
    path.write_text("".join(json.dumps(e) + "\n" for e in entities), encoding="utf-8")
    return path


OVERRIDE_ON = dt.date(2025, 10, 15)


def test_a_regime_seeds_from_a_source_list_only_when_an_override_names_it(
    db: Database, schema_ready: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kb: Kb
) -> None:
    """L is only on Australia's list (an OpenSanctions dataset), S is 60% L's: the shipped eu
    profile knows nothing of them; an override whose seeds add ``os:au_dfat_sanctions`` makes L
    listed and S caught under eu, and no other regime changes."""
    path = _ftm(
        tmp_path / "au.ftm.json",
        {"id": "L", "schema": "Company", "properties": {"name": ["Listed Pty Ltd"], "jurisdiction": ["au"]}},
        {"id": "S", "schema": "Company", "properties": {"name": ["Subsidiary LLC"], "jurisdiction": ["ru"]}},
        {"id": "o", "schema": "Ownership", "properties": {"owner": ["L"], "asset": ["S"], "percentage": ["60"]}},
        {"id": "s", "schema": "Sanction", "datasets": ["au_dfat_sanctions"], "properties": {
            "entity": ["L"], "authority": ["Department of Foreign Affairs and Trade"], "country": ["au"],
            "program": ["Autonomous (Russia)"], "startDate": ["2023-02-24"]}},
    )  # fmt: skip
    report = load_path(db, "ftm", path)
    assert report.status == "succeeded" and report.rejected == 0
    for regime in ("eu", "uk", "ofac", "bis", "dod805"):
        assert engine.derive(db, profiles.load(regime), OVERRIDE_ON) == {}, regime

    home = tmp_path / "home"
    (home / "regimes").mkdir(parents=True)
    shipped = (profiles.SHIPPED / "eu.toml").read_text(encoding="utf-8")
    assert 'seeds = ["EU"]\n' in shipped
    overridden = shipped.replace('seeds = ["EU"]\n', 'seeds = ["EU", "os:au_dfat_sanctions"]\n')
    (home / "regimes" / "eu.toml").write_text(overridden, encoding="utf-8")
    monkeypatch.setenv("KB_HOME", str(home))
    found = engine.derive(db, profiles.load("eu"), OVERRIDE_ON)
    assert {entity: d.status for entity, d in found.items()} == {"ftm:L": "listed", "ftm:S": "caught"}
    assert engine.derive(db, profiles.load("uk"), OVERRIDE_ON) == {}
    # Before the Australian listing started, nothing.
    assert engine.derive(db, profiles.load("eu"), dt.date(2023, 2, 23)) == {}
    # The code as typed on the command line keeps its case (a built-in one need not: `sdn`).
    delisted = kb("what-if", "--list", "os:au_dfat_sanctions", "--remove", "ftm:L", "--regime", "eu",
                  "--as-of", str(OVERRIDE_ON), "-f", "json")  # fmt: skip
    assert delisted.code == 0, delisted.err
    changes = {(row["id"], row["before"], row["after"]) for row in json.loads(delisted.out)}
    assert changes == {("ftm:L", "listed", "clear"), ("ftm:S", "caught", "clear")}
