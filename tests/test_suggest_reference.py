"""`kb resolve suggest` picks each Entity's partners in memory from the blocking index read in bulk
(kb.decisions.partners): held to the rule it replaced, resolve/candidate_pairs asked page by page
and every pair scored in one process, it proposes every pair that path proposed, with the same
score, on real samples of four lists and on a synthetic graph whose common words fill big blocks."""

from __future__ import annotations

from pathlib import Path

import pytest
from loading import load_overlapping_lists

from kb import loaders
from kb.db import Database
from kb.decisions import candidates, partners
from kb.loaders.formats import bundle
from kb.loaders.write import writer
from kb.synth import synth

Pair = tuple[str, str, float]


@pytest.fixture
def lists(db: Database, schema_ready: None) -> Database:
    return load_overlapping_lists(db)


@pytest.fixture
def synthetic(db: Database, schema_ready: None, tmp_path: Path) -> Database:
    folder = tmp_path / "synth"
    synth(600, 7, folder)
    writer.load(db, bundle.parse(folder), writer.LoadOptions("bundle", str(folder), loaders.checksum(folder)))
    return db


def today(db: Database, min_score: float, max_block: int, per_entity: int) -> set[Pair]:
    """What suggest answered before: resolve/candidate_pairs page by page, scored in one process."""
    decided = {candidates.pair_key(r["a"], r["b"]) for r in candidates.decided_pairs(db)}
    parties = candidates.Parties(db)
    found = [
        c
        for page in candidates.reference_pages(db, page=50, max_block=max_block, per_entity=per_entity)
        for c in candidates.judged(parties, page, decided, min_score)
    ]
    return {(*sorted((c.a, c.b)), c.judgement.score) for c in found}  # type: ignore[misc]


def now(db: Database, min_score: float, max_block: int, per_entity: int, processes: int) -> set[Pair]:
    found = candidates.suggest(
        db,
        min_score=min_score,
        max_block=max_block,
        per_entity=per_entity,
        page=37,
        processes=processes,
    )
    return {(*sorted((c.a, c.b)), c.judgement.score) for c in found}  # type: ignore[misc]


def reference_pairs(db: Database, max_block: int, per_entity: int) -> set[tuple[str, str]]:
    pages = candidates.reference_pages(db, page=50, max_block=max_block, per_entity=per_entity)
    return {pair for page in pages for pair in page}


def memory_pairs(db: Database, max_block: int, per_entity: int) -> list[tuple[str, str]]:
    blocks = partners.read_blocks(db, max_block)
    return [
        (blocks.ids[a], blocks.ids[b])
        for first, second in partners.partners(blocks, per_entity)
        for a, b in zip(first.tolist(), second.tolist(), strict=True)
    ]


@pytest.mark.parametrize(("max_block", "per_entity"), [(1_000, 10), (1_000, 2), (3, 10), (1_000, 1_000_000)])
def test_partners_are_the_reference_rule_on_the_real_samples(
    lists: Database, max_block: int, per_entity: int
) -> None:
    found = memory_pairs(lists, max_block, per_entity)
    assert len(found) == len(set(found))  # each pair once
    assert all(a < b for a, b in found)
    assert set(found) == reference_pairs(lists, max_block, per_entity)


def test_suggest_loses_no_pair_of_the_former_path_on_the_real_samples(lists: Database) -> None:
    before = today(lists, 0.0, candidates.MAX_BLOCK, candidates.PER_ENTITY)
    assert sum(1 for p in before if p[2] >= 0.9) > 20  # the samples hold matches worth keeping
    for processes in (1, 2):
        after = now(lists, 0.0, candidates.MAX_BLOCK, candidates.PER_ENTITY, processes)
        assert after >= before, f"lost: {sorted(before - after)[:5]}"
    possible = today(lists, 0.7, candidates.MAX_BLOCK, candidates.PER_ENTITY)
    assert now(lists, 0.7, candidates.MAX_BLOCK, candidates.PER_ENTITY, 2) >= possible


def test_suggest_loses_no_pair_of_the_former_path_on_a_synthetic_graph(synthetic: Database) -> None:
    # blocks of the synthetic vocabulary's words hold hundreds: a small max_block skips many
    for max_block, per_entity in ((1_000, 10), (40, 3)):
        assert set(memory_pairs(synthetic, max_block, per_entity)) == reference_pairs(
            synthetic, max_block, per_entity
        )
        before = today(synthetic, 0.7, max_block, per_entity)
        assert len(before) > 50
        assert now(synthetic, 0.7, max_block, per_entity, 2) >= before


def test_the_best_of_every_page_are_the_best_of_all(synthetic: Database) -> None:
    """Scoring processes send back only the best ``limit`` of each page: the answer is still the
    first ``limit`` of everything."""
    everything = candidates.suggest(synthetic, min_score=0.5, page=20, processes=1)
    assert len(everything) > 60
    for processes in (1, 2):
        best = candidates.suggest(synthetic, min_score=0.5, page=20, processes=processes, limit=25)
        assert best == everything[:25], processes


def test_an_empty_graph_has_no_partners(db: Database, schema_ready: None) -> None:
    blocks = partners.read_blocks(db, candidates.MAX_BLOCK)
    assert blocks.ids == [] and list(partners.partners(blocks, 10)) == []
    assert candidates.suggest(db, processes=2) == []


def test_a_full_cache_of_parties_reads_the_page_again(lists: Database) -> None:
    """When the cache of parties is full it starts afresh with the page's Entities: every pair of
    that page is still scored (the former suggest lost such pages: their ids, a generator, were
    read once and gone)."""
    pages = list(candidates.pages(lists, page=20))
    roomy, tight = candidates.Parties(lists), candidates.Parties(lists, capacity=60)
    expected = [c for page in pages for c in candidates.judged(roomy, page, set(), 0.0)]
    assert len(expected) > 50
    assert [c for page in pages for c in candidates.judged(tight, page, set(), 0.0)] == expected
    assert len(tight.rows) <= 60 + max(len({i for pair in page for i in pair}) for page in pages)
