"""Match keys in the graph: the keys of each Entity's names and identifiers
(:mod:`kb.resolution.keys`), stored as ``(:Entity)-[:HAS_MATCH_KEY]->(:MatchKey {key})`` so that
finding the candidates of a portfolio row or of an Entity is one index look-up per key.

The load writer adds the keys of every record it writes to its Entity, in the same transaction
(:mod:`kb.loaders.write.records`); ``kb load --bulk`` writes them into its import files
(:func:`kb.resolution.keys.keys_of`); ``kb db reindex-names`` rewrites them all exactly from the
Entities' merged names and identifiers (a graph written by an older kb, or after editing names by
hand).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from kb.db import Database, Run
from kb.queries import Statement, run, statement, wrapper
from kb.resolution.keys import key_rows
from kb.resolution.workers import forked_pool

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
def write_match_keys(*, rows: list[dict[str, Any]]) -> Statement:
    return statement("screen/write_match_keys", rows=rows)


@wrapper("screen/add_match_keys")
def add_match_keys(*, rows: list[dict[str, Any]]) -> Statement:
    return statement("screen/add_match_keys", rows=rows)


def rewrite(run_: Run, entities: Sequence[Mapping[str, Any]]) -> None:
    """Within a write transaction: rewrite the match keys of ``entities`` (as entity_parties)."""
    run_(*write_match_keys(rows=key_rows(entities)))


def index(db: Database, ids: Iterable[str], batch_size: int = 2_000) -> int:
    """Rewrite the match keys of the Entities ``ids`` from their current names and identifiers."""
    wanted = sorted(set(ids))
    for start in range(0, len(wanted), batch_size):
        entities = entity_parties(db, ids=wanted[start : start + batch_size])
        db.write(*write_match_keys(rows=key_rows(entities)))
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
        db.write(*write_match_keys(rows=flat))
        done += len(flat)
        if progress is not None:
            progress("match keys", done, total)

    with forked_pool(workers) as pool:
        pending = None
        for page in _pages(db, batch_size):
            step = -(-len(page) // workers)
            job = pool.map_async(key_rows, [page[i : i + step] for i in range(0, len(page), step)])
            if pending is not None:
                write(pending.get())
            pending = job
        if pending is not None:
            write(pending.get())
    return done
