"""Match keys: the blocking keys of each Entity's names and identifiers (:func:`kb.resolution.blocking_keys`),
stored as ``(:Entity)-[:HAS_MATCH_KEY]->(:MatchKey {key})`` so that finding the candidates of a
portfolio row is one index look-up per key.

The load writer adds the keys of every record it writes to its Entity, in the same transaction
(:func:`add_match_keys`); ``kb db reindex-names`` rewrites them all exactly from the Entities'
merged names and identifiers (after a bulk import, or a graph written by an older kb).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
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


def index(db: Database, ids: Iterable[str], batch_size: int = 2_000) -> int:
    """Rewrite the match keys of the Entities ``ids`` from their current names and identifiers."""
    wanted = sorted(set(ids))
    for start in range(0, len(wanted), batch_size):
        entities = entity_parties(db, ids=wanted[start : start + batch_size])
        rows = [{"id": e["id"], "keys": sorted(blocking_keys(party(e)))} for e in entities]
        write_match_keys(db, rows=rows)
    return len(wanted)


def reindex(db: Database, batch_size: int = 2_000, progress: Progress | None = None) -> int:
    """Rebuild the match keys of every Entity, page by page in id order."""
    done, after = 0, ""
    while ids := entity_ids_after(db, after=after, limit=batch_size):
        done += index(db, ids, batch_size)
        after = ids[-1]
        if progress is not None:
            progress("match keys", done, done)
    return done
