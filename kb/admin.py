"""Database administration behind ``kb db init | stats | wipe | schema``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kb import schema
from kb.db import Database, Row
from kb.errors import QueryError
from kb.loaders.write import writer
from kb.queries import run, wrapper


@dataclass(frozen=True)
class InitReport:
    created: list[str]
    present: list[str]
    claims_upgraded: int = 0  # claim keys written by an older kb, brought to today's


@wrapper("db/schema_objects")
def schema_objects(db: Database) -> list[Row]:
    return run(db, "db/schema_objects")


@wrapper("db/wipe")
def wipe(db: Database, batch_size: int = 10_000) -> int:
    """Delete all data in batches; the schema stays. Returns the number of nodes deleted."""
    rows = run(db, "db/wipe", batch_size=batch_size)
    return int(rows[0]["deleted"]) if rows else 0


@wrapper("db/constraint_names")
def constraint_names(db: Database) -> list[str]:
    return [row["name"] for row in run(db, "db/constraint_names")]


@wrapper("db/await_indexes")
def await_indexes(db: Database, *, timeout: int) -> None:
    run(db, "db/await_indexes", timeout=timeout)


def _names(db: Database) -> set[str]:
    return set(constraint_names(db)) | {row["name"] for row in schema_objects(db)}


def init(db: Database, timeout_seconds: int = 300) -> InitReport:
    """Apply every constraint and index of :mod:`kb.schema` (idempotent), wait until online, then
    upgrade claim keys an older kb wrote (idempotent; waits for a running load to finish)."""
    before = _names(db)
    wanted = schema.SCHEMA_ITEMS
    for item in wanted:
        _create(db, item.cypher())
    await_indexes(db, timeout=timeout_seconds)
    created = [item.name for item in wanted if item.name not in before]
    present = [item.name for item in wanted if item.name in before]
    upgraded = writer.upgrade_claim_keys(db, wait_seconds=timeout_seconds)
    return InitReport(created=created, present=present, claims_upgraded=upgraded)


# What a concurrent `kb db init` makes the server say when both create the same rule at once: the
# IF NOT EXISTS check passed in both transactions and the second commit loses. Running the
# statement again sees the committed rule and does nothing.
_LOST_SCHEMA_RACE = frozenset(
    {
        "Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists",
        "Neo.ClientError.Schema.ConstraintAlreadyExists",
        "Neo.ClientError.Schema.IndexAlreadyExists",
    }
)


def _create(db: Database, statement: str) -> None:
    try:
        db.write(statement)
    except QueryError as exc:
        if exc.code not in _LOST_SCHEMA_RACE:
            raise
        db.write(statement)


def _count_query() -> str:
    # Labels and types come from the closed set in kb.schema; COUNT {} reads Neo4j's count store.
    items = [
        f"{{element: 'node', name: '{label}', count: COUNT {{ (:{label}) }}}}" for label in schema.NODE_LABELS
    ]
    items += [
        f"{{element: 'relationship', name: '{rel}', count: COUNT {{ ()-[:{rel}]->() }}}}"
        for rel in schema.RELATIONSHIP_TYPES
    ]
    items.append("{element: 'node', name: '(all nodes)', count: COUNT { () }}")
    items.append("{element: 'relationship', name: '(all relationships)', count: COUNT { ()-->() }}")
    rows = ",\n  ".join(items)
    return (
        f"UNWIND [\n  {rows}\n] AS row\nRETURN row.element AS element, row.name AS name, row.count AS count"
    )


def stats(db: Database) -> list[dict[str, Any]]:
    """Counts per label and relationship type, plus the schema objects and their state."""
    rows: list[dict[str, Any]] = [dict(row) for row in db.read(_count_query())]
    objects = schema_objects(db)
    online = sum(1 for row in objects if row["state"] == "ONLINE")
    rows.append({"element": "schema", "name": "indexes (online/total)", "count": f"{online}/{len(objects)}"})
    declared = {item.name for item in schema.SCHEMA_ITEMS}
    missing = sorted(declared - _names(db))
    if missing:
        rows.append({"element": "schema", "name": "missing (run kb db init)", "count": len(missing)})
    return rows
