"""`kb resolve suggest` reads its candidate pairs from the graph's match keys, page by page: on real
samples of four lists it proposes exactly what the in-memory Blocker over every Entity did, a
rejected pair stays out, and the pairs come from the keys stored in the graph."""

from __future__ import annotations

from pathlib import Path

import pytest
from loading import load_overlapping_lists
from test_load_bundle import load, write_bundle

from kb.db import Database
from kb.decisions import candidates, merge
from kb.loaders.write import match_keys as keys
from kb.resolution import Blocker, score
from kb.resolution.party import entity_party

Pair = tuple[str, str, float]


@pytest.fixture
def lists(db: Database, schema_ready: None) -> Database:
    return load_overlapping_lists(db)


def pair(a: str, b: str, value: float) -> Pair:
    first, second = sorted((a, b))
    return (first, second, value)


def in_memory(db: Database, max_block: int) -> set[Pair]:
    """What suggest proposed before: kb.resolution.Blocker over every Entity, in memory."""
    ids = [row["id"] for row in db.read("MATCH (e:Entity) RETURN e.id AS id ORDER BY id")]
    rows = candidates.match_entities(db, ids=ids)
    records = [entity_party(row) for row in rows]
    decided = {candidates.pair_key(r["a"], r["b"]) for r in candidates.decided_pairs(db)}
    found: set[Pair] = set()
    for i, j in Blocker(records, max_block).pairs():
        if candidates.pair_key(rows[i]["id"], rows[j]["id"]) in decided:
            continue
        judged = score(records[i], records[j])
        if judged.score > 0:
            found.add(pair(rows[i]["id"], rows[j]["id"], judged.score))
    return found


EVERY = 1_000_000  # no bound on the partners scored per Entity


def from_graph(
    db: Database, max_block: int = candidates.MAX_BLOCK, page: int = 7, per_entity: int = EVERY
) -> set[Pair]:
    # small pages: pairs that straddle pages must neither repeat nor go missing
    found = candidates.suggest(db, min_score=0.0, max_block=max_block, page=page, per_entity=per_entity)
    return {pair(c.a, c.b, c.judgement.score) for c in found}


@pytest.mark.parametrize("max_block", [candidates.MAX_BLOCK, 3])
def test_graph_side_suggest_proposes_what_the_in_memory_blocker_did(lists: Database, max_block: int) -> None:
    expected = in_memory(lists, max_block)
    assert len(expected) > 50  # the samples share many names: a comparison worth making
    assert from_graph(lists, max_block) == expected


def test_partners_per_entity_are_bounded_and_lose_no_match(lists: Database) -> None:
    every = from_graph(lists)
    bounded = from_graph(lists, per_entity=candidates.PER_ENTITY)
    assert bounded < every  # some Entity of these samples shares keys with more than ten others
    smaller: dict[str, int] = {}
    for a, _, _ in bounded:
        smaller[a] = smaller.get(a, 0) + 1
    assert max(smaller.values()) <= candidates.PER_ENTITY
    assert {p for p in every if p[2] >= 0.9} == {p for p in bounded if p[2] >= 0.9}  # every match kept
    two = from_graph(lists, per_entity=2)
    assert max(sum(1 for a, _, _ in two if a == x) for x in smaller) <= 2
    assert {p for p in two if p[2] >= 0.9} < {p for p in every if p[2] >= 0.9}, "a tighter bound loses some"


def test_a_rejected_pair_stays_out(lists: Database) -> None:
    best = candidates.suggest(lists, limit=1)[0]
    merge.reject(lists, best.b, best.a, why="checked: two parties")
    after = from_graph(lists)
    assert not {(a, b) for a, b, _ in after} & {tuple(sorted((best.a, best.b)))}
    assert after == in_memory(lists, candidates.MAX_BLOCK)


def test_limit_keeps_the_best_pairs_in_order(lists: Database) -> None:
    every = candidates.suggest(lists, min_score=0.0)
    assert [c.rank() for c in every] == sorted(c.rank() for c in every)
    assert candidates.suggest(lists, min_score=0.0, limit=5) == every[:5]
    assert all(c.judgement.score >= 0.7 for c in candidates.suggest(lists))


def test_pairs_come_from_the_match_keys_stored_in_the_graph(
    db: Database, schema_ready: None, tmp_path: Path
) -> None:
    load(
        db,
        write_bundle(
            tmp_path / "one", entities="id,name,kind,country\nx1,Acme Technology Co Ltd,company,CN\n"
        ),
    )
    load(
        db,
        write_bundle(
            tmp_path / "two", entities="id,name,kind,country\nx2,ACME TECHNOLOGY CO. LTD.,company,CN\n"
        ),
    )
    assert [(c.a, c.b) for c in candidates.suggest(db)] == [("x1", "x2")]
    db.write("MATCH (:Entity {id: 'x2'})-[k:HAS_MATCH_KEY]->() DELETE k")
    assert candidates.suggest(db) == []  # without its keys in the graph, x2 meets nobody
    keys.reindex(db)
    assert [(c.a, c.b) for c in candidates.suggest(db)] == [("x1", "x2")]


def test_progress_counts_the_entities(lists: Database) -> None:
    seen: list[tuple[str, int, int]] = []
    candidates.suggest(lists, progress=lambda stage, done, total: seen.append((stage, done, total)))
    total = lists.read("MATCH (e:Entity) RETURN count(e) AS n")[0]["n"]
    assert seen[-1] == ("candidate pairs", total, total)
    for stage in {stage for stage, _, _ in seen}:
        counts = [done for named, done, _ in seen if named == stage]
        assert counts == sorted(counts), stage
