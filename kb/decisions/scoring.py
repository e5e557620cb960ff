"""Scoring ``kb resolve suggest``'s candidate pairs: the parties they need, read from the graph
and kept for :func:`kb.resolution.score`, and the pool of processes that scores them.

Partners are spread over the whole graph, so a process that kept only some parties would read
and prepare most of them again and again: each scoring process keeps every party it has read,
with what scoring worked out from it (its names' keys), as long as memory allows
(:func:`capacity`).
"""

from __future__ import annotations

import collections
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.pool import AsyncResult
from typing import Any

from kb.connection import Connection
from kb.db import Database, Row
from kb.queries import run, wrapper
from kb.resolution import Judgement, PartyRecord, score
from kb.resolution.party import entity_party
from kb.resolution.workers import forked_pool

Progress = Callable[[str, int, int], None]  # (stage, done, total)
CACHED = 100_000  # parties kept between pages before the cache starts afresh, at least
PARTY_BYTES = 4_000  # a party kept by a scoring process, its names' keys included (~3,500 at 1M)
MEMORY_SHARE = 0.6  # of the memory available when suggest starts, for the parties of every process


@wrapper("resolve/match_entities")
def match_entities(db: Database, *, ids: list[str]) -> list[Row]:
    return run(db, "resolve/match_entities", ids=ids)


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


@dataclass(frozen=True)
class Seen:
    order: tuple[str, str]  # the survivor of a pair first: written first, then the smaller id
    name: str


def _seen(row: Row) -> Seen:
    first_seen = row["first_seen"]
    return Seen((first_seen.iso_format() if first_seen is not None else "~", row["id"]), row["name"] or "")


class Parties:
    """Entities as scored parties, read in batches and kept in a bounded cache. A party keeps
    what scoring works out from it (its names' keys), so it is read and prepared once as long as
    it stays: :func:`capacity` keeps every Entity of a graph when memory allows."""

    def __init__(self, db: Database, capacity: int = CACHED) -> None:
        self.db = db
        self.capacity = capacity
        self.rows: dict[str, Seen] = {}
        self.records: dict[str, PartyRecord] = {}

    def need(self, ids: Iterable[str]) -> None:
        wanted = set(ids)  # once: ids may be a generator, and a full cache reads them all again
        missing = sorted(wanted - self.rows.keys())
        if len(self.rows) + len(missing) > self.capacity:
            self.rows.clear()
            self.records.clear()
            missing = sorted(wanted)
        for row in match_entities(self.db, ids=missing):
            self.rows[row["id"]] = _seen(row)
            self.records[row["id"]] = entity_party(row)


def capacity(entities: int, processes: int) -> int:
    """Parties each of ``processes`` scoring processes keeps: every Entity of the graph when
    :data:`MEMORY_SHARE` of the memory available holds them all in every process, else what it
    holds (at least :data:`CACHED`)."""
    fits = int(_available_bytes() * MEMORY_SHARE) // (max(processes, 1) * PARTY_BYTES)
    return max(CACHED, min(entities, fits))


def _available_bytes() -> int:
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0  # unknown: the default cache only


def judged(
    parties: Parties, pairs: list[tuple[str, str]], decided: set[frozenset[str]], min_score: float
) -> list[Candidate]:
    parties.need(id_ for pair in pairs for id_ in pair)
    found: list[Candidate] = []
    for a, b in pairs:
        if pair_key(a, b) in decided or not {a, b} <= parties.records.keys():
            continue  # decided, or merged away by an accept since the page was read
        judgement = score(parties.records[a], parties.records[b])
        if judgement.score <= 0 or judgement.score < min_score:
            continue
        first, second = sorted((parties.rows[a], parties.rows[b]), key=lambda seen: seen.order)
        found.append(Candidate(first.order[1], second.order[1], first.name, second.name, judgement))
    return found


_WORKER: dict[str, Any] = {}  # a scoring process's connection, parties, decided pairs, limit


def _start_worker(
    connection: Connection, decided: set[frozenset[str]], min_score: float, kept: int, limit: int | None
) -> None:
    parties = Parties(Database.connect(connection), kept)
    _WORKER.update(parties=parties, decided=decided, min_score=min_score, limit=limit)


def _judge_in_worker(pairs: list[tuple[str, str]]) -> list[Candidate]:
    found = judged(_WORKER["parties"], pairs, _WORKER["decided"], _WORKER["min_score"])
    return best(found, _WORKER["limit"])  # the best of all pages are among the best of each


def best(found: list[Candidate], limit: int | None) -> list[Candidate]:
    """``found`` best first, the first ``limit`` of them."""
    found.sort(key=Candidate.rank)
    return found[:limit] if limit is not None else found


def scored(
    db: Database,
    pairs: Iterator[list[tuple[str, str]]],
    decided: set[frozenset[str]],
    min_score: float,
    processes: int,
    kept: int = CACHED,
    limit: int | None = None,
) -> Iterator[list[Candidate]]:
    """Each page of ``pairs`` judged: in this process, or in a pool of ``processes`` forked ones,
    each with its own connection and cache of ``kept`` parties, a few pages in flight at a time
    so memory holds pages, not every pair; of each page, only the best ``limit`` come back.
    Scoring is pure Python and most of the work."""
    if processes <= 1:
        parties = Parties(db, kept)
        for page in pairs:
            yield best(judged(parties, page, decided, min_score), limit)
        return
    with forked_pool(processes, _start_worker, (db.connection, decided, min_score, kept, limit)) as pool:
        pending: collections.deque[AsyncResult[list[Candidate]]] = collections.deque()
        for page in pairs:
            pending.append(pool.apply_async(_judge_in_worker, (page,)))
            if len(pending) > 2 * processes:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()
