"""Bring a graph an older kb wrote to judgements between records (issue 17), losing nothing.

An older kb merged Entities: ``kb resolve accept A B`` moved B's records and facts to A and linked
the decision to Entities. Upgrading gives every claim the records at its ends (claims format 3,
:func:`kb.loaders.write.claims.cite_sources`), turns each decision into a judgement between a
record of A and one of B (who, when, why, score, reasons and state kept), then clusters every
record an Entity shares with another or a judgement names and writes those Entities' views again
(in today's record order), so Entities are what the records and judgements make them.
Idempotent; the caller holds the load lock.
"""

from __future__ import annotations

from typing import Any

from kb.db import Database, Row
from kb.errors import LoadError
from kb.loaders.write import clusters
from kb.queries import run, wrapper


@wrapper("migrate/old_decisions")
def old_decisions(db: Database) -> list[Row]:
    return run(db, "migrate/old_decisions")


@wrapper("migrate/records_named")
def records_named(db: Database, *, ids: list[str]) -> dict[str, list[str]]:
    return {row["id"]: list(row["records"]) for row in run(db, "migrate/records_named", ids=ids)}


@wrapper("migrate/convert_decisions")
def convert_decisions(db: Database, *, rows: list[dict[str, Any]]) -> None:
    run(db, "migrate/convert_decisions", rows=rows)


@wrapper("migrate/clustered_records")
def clustered_records(db: Database) -> list[str]:
    return list(run(db, "migrate/clustered_records")[0]["keys"])


def _pair(decision: Row, named: dict[str, list[str]]) -> dict[str, Any] | None:
    moved = sorted(decision["records"])
    a_side = [key for key in named.get(decision["a"], []) if key not in moved]
    b_side = moved if decision["decision"] == "accept" and moved else named.get(decision["b"], [])
    if not a_side or not b_side:
        return None
    return {"id": decision["id"], "a": a_side[0], "b": b_side[0], "entities": [decision["a"], decision["b"]]}


def convert(db: Database) -> tuple[int, list[str]]:
    """Older decisions as judgements between records; the ids of those whose records are gone."""
    found = old_decisions(db)
    if not found:
        return 0, []
    named = records_named(db, ids=sorted({d[side] for d in found for side in ("a", "b")}))
    rows, lost = [], []
    for decision in found:
        pair = _pair(decision, named)
        if pair is None:
            lost.append(decision["id"])
        else:
            rows.append(pair)
    if rows:
        convert_decisions(db, rows=rows)
    return len(rows), lost


def upgrade(db: Database) -> int:
    """Convert older decisions and cluster what an older kb merged; returns the decisions converted."""
    converted, lost = convert(db)
    if lost:
        raise LoadError(
            f"decisions {', '.join(lost)} name Entities with no records left: not converted, nothing changed"
        )
    clusters.recluster(db, clustered_records(db), rewrite=True)
    return converted
