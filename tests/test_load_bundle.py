"""Loading bundles into a real Neo4j: provenance, idempotence, snapshots, resolution, safety."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import neo4j.time
import pytest
from conftest import Run

from kb import loaders
from kb.db import Database
from kb.errors import LoadError, RowRejected
from kb.loaders.formats import bundle
from kb.loaders.write import claims, runs, writer

Kb = Callable[..., Run]
LEI = "5493001KJTIIGC8Y1R12"  # a real, valid LEI (Bloomberg Finance L.P.), used here as a test anchor

ENTITIES = f"""id,name,kind,country,names,identifiers,source
group,Example Group Co. Ltd.,company,CN,示例集团有限公司,LEI:{LEI},registry
sub,Example Electronics Co. Ltd.,company,CN,,,
partner,Partner Holdings (HK) Ltd,company,HK,,,
jv,Example-Partner Networks Co. Ltd.,company,CN,,,
"""
OWNERSHIP = "owner_id,owned_id,pct,pct_min,pct_max,source\ngroup,sub,34.5,,,filing\n"
JVS = (
    "jv_id,partner_id,pct,start_date,purpose,source\n"
    "jv,group,51,2016-05-01,networking,press\njv,partner,49,2016-05-01,networking,press\n"
)
LISTINGS = (
    "entity_id,list,programs,start_date,citation,source\n"
    "group,EL,,2023-03-02,88 FR 13673,fr\nsub,EL,,2025-03-25,90 FR 1,fr\n"
)


def write_bundle(folder: Path, **files: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


def load(db: Database, folder: Path, **options: Any) -> writer.LoadReport:
    opts = writer.LoadOptions("bundle", str(folder), loaders.checksum(folder), **options)
    return writer.load(db, bundle.parse(folder), opts)


def snapshot(db: Database) -> dict[str, Any]:
    """Everything loaders write, minus what is meant to change between runs."""
    nodes = db.read(
        "MATCH (n) WHERE NOT n:LoadRun AND NOT n:Source RETURN labels(n) AS labels, properties(n) AS p"
    )
    rels = db.read(
        "MATCH (a)-[r]->(b) WHERE type(r) <> 'OF_SOURCE' RETURN type(r) AS type, properties(r) AS p,"
        " coalesce(a.id, a.key) AS a, coalesce(b.id, b.key, b.code) AS b"
    )
    volatile = {"first_seen", "last_seen", "first_run", "last_run", "closed_by", "removed_by"}

    def clean(props: dict[str, Any]) -> str:
        return json.dumps({k: v for k, v in props.items() if k not in volatile}, sort_keys=True, default=str)

    return {
        "nodes": sorted(json.dumps(sorted(row["labels"])) + clean(row["p"]) for row in nodes),
        "rels": sorted(f"{row['type']}:{row['a']}->{row['b']}:{clean(row['p'])}" for row in rels),
    }


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return write_bundle(tmp_path / "demo", entities=ENTITIES, ownership=OWNERSHIP, jvs=JVS, listings=LISTINGS)


def test_bundle_lands_with_provenance(db: Database, schema_ready: None, demo: Path) -> None:
    before = dt.datetime.now(dt.UTC)
    report = load(db, demo)
    after = dt.datetime.now(dt.UTC)
    assert report.status == "succeeded" and report.rejected == 0
    assert report.counts["entities_written"] == 4 and report.counts["stakes_written"] == 1
    group = db.read("MATCH (e:Entity:Company {id: 'group'}) RETURN properties(e) AS p, labels(e) AS l")[0]
    assert group["p"]["names"] == ["示例集团有限公司"] and group["p"]["country"] == "CN"
    assert set(group["p"]["sources"]) == {"demo", "registry"}
    first_seen = group["p"]["first_seen"]  # the run's start: a zoned DateTime, also in the run's id
    assert isinstance(first_seen, neo4j.time.DateTime) and before <= first_seen.to_native() <= after
    assert report.run_id.startswith(f"{first_seen.to_native():%Y%m%dT%H%M%S}-")
    assert group["p"]["first_run"] == group["p"]["last_run"] == report.run_id
    assert group["p"]["last_seen"] == first_seen
    lei = db.read("MATCH (:Entity {id: 'group'})-[:HAS_IDENTIFIER]->(i:Identifier) RETURN i.key AS k")
    assert lei == [{"k": f"LEI:{LEI}"}]
    stake = db.read("MATCH (:Entity {id: 'group'})-[r:OWNS]->(:Entity {id: 'sub'}) RETURN properties(r) AS p")
    assert stake[0]["p"]["pct"] == 34.5 and stake[0]["p"]["source"] == "filing"
    assert stake[0]["p"]["basis"] == "equity" and stake[0]["p"]["derived"] is False
    jv = db.read(
        "MATCH (p:Entity)-[r:OWNS {jv: true}]->(j:JointVenture {id: 'jv'}) RETURN p.id AS partner, r.pct AS pct,"
        " r.purpose AS purpose, r.start_date AS start ORDER BY partner"
    )
    assert [(r["partner"], r["pct"], r["purpose"]) for r in jv] == [
        ("group", 51.0, "networking"),
        ("partner", 49.0, "networking"),
    ]
    listing = db.read(
        "MATCH (:Entity {id: 'group'})-[r:LISTED_ON]->(l:List) RETURN l.code AS code, l.authority AS authority,"
        " r.citation AS citation, r.start_date AS start"
    )[0]
    assert listing["code"] == "EL" and "Bureau of Industry and Security" in listing["authority"]
    assert listing["citation"] == "88 FR 13673" and listing["start"].to_native() == dt.date(2023, 3, 2)
    run = runs.get_run(db, report.run_id)
    assert run is not None and run["status"] == "succeeded" and run["source"] == "demo"
    assert run["checksum"] == loaders.checksum(demo)


def test_loading_twice_changes_nothing(db: Database, schema_ready: None, demo: Path) -> None:
    first = load(db, demo)
    before = snapshot(db)
    seen = db.read("MATCH (e:Entity) RETURN e.id AS id, e.first_seen AS t ORDER BY id")
    second = load(db, demo)
    assert snapshot(db) == before
    assert db.read("MATCH (e:Entity) RETURN e.id AS id, e.first_seen AS t ORDER BY id") == seen
    assert first.counts["entities_written"] == 4
    assert {k: v for k, v in second.counts.items() if k.endswith("_written")} == {
        "entities_written": 0, **{f"{kind.name}_written": 0 for kind in claims.KINDS},
    }  # fmt: skip


def test_newer_snapshot_closes_what_it_lacks(
    db: Database, schema_ready: None, tmp_path: Path, demo: Path
) -> None:
    load(db, demo)
    newer = write_bundle(tmp_path / "demo2" / "demo", entities=ENTITIES, ownership=OWNERSHIP, jvs=JVS,
                         listings="entity_id,list,start_date,citation,source\ngroup,EL,2023-03-02,88 FR 13673,fr\n")  # fmt: skip
    report = load(db, newer)
    assert report.counts["listings_closed"] == 1
    today = dt.date.today()
    sub = db.read(
        "MATCH (:Entity {id: 'sub'})-[r:LISTED_ON]->() RETURN r.end_date AS end, r.closed_by AS run"
    )
    assert sub[0]["end"].to_native() == today and sub[0]["run"] == report.run_id
    as_of = (
        "MATCH (e:Entity)-[r:LISTED_ON]->(:List {code: 'EL'}) WHERE r.start_date <= $d"
        " AND (r.end_date IS NULL OR r.end_date > $d) RETURN e.id AS id ORDER BY id"
    )
    assert db.read(as_of, {"d": today - dt.timedelta(days=1)}) == [{"id": "group"}, {"id": "sub"}]
    assert db.read(as_of, {"d": today}) == [{"id": "group"}]
    assert db.read("MATCH (:Entity {id: 'sub'}) RETURN count(*) AS n") == [{"n": 1}]


def test_strong_identifier_makes_one_entity_across_sources(
    db: Database, schema_ready: None, tmp_path: Path
) -> None:
    first = write_bundle(
        tmp_path / "a" / "registry-a", entities=f"id,name,identifiers\nx1,Example Group,LEI:{LEI}\n"
    )
    second = write_bundle(
        tmp_path / "b" / "registry-b",
        entities=f"id,name,names,identifiers\ny9,EXAMPLE GROUP CO LTD,示例集团,LEI:{LEI}\nchild,Child Co,,\n",
        ownership="owner_id,owned_id,pct\ny9,child,60\n",
    )
    load(db, first)
    load(db, second)
    rows = db.read(
        "MATCH (e:Entity) WHERE e.id IN ['x1', 'y9'] RETURN e.id AS id, e.name AS name, e.names AS names, e.sources AS s"
    )
    assert rows == [
        {
            "id": "x1",
            "name": "Example Group",
            "names": ["EXAMPLE GROUP CO LTD", "示例集团"],
            "s": ["registry-a", "registry-b"],
        }
    ]
    owner = db.read("MATCH (o:Entity)-[:OWNS]->(:Entity {id: 'child'}) RETURN o.id AS id")
    assert owner == [{"id": "x1"}]


def test_two_sources_on_one_pair_are_two_claims(db: Database, schema_ready: None, tmp_path: Path) -> None:
    rows = "id,name\nowner,Owner\nowned,Owned\n"
    load(
        db,
        write_bundle(
            tmp_path / "1" / "src-one", entities=rows, ownership="owner_id,owned_id,pct\nowner,owned,30\n"
        ),
    )
    load(
        db,
        write_bundle(
            tmp_path / "2" / "src-two", entities=rows, ownership="owner_id,owned_id,pct\nowner,owned,35\n"
        ),
    )
    stakes = db.read(
        "MATCH (:Entity {id: 'owner'})-[r:OWNS]->(:Entity {id: 'owned'}) RETURN r.pct AS pct ORDER BY pct"
    )
    assert stakes == [{"pct": 30.0}, {"pct": 35.0}]


def test_bad_rows_are_skipped_and_strict_writes_nothing(
    db: Database, schema_ready: None, tmp_path: Path
) -> None:
    folder = write_bundle(tmp_path / "bad", entities=ENTITIES,
                          ownership="owner_id,owned_id,pct\ngroup,sub,120\ngroup,nobody,10\npartner,sub,5\n")  # fmt: skip
    with pytest.raises(RowRejected, match=r"--strict: ownership.csv:2: pct='120'"):
        load(db, folder, strict=True)
    assert db.read("MATCH (n) RETURN count(n) AS n") == [{"n": 0}]
    report = load(db, folder)
    assert report.rejected == 2
    assert db.read("MATCH (a)-[r:OWNS]->(b) RETURN a.id AS a, b.id AS b") == [{"a": "partner", "b": "sub"}]
    stored = runs.get_run(db, report.run_id)
    assert stored is not None and stored["rejected"] == 2
    reasons = sorted(json.loads(line)["reason"] for line in stored["rejected_rows"])
    assert reasons == ["a percentage must lie between 0 and 100", "unknown entity id"]


def test_killed_load_rerun_ends_with_the_right_data(
    db: Database, schema_ready: None, tmp_path: Path, demo: Path
) -> None:
    load(db, demo)
    clean = snapshot(db)
    db.run_auto_commit("MATCH (n) DETACH DELETE n")

    progress: list[tuple[str, int, int]] = []

    def die_after_first_batch(stage: str, done: int, total: int) -> None:
        progress.append((stage, done, total))
        if stage == "entities" and done >= 1:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        load(db, demo, batch_size=1, progress=die_after_first_batch)
    assert progress[-1] == ("entities", 1, 4)  # killed with three entities still to write
    assert db.read("MATCH (e:Entity) RETURN count(e) AS n") == [{"n": 1}]  # the first batch had landed
    failed = db.read("MATCH (r:LoadRun) RETURN r.status AS status")
    assert failed == [{"status": "failed"}]
    assert db.read("MATCH (l:LoadLock) RETURN count(l) AS n") == [{"n": 0}]
    load(db, demo)
    assert snapshot(db) == clean


def test_a_second_load_waits_for_the_lock(db: Database, schema_ready: None, demo: Path, kb: Kb) -> None:
    runs.acquire_lock(db, "someone-else", 0)
    try:
        with pytest.raises(LoadError, match=r"another load holds the lock: run someone-else \(pid \d+ on "):
            load(db, demo, wait_seconds=1.5)
        assert db.read("MATCH (e:Entity) RETURN count(e) AS n") == [{"n": 0}]
        locked = kb("load", "bundle", str(demo))
        assert locked.code == 75 and "another load holds the lock: run someone-else" in locked.err
    finally:
        runs.release_lock(db, "someone-else")
    db.write("CREATE (:LoadLock {name: 'load', run: 'dead', host: $host, pid: 999999999})",
             {"host": __import__("socket").gethostname()})  # fmt: skip
    assert load(db, demo).status == "succeeded"


def test_cli_load_exit_codes_issues_file_and_runs(
    db: Database, schema_ready: None, kb: Kb, tmp_path: Path
) -> None:
    folder = write_bundle(
        tmp_path / "cli", entities=ENTITIES, ownership="owner_id,owned_id,pct\ngroup,sub,abc\n"
    )
    issues = tmp_path / "issues.jsonl"
    run = kb("load", "bundle", str(folder), "--issues", str(issues), "-f", "json")
    assert run.code == 3, run.err
    report = json.loads(run.out)
    assert report["status"] == "succeeded" and report["rejected"] == 1
    assert json.loads(issues.read_text()) == {
        "file": "ownership.csv",
        "row": 2,
        "field": "pct",
        "value": "abc",
        "reason": "not a number",
    }
    listed = json.loads(kb("runs", "-f", "json").out)
    assert listed[0]["run"] == report["run"] and listed[0]["rejected"] == 1
    shown = kb("runs", "show", report["run"])
    assert "ownership.csv" in shown.out and "not a number" in shown.out
    again = kb("load", "bundle", str(tmp_path / "missing"))
    assert again.code == 1 and "no such file or folder" in again.err
    broken = write_bundle(tmp_path / "broken", entities="id,colour\nx,red\n")
    bad = kb("load", "bundle", str(broken))
    assert bad.code == 1 and bad.err.strip().endswith("missing required column 'name'")


def test_a_fact_given_twice_is_kept_once(db: Database, schema_ready: None, tmp_path: Path) -> None:
    folder = write_bundle(
        tmp_path / "twice", entities=ENTITIES, ownership="owner_id,owned_id,pct\ngroup,sub,30\ngroup,sub,40\n"
    )
    with pytest.raises(RowRejected, match=r"ownership\.csv:3: owner_id='group': the same fact"):
        load(db, folder, strict=True)
    report = load(db, folder)
    assert report.rejected == 1
    assert db.read("MATCH ()-[s:OWNS]->() RETURN s.pct AS pct") == [{"pct": 30.0}]


def test_a_bundle_names_built_in_lists_only(tmp_path: Path) -> None:
    """A list beyond kb's own comes with the source that defines it (docs/loaders/ftm.md), never
    from a bundle's listings.csv: a namespaced code there is rejected with why."""
    listings = "entity_id,list\ngroup,sdn\ngroup,os:au_dfat_sanctions\nsub,SDNN\n"
    data = bundle.parse(write_bundle(tmp_path / "lists", entities=ENTITIES, listings=listings))
    assert [(x["entity_id"], x["list"]) for x in data.listings] == [("group", "SDN")] and data.lists == {}
    reasons = {issue.row: issue.reason for issue in data.issues.issues}
    assert reasons[3].startswith("a source-defined list code: a bundle names built-in lists only")
    assert reasons[4].startswith("unknown list code (known: EL, MEU")
