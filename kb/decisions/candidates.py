"""Candidate pairs of Entities, read from the graph and scored by :mod:`kb.resolution`.

Pairs come from the graph's blocking keys, ``(:Entity)-[:HAS_MATCH_KEY]->(:MatchKey)``, page by
page in Entity id order (``resolve/candidate_pairs``): two Entities are candidates when they share
a key, a name key held by more than ``max_block`` Entities is skipped and an identifier key never
is, as :class:`kb.resolution.Blocker` does in memory; of an Entity's partners (of greater id) only
the ``per_entity`` sharing an identifier or most keys are scored, so the work grows with the
graph, not with the square of its commonest words. Each Entity is scored as one
:class:`PartyRecord` (:func:`kb.resolution.party.entity_party`, as ``kb screen`` reads its
candidates) carrying the names and addresses of every SourceRecord that describes it, its strong
identifiers and its programs, read and scored as :mod:`kb.decisions.scoring` says. Memory holds
the pairs as numbers, the parties and the candidates kept.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterable, Iterator

import numpy as np

from kb.db import Database, Row
from kb.decisions import partners, scoring
from kb.decisions.scoring import Candidate, Parties, judged, match_entities, pair_key
from kb.loaders.write import match_keys as keys
from kb.queries import run, wrapper
from kb.resolution import POSSIBLE

__all__ = ["Candidate", "Parties", "judged", "match_entities", "pages", "pair_key", "suggest"]

Progress = Callable[[str, int, int], None]  # (stage, done, total)
PAGE = 1_000  # Entities whose pairs one read returns
MAX_BLOCK = 1_000  # as kb.resolution.Blocker and kb screen
PER_ENTITY = 10  # partners scored per Entity, those sharing most keys: as kb screen's candidates per row
SUGGESTED = 50  # pairs `kb resolve suggest` lists unless told otherwise
POOL_FROM = 20_000  # Entities from which suggest scores in a pool over the cores


@wrapper("resolve/decided_pairs")
def decided_pairs(db: Database) -> list[Row]:
    return run(db, "resolve/decided_pairs")


@wrapper("resolve/candidate_pairs")
def candidate_pairs(
    db: Database,
    *,
    after: str,
    limit: int | None = None,
    max_block: int | None = None,
    per_entity: int | None = None,
) -> list[Row]:
    return run(
        db, "resolve/candidate_pairs", after=after, limit=limit, max_block=max_block, per_entity=per_entity
    )


def reference_pages(
    db: Database,
    page: int = PAGE,
    max_block: int = MAX_BLOCK,
    per_entity: int = PER_ENTITY,
) -> Iterator[list[tuple[str, str]]]:
    """The candidate pairs as ``resolve/candidate_pairs`` gives them (smaller id first), a page of
    Entities per read: the rule :func:`kb.decisions.partners.partners` computes in memory, kept
    as the reference the tests and the benchmark hold it to."""
    after = ""
    while rows := candidate_pairs(db, after=after, limit=page, max_block=max_block, per_entity=per_entity):
        yield [(row["id"], other) for row in rows for other in row["others"]]
        after = rows[-1]["id"]


def pages(
    db: Database,
    page: int = PAGE,
    max_block: int = MAX_BLOCK,
    progress: Progress | None = None,
    per_entity: int = PER_ENTITY,
) -> Iterator[list[tuple[str, str]]]:
    """The candidate pairs (smaller id first), ``page`` Entities' worth at a time, in id order."""
    total = keys.count_entities(db) if progress is not None else 0
    blocks = partners.read_blocks(db, max_block)
    yield from _pages(blocks, partners.partners(blocks, per_entity), page, progress, total)


def _pages(
    blocks: partners.Blocks,
    chunks: Iterable[tuple[partners.Ints, partners.Ints]],
    page: int,
    progress: Progress | None,
    total: int,
) -> Iterator[list[tuple[str, str]]]:
    """``chunks`` of pairs as pages of ids; progress counts Entities up to ``total``."""
    for first, second in chunks:
        cuts = np.flatnonzero(np.diff(first)) + 1  # where each Entity's partners start
        starts = [0, *cuts[page - 1 :: page].tolist(), len(first)]
        for begin, end in itertools.pairwise(starts):
            yield [
                (blocks.ids[a], blocks.ids[b])
                for a, b in zip(first[begin:end], second[begin:end], strict=True)
            ]
            if progress is not None:
                done = (int(first[end - 1]) + 1) * total // len(blocks.ids)
                progress("candidate pairs", min(done, total), total)
    if progress is not None:
        progress("candidate pairs", total, total)


def suggest(
    db: Database,
    *,
    min_score: float = POSSIBLE,
    limit: int | None = None,
    max_block: int = MAX_BLOCK,
    page: int = PAGE,
    progress: Progress | None = None,
    per_entity: int = PER_ENTITY,
    processes: int | None = None,
) -> list[Candidate]:
    """Pairs scoring at least ``min_score``, best first; never a pair an active decision covers,
    never one whose strong identifiers of one scheme differ (the matcher scores those 0). Scored
    over the cores (``processes``, default all) when there are many."""
    decided = {pair_key(r["a"], r["b"]) for r in decided_pairs(db)}
    workers = processes or os.cpu_count() or 1
    entities = keys.count_entities(db)
    if entities < POOL_FROM and processes is None:
        workers = 1  # forking and connecting cost more than a small graph's scores
    kept = scoring.capacity(entities, workers)
    blocks = partners.read_blocks(db, max_block)
    chosen = _pages(blocks, partners.partners(blocks, per_entity), page, progress, entities)
    found: list[Candidate] = []
    for page_found in scoring.scored(db, chosen, decided, min_score, workers, kept, limit):
        found.extend(page_found)
        if limit is not None and len(found) > 2 * limit:
            found = scoring.best(found, limit)  # only the best need be kept
    return scoring.best(found, limit)
