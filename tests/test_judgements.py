"""Judgements between records: the graph depends on the records and the surviving judgements, never
on the order loads, judgements and undos came in (issue 17)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import Run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_load_bundle import load, write_bundle

from kb import admin
from kb.db import Database
from kb.decisions import merge
from kb.decisions.candidates import decided_pairs
from kb.errors import UsageError

Kb = Callable[..., Run]
LEI = "5493001KJTIIGC8Y1R12"  # valid check digits

LIST = {
    "entities": "id,name,kind,country\nE1,Alpha Trading LLC,company,AE\nE2,Beta Holdings Ltd,company,AE\n",
    "listings": "entity_id,list,programs,start_date,source\nE1,SDN,SDGT,2021-01-01,ofac\n",
}
REGISTRY_1 = {
    "entities": (
        "id,name,kind,country,identifiers\nF1,Alpha Trading L.L.C.,company,AE,\n"
        "F2,Beta Holdings Limited,company,AE,\n"
        f"T1,Target One Ltd,company,AE,LEI:{LEI}\n"
    ),
    "ownership": "owner_id,owned_id,pct,basis,source\nF1,T1,60,equity,registry\n",
}
REGISTRY_2 = {  # the next snapshot: F1 holds 70% of T1 and 55% of a new T2; F2 is gone
    "entities": (
        "id,name,kind,country,identifiers\nF1,Alpha Trading L.L.C.,company,AE,\n"
        f"T1,Target One Ltd,company,AE,LEI:{LEI}\nT2,Target Two Ltd,company,AE,\n"
    ),
    "ownership": "owner_id,owned_id,pct,basis,source\nF1,T1,70,equity,registry\nF1,T2,55,equity,registry\n",
}
LEI_SOURCE = {  # another source's record of T1, joined to it by its LEI
    "entities": f"id,name,kind,country,identifiers\nG1,Target 1 Limited,company,AE,LEI:{LEI}\n",
}


def canonical(db: Database) -> dict[str, list[str]]:
    """The graph, ids of the judgements and times aside: Entities by id (an id is a record's, never
    the order's), their labels, views and relationships; judgements are compared by what they did."""
    volatile = {"first_seen", "last_seen", "first_run", "last_run", "closed_by", "removed_by", "hash"}

    def clean(props: dict[str, Any]) -> str:
        return json.dumps({k: v for k, v in props.items() if k not in volatile}, sort_keys=True, default=str)

    nodes = db.read(
        "MATCH (n) WHERE NOT n:LoadRun AND NOT n:Source AND NOT n:Resolution AND NOT n:LoadLock "
        "RETURN labels(n) AS labels, properties(n) AS p"
    )
    rels = db.read(
        "MATCH (a)-[r]->(b) WHERE NOT type(r) IN ['OF_SOURCE', 'JUDGES'] RETURN type(r) AS type, "
        "properties(r) AS p, coalesce(a.id, a.key) AS a, coalesce(b.id, b.key, b.code) AS b"
    )
    return {
        "nodes": sorted(json.dumps(sorted(r["labels"])) + clean(r["p"]) for r in nodes),
        "rels": sorted(f"{r['type']}:{r['a']}->{r['b']}:{clean(r['p'])}" for r in rels),
    }


@pytest.fixture
def bundles(tmp_path: Path) -> dict[str, Path]:
    return {
        "list": write_bundle(tmp_path / "list", **LIST),
        "registry-1": write_bundle(tmp_path / "r1" / "registry", **REGISTRY_1),
        "registry-2": write_bundle(tmp_path / "r2" / "registry", **REGISTRY_2),
        "lei": write_bundle(tmp_path / "lei", **LEI_SOURCE),
    }


def entity_of(db: Database, key: str) -> str:
    rows = db.read(
        "MATCH (:SourceRecord {key: $key})-[:DESCRIBES]->(e:Entity) RETURN e.id AS id", {"key": key}
    )
    return str(rows[0]["id"])


def ofac(kb: Kb, entity: str) -> str:
    run = kb("exposure", entity, "-r", "ofac", "-f", "json")
    assert run.code == 0, run.err
    return str(json.loads(run.out)["regimes"][0]["status"])


def test_undo_after_a_later_snapshot_is_exact(
    db: Database, schema_ready: None, bundles: dict[str, Path], kb: Kb
) -> None:
    """The issue's reproduction: accept, load the registry's next snapshot, undo."""
    load(db, bundles["list"])
    load(db, bundles["registry-1"])
    decision = merge.accept(db, "E1", "F1", why="same trading company")
    assert ofac(kb, "T1") == "caught"
    load(db, bundles["registry-2"])
    assert ofac(kb, "T2") == "caught"
    merge.undo(db, decision.id)
    assert ofac(kb, "T1") == "clear" and ofac(kb, "T2") == "clear"
    [stake] = db.read("MATCH (:Entity {id: 'F1'})-[r:OWNS]->(:Entity {id: 'T1'}) RETURN r.pct AS pct")
    assert stake["pct"] == 70
    undone = canonical(db)
    admin.wipe(db)
    load(db, bundles["list"])
    load(db, bundles["registry-1"])
    load(db, bundles["registry-2"])
    assert canonical(db) == undone


def test_a_rejection_survives_a_merge(db: Database, schema_ready: None, bundles: dict[str, Path]) -> None:
    load(db, bundles["list"])
    load(db, bundles["registry-1"])
    rejected = merge.reject(db, "F1", "E2", why="not Beta")
    merge.accept(db, "E1", "F1")
    with pytest.raises(UsageError, match=rejected.id):
        merge.accept(db, "E1", "E2")
    pairs = {frozenset((r["a"], r["b"])) for r in decided_pairs(db) if r["decision"] == "reject"}
    assert frozenset(("E1", "E2")) in pairs  # suggest and auto never propose it


def test_reject_splits_records_joined_only_by_an_identifier(
    db: Database, schema_ready: None, bundles: dict[str, Path]
) -> None:
    load(db, bundles["registry-1"])
    load(db, bundles["lei"])
    assert entity_of(db, "lei|G1") == entity_of(db, "registry|T1") == "G1"
    decision = merge.reject(db, "registry|T1", "lei|G1", why="the LEI was mistyped in one")
    assert entity_of(db, "lei|G1") == "G1" and entity_of(db, "registry|T1") == "T1"
    [stake] = db.read("MATCH (:Entity {id: 'F1'})-[r:OWNS]->(t:Entity) RETURN t.id AS id")
    assert stake["id"] == "T1"  # the claim followed its record
    merge.undo(db, decision.id)
    assert entity_of(db, "registry|T1") == "G1"


def test_answers_name_every_judgement_after_the_survivor_is_merged(
    db: Database, schema_ready: None, bundles: dict[str, Path], kb: Kb
) -> None:
    load(db, bundles["list"])
    load(db, bundles["registry-1"])
    load(db, bundles["lei"])
    first = merge.accept(db, "E1", "F1")
    second = merge.accept(db, "registry|F2", "E1")  # another judgement grows the same Entity
    answer = json.loads(kb("exposure", "T1", "-r", "ofac", "-f", "json").out)["regimes"][0]
    [owner] = answer["listed_owners"]
    assert {d["id"] for d in owner["resolutions"]} == {first.id, second.id}


def test_bad_judgements_fail_with_one_line_and_change_nothing(
    db: Database, schema_ready: None, bundles: dict[str, Path], kb: Kb
) -> None:
    load(db, bundles["list"])
    load(db, bundles["registry-1"])
    before = canonical(db)
    unknown = kb("resolve", "accept", "E1", "list|nobody")
    assert unknown.code == 2 and unknown.err.count("\n") == 1 and "no Entity or SourceRecord" in unknown.err
    same = kb("resolve", "accept", "E1", "list|E1")
    assert same.code == 2 and "one record" in same.err
    rejected = merge.reject(db, "E1", "F1")
    contradicting = kb("resolve", "accept", "F1", "E1")
    assert contradicting.code == 2 and rejected.id in contradicting.err
    assert canonical(db) == before
    assert len(merge.decisions(db)) == 1


# Steps of a random history: loads (the registry's second snapshot after its first) and judgements
# (each after the loads of both its records), some undone later.
LOADS = ("list", "registry-1", "registry-2", "lei")
JUDGEMENTS = {
    "j1": ("accept", "list|E1", "registry|F1", ("list", "registry-1")),
    "j2": ("accept", "list|E2", "registry|F2", ("list", "registry-1")),
    "j3": ("reject", "registry|T1", "lei|G1", ("registry-1", "lei")),
    "j4": ("accept", "registry|T2", "lei|G1", ("registry-2", "lei")),
}


@st.composite
def histories(draw: st.DrawFn) -> tuple[list[str], set[str]]:
    chosen = draw(st.lists(st.sampled_from(sorted(JUDGEMENTS)), unique=True))
    undone = set(draw(st.lists(st.sampled_from(chosen), unique=True))) if chosen else set()
    steps = [*LOADS, *chosen, *(f"undo:{j}" for j in undone)]
    order = draw(st.permutations(steps))

    def ready(step: str, done: list[str]) -> bool:
        if step == "registry-2":
            return "registry-1" in done
        if step.startswith("undo:"):
            return step[5:] in done
        if step in JUDGEMENTS:
            return all(load in done for load in JUDGEMENTS[step][3])
        return True

    done: list[str] = []
    pending = list(order)
    while pending:
        step = next(s for s in pending if ready(s, done))
        pending.remove(step)
        done.append(step)
    return done, undone


def _judge(db: Database, name: str) -> str:
    verdict, a, b, _ = JUDGEMENTS[name]
    decide = merge.accept if verdict == "accept" else merge.reject
    try:
        return decide(db, a, b).id
    except UsageError:
        return ""  # refused (e.g. contradicting a judgement already made): the same either way


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(history=histories())
def test_any_order_of_loads_and_judgements_gives_the_same_graph(
    db: Database, schema_ready: None, bundles: dict[str, Path], history: tuple[list[str], set[str]]
) -> None:
    steps, undone = history
    admin.wipe(db)
    made: dict[str, str] = {}
    for step in steps:
        if step in bundles:
            load(db, bundles[step])
        elif step.startswith("undo:"):
            if made.get(step[5:]):
                merge.undo(db, made[step[5:]])
        else:
            made[step] = _judge(db, step)
    interleaved = canonical(db)
    admin.wipe(db)
    for name in LOADS:
        load(db, bundles[name])
    for name in sorted(made):
        if name not in undone and made[name]:
            _judge(db, name)
    assert canonical(db) == interleaved


def test_jv_exposure_names_the_judgement_that_lists_the_partner(
    db: Database, schema_ready: None, bundles: dict[str, Path], tmp_path: Path, kb: Kb
) -> None:
    load(db, bundles["list"])
    jv = write_bundle(
        tmp_path / "jv",
        entities=(
            "id,name,kind,country\nmember,Member Networks Inc,company,US\n"
            "partner,Alpha Trading L.L.C.,company,AE\njv1,Member Alpha JV Ltd,company,AE\n"
        ),
        jvs="jv_id,partner_id,pct,source\njv1,member,49,filing\njv1,partner,51,filing\n",
    )
    load(db, jv)
    assert json.loads(kb("jv-exposure", "member", "-r", "ofac", "-f", "json").out) == []
    decision = merge.accept(db, "E1", "partner", why="the partner is the listed Alpha Trading")
    [row] = json.loads(kb("jv-exposure", "member", "-r", "ofac", "-f", "json").out)
    assert row["partner_status"] == "listed"
    assert [(d["entity"], d["id"]) for d in row["resolutions"]] == [(row["partner_id"], decision.id)]
    table = kb("jv-exposure", "member", "-r", "ofac")
    assert decision.id in table.out


def test_judgements_exported_and_imported_rebuild_the_same_graph(
    db: Database, schema_ready: None, bundles: dict[str, Path], tmp_path: Path, kb: Kb
) -> None:
    for name in LOADS:
        load(db, bundles[name])
    merge.accept(db, "E1", "F1", why="same trading company")
    merge.reject(db, "registry|T1", "lei|G1")
    merge.undo(db, merge.accept(db, "E2", "F2").id)
    judged = canonical(db)
    exported = tmp_path / "judgements.jsonl"
    assert kb("resolve", "export", str(exported)).code == 0
    lines = exported.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3

    admin.wipe(db)
    for name in LOADS:
        load(db, bundles[name])
    unjudged = canonical(db)
    broken = tmp_path / "broken.jsonl"
    for bad, says in (
        ([*lines[:2], "{not json"], "broken.jsonl:3: line: not JSON"),
        ([lines[0], lines[1].replace('"reject"', '"maybe"')], "broken.jsonl:2: decision: expected one of"),
        ([lines[0].replace("list|E1", "list|E9")], "broken.jsonl:1: a: no SourceRecord 'list|E9'"),
        (  # an accept of the pair another line rejects
            [lines[1], json.dumps({**json.loads(lines[1]), "id": "res-x", "decision": "accept"})],
            "broken.jsonl:2: decision: accept res-x is contradicted",
        ),
    ):
        broken.write_text("\n".join(bad) + "\n", encoding="utf-8")
        refused = kb("resolve", "import", str(broken))
        assert refused.code == 2 and says in refused.err and refused.err.count("\n") == 1, refused.err
        assert canonical(db) == unjudged and merge.decisions(db) == []
    assert json.loads(kb("resolve", "import", str(exported), "-f", "json").out) == {
        "imported": 3,
        "skipped": 0,
    }
    assert canonical(db) == judged
    assert json.loads(kb("resolve", "import", str(exported), "-f", "json").out) == {
        "imported": 0,
        "skipped": 3,
    }
    assert canonical(db) == judged


def test_an_unsure_judgement_moves_nothing_and_keeps_the_pair_from_being_proposed(
    db: Database, schema_ready: None, bundles: dict[str, Path], kb: Kb
) -> None:
    load(db, bundles["list"])
    load(db, bundles["registry-1"])
    before = canonical(db)
    proposed = {(c["a"], c["b"]) for c in json.loads(kb("resolve", "suggest", "-f", "json").out)}
    assert ("E1", "F1") in proposed
    looked = json.loads(
        kb("resolve", "unsure", "E1", "F1", "--why", "no evidence either way", "-f", "json").out
    )
    assert looked["decision"] == "unsure" and canonical(db) == before
    assert ("E1", "F1") not in {
        (c["a"], c["b"]) for c in json.loads(kb("resolve", "suggest", "-f", "json").out)
    }
    kb("resolve", "undo", looked["id"])
    assert ("E1", "F1") in {(c["a"], c["b"]) for c in json.loads(kb("resolve", "suggest", "-f", "json").out)}
