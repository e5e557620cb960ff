"""Match keys: the blocking keys of each Entity's names and identifiers (:func:`kb.resolution.blocking_keys`),
stored as ``(:Entity)-[:HAS_MATCH_KEY]->(:MatchKey {key})`` so that finding the candidates of a
portfolio row is one index look-up per key.

The load writer adds the keys of every record it writes to its Entity, in the same transaction
(:func:`add_match_keys`); ``kb load --bulk`` writes them into its import files
(:func:`keys_of`); ``kb db reindex-names`` rewrites them all exactly from the Entities' merged
names and identifiers (a graph written by an older kb, or after editing names by hand).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from kb.db import Database
from kb.queries import Statement, run, statement, wrapper
from kb.resolution import PartyRecord, blocking_keys
from kb.resolution.record import KINDS

Progress = Callable[[str, int, int], None]  # (stage, done, total)


@wrapper("screen/entity_parties")
def entity_parties(db: Database, *, ids: list[str]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = run(db, "screen/entity_parties", ids=ids)[0]["entities"]
    return rows


@wrapper("screen/entity_ids_after")
def entity_ids_after(db: Database, *, after: str, limit: int | None = None) -> list[str]:
    return list(run(db, "screen/entity_ids_after", after=after, limit=limit)[0]["ids"])


@wrapper("screen/count_entities")
def count_entities(db: Database) -> int:
    return int(run(db, "screen/count_entities")[0]["n"])


@wrapper("screen/write_match_keys")
def write_match_keys(db: Database, *, rows: list[dict[str, Any]]) -> None:
    run(db, "screen/write_match_keys", rows=rows)


@wrapper("screen/add_match_keys")
def add_match_keys(*, rows: list[dict[str, Any]]) -> Statement:
    return statement("screen/add_match_keys", rows=rows)


def record_keys(rows: Iterable[Mapping[str, Any]]) -> Statement:
    """The statement adding the match keys of written records (the writer's ``{entity, props}``
    rows) to their Entities."""
    found = []
    for row in rows:
        record = party({"id": row["entity"], **row["props"]})
        found.append({"id": row["entity"], "keys": sorted(blocking_keys(record))})
    return add_match_keys(rows=found)


def party(entity: Mapping[str, Any]) -> PartyRecord:
    """An Entity (``id, name, names, kind, country, identifiers``) as a record kb.resolution scores."""
    kind = entity.get("kind") if entity.get("kind") in KINDS else "company"
    return PartyRecord.build(
        entity.get("name") or "",
        kind=str(kind),
        aliases=[n for n in entity.get("names") or () if n],
        country=entity.get("country"),
        identifiers=entity.get("identifiers") or (),
        key=str(entity["id"]),
    )


def entity_keys(entity: Mapping[str, Any]) -> list[str]:
    """The match keys of an Entity (``id, name, names, kind, country, identifiers``), sorted."""
    return sorted(blocking_keys(party(entity)))


def _rows(entities: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [{"id": e["id"], "keys": entity_keys(e)} for e in entities]


def keys_of(
    entities: Sequence[Mapping[str, Any]], chunk: int = 2_000, processes: int | None = None
) -> Iterator[dict[str, Any]]:
    """``{id, keys}`` of each of ``entities``, in order, computed in a pool of forked processes
    over the cores (normalising names is pure Python and the slow part); in-process when small."""
    chunks = [entities[start : start + chunk] for start in range(0, len(entities), chunk)]
    workers = min(processes or os.cpu_count() or 1, len(chunks))
    if workers <= 1:
        for part in chunks:
            yield from _rows(part)
        return
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for rows in pool.imap(_rows, chunks):
            yield from rows


def index(db: Database, ids: Iterable[str], batch_size: int = 2_000) -> int:
    """Rewrite the match keys of the Entities ``ids`` from their current names and identifiers."""
    wanted = sorted(set(ids))
    for start in range(0, len(wanted), batch_size):
        entities = entity_parties(db, ids=wanted[start : start + batch_size])
        write_match_keys(db, rows=_rows(entities))
    return len(wanted)


def _pages(db: Database, batch_size: int) -> Iterator[list[dict[str, Any]]]:
    """Every Entity (what matching needs of it), page by page in id order."""
    after = ""
    while ids := entity_ids_after(db, after=after, limit=batch_size):
        yield entity_parties(db, ids=ids)
        after = ids[-1]


def reindex(
    db: Database, batch_size: int = 2_000, progress: Progress | None = None, processes: int | None = None
) -> int:
    """Rebuild the match keys of every Entity: pages read in id order, each page's keys computed
    in a pool over the cores while the previous page is written (one ``UNWIND`` write each)."""
    total = count_entities(db)
    workers = max(1, processes or os.cpu_count() or 1)
    done = 0

    def write(rows: list[list[dict[str, Any]]]) -> None:
        nonlocal done
        flat = [row for part in rows for row in part]
        write_match_keys(db, rows=flat)
        done += len(flat)
        if progress is not None:
            progress("match keys", done, total)

    with multiprocessing.get_context("fork").Pool(workers) as pool:
        pending = None
        for page in _pages(db, batch_size):
            step = -(-len(page) // workers)
            job = pool.map_async(_rows, [page[i : i + step] for i in range(0, len(page), step)])
            if pending is not None:
                write(pending.get())
            pending = job
        if pending is not None:
            write(pending.get())
    return done
