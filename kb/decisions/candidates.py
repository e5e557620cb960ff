"""Candidate pairs of Entities, read from the graph and scored by :mod:`kb.resolution`.

Pairs come from the graph's blocking keys, ``(:Entity)-[:HAS_MATCH_KEY]->(:MatchKey)``, page by
page in Entity id order (``resolve/candidate_pairs``): two Entities are candidates when they share
a key, a name key held by more than ``max_block`` Entities is skipped and an identifier key never
is, as :class:`kb.resolution.Blocker` does in memory; of an Entity's partners (of greater id) only
the ``per_entity`` sharing an identifier or most keys are scored, so the work grows with the
graph, not with the square of its commonest words. Each Entity is scored as one
:class:`PartyRecord` (:func:`kb.resolution.party.entity_party`, as ``kb screen`` reads its
candidates) carrying the names and addresses of every SourceRecord that describes it, its strong
identifiers and its programs. Memory holds one page, the parties it needs (a bounded cache) and
the pairs kept.
"""

from __future__ import annotations

import collections
import itertools
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.pool import AsyncResult
from typing import Any

import numpy as np

from kb.connection import Connection
from kb.db import Database, Row
from kb.decisions import partners
from kb.loaders.write import match_keys as keys
from kb.queries import run, wrapper
from kb.resolution import POSSIBLE, Judgement, PartyRecord, score
from kb.resolution.party import entity_party

Progress = Callable[[str, int, int], None]  # (stage, done, total)
PAGE = 1_000  # Entities whose pairs one read returns
MAX_BLOCK = 1_000  # as kb.resolution.Blocker and kb screen
PER_ENTITY = 10  # partners scored per Entity, those sharing most keys: as kb screen's candidates per row
CACHED = 100_000  # parties kept between pages before the cache starts afresh
POOL_FROM = 20_000  # Entities from which suggest scores in a pool over the cores


@wrapper("resolve/match_entities")
def match_entities(db: Database, *, ids: list[str]) -> list[Row]:
    return run(db, "resolve/match_entities", ids=ids)


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


@dataclass(frozen=True)
class Candidate:
    a: str  # the survivor if accepted: the Entity seen first
    b: str
    a_name: str
    b_name: str
    judgement: Judgement

    def row(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "a_name": self.a_name,
            "b": self.b,
            "b_name": self.b_name,
            "score": self.judgement.score,
            "verdict": self.judgement.verdict,
            "reasons": list(self.judgement.reasons),
        }

    def rank(self) -> tuple[float, str, str]:
        """Best first: the highest score, then the ids."""
        return (-self.judgement.score, self.a, self.b)


def pair_key(a: str, b: str) -> frozenset[str]:
    return frozenset((a, b))


def _seen_first(left: Row, right: Row) -> tuple[Row, Row]:
    """The survivor first: the Entity a load wrote first, then the smaller id."""

    def order(row: Row) -> tuple[str, str]:
        seen = row["first_seen"]
        return (seen.iso_format() if seen is not None else "~", row["id"])

    return (left, right) if order(left) <= order(right) else (right, left)


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
    for first, second in partners.partners(blocks, per_entity):
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


class Parties:
    """Entities as scored parties, read in batches and kept in a bounded cache."""

    def __init__(self, db: Database, capacity: int = CACHED) -> None:
        self.db = db
        self.capacity = capacity
        self.rows: dict[str, Row] = {}
        self.records: dict[str, PartyRecord] = {}

    def need(self, ids: Iterable[str]) -> None:
        wanted = set(ids)  # once: ids may be a generator, and a full cache reads them all again
        missing = sorted(wanted - self.rows.keys())
        if len(self.rows) + len(missing) > self.capacity:
            self.rows.clear()
            self.records.clear()
            missing = sorted(wanted)
        for row in match_entities(self.db, ids=missing):
            self.rows[row["id"]] = row
            self.records[row["id"]] = entity_party(row)


def _best(found: list[Candidate], limit: int | None) -> list[Candidate]:
    found.sort(key=Candidate.rank)
    return found[:limit] if limit is not None else found


def judged(
    parties: Parties, pairs: list[tuple[str, str]], decided: set[frozenset[str]], min_score: float
) -> list[Candidate]:
    parties.need(id_ for pair in pairs for id_ in pair)
    found: list[Candidate] = []
    for a, b in pairs:
        if pair_key(a, b) in decided or not {a, b} <= parties.records.keys():
            continue  # decided, or merged away by an accept since the page was read
        judged = score(parties.records[a], parties.records[b])
        if judged.score <= 0 or judged.score < min_score:
            continue
        first, second = _seen_first(parties.rows[a], parties.rows[b])
        found.append(Candidate(first["id"], second["id"], first["name"] or "", second["name"] or "", judged))
    return found


_WORKER: dict[str, Any] = {}  # a scoring process's connection, parties and the decided pairs


def _start_worker(connection: Connection, decided: set[frozenset[str]], min_score: float) -> None:
    _WORKER.update(parties=Parties(Database.connect(connection)), decided=decided, min_score=min_score)


def _judge_in_worker(pairs: list[tuple[str, str]]) -> list[Candidate]:
    return judged(_WORKER["parties"], pairs, _WORKER["decided"], _WORKER["min_score"])


def _scored(
    db: Database,
    pairs: Iterator[list[tuple[str, str]]],
    decided: set[frozenset[str]],
    min_score: float,
    processes: int,
) -> Iterator[list[Candidate]]:
    """Each page of ``pairs`` judged: in this process, or in a pool of ``processes`` forked ones,
    each with its own connection and cache of parties, a few pages in flight at a time so memory
    holds pages, not every pair. Scoring is pure Python and most of the work."""
    if processes <= 1:
        parties = Parties(db)
        for page in pairs:
            yield judged(parties, page, decided, min_score)
        return
    context = multiprocessing.get_context("fork")
    with context.Pool(processes, _start_worker, (db.connection, decided, min_score)) as pool:
        pending: collections.deque[AsyncResult[list[Candidate]]] = collections.deque()
        for page in pairs:
            pending.append(pool.apply_async(_judge_in_worker, (page,)))
            if len(pending) > 2 * processes:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


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
    found: list[Candidate] = []
    workers = processes or os.cpu_count() or 1
    if keys.count_entities(db) < POOL_FROM and processes is None:
        workers = 1  # forking and connecting cost more than a small graph's scores
    chosen = pages(db, page=page, max_block=max_block, progress=progress, per_entity=per_entity)
    for judged in _scored(db, chosen, decided, min_score, workers):
        found.extend(judged)
        if limit is not None and len(found) > 2 * limit:
            found = _best(found, limit)  # only the best need be kept
    return _best(found, limit)
