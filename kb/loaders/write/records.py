"""Write entity records: SourceRecords as each source said them, and the merged Entity view."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from kb.db import Database
from kb.loaders.dataset import EntityRecord
from kb.loaders.write import cypher_by_type, match_keys
from kb.loaders.write.claims import content_hash
from kb.loaders.write.resolve import record_key
from kb.queries import Statement, run, statement, wrapper
from kb.schema import KIND_LABELS


@wrapper("load/source_records")
def source_records(db: Database, *, dataset: str) -> list[list[Any]]:
    return list(run(db, "load/source_records", dataset=dataset)[0]["records"])


@wrapper("load/source_records_by_key")
def source_records_by_key(db: Database, *, keys: list[str]) -> list[list[Any]]:
    return list(run(db, "load/source_records_by_key", keys=keys)[0]["records"])


@wrapper("load/write_records")
def write_records(*, rows: list[dict[str, Any]], dataset: str, run: str, now: dt.datetime) -> Statement:
    return statement("load/write_records", rows=rows, dataset=dataset, run=run, now=now)


@wrapper("load/merged_view")
def merged_view(*, ids: list[str]) -> Statement:
    return statement("load/merged_view", ids=ids)


@wrapper("load/create_match_keys")
def create_match_keys(*, keys: list[str], rows: list[dict[str, Any]]) -> Statement:
    return statement("load/create_match_keys", keys=keys, rows=rows)


def _new_entity_keys(keys: list[dict[str, Any]]) -> Statement:
    """create_match_keys of ``{id, keys}`` rows: each key once, the rows pointing into the list."""
    distinct: dict[str, int] = {}
    rows = [
        {"id": row["id"], "at": [distinct.setdefault(k, len(distinct)) for k in row["keys"]]} for row in keys
    ]
    return create_match_keys(keys=list(distinct), rows=rows)


def create_batch(
    db: Database, rows: list[dict[str, Any]], params: dict[str, Any], keys: list[dict[str, Any]]
) -> None:
    """New Entities with one new record each, one statement per kind label, and their match keys
    (``{id, keys}`` of each row, :func:`kb.resolution.keys.key_rows`), in one transaction."""
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        sources = list(dict.fromkeys(s for s in (params["dataset"], row["props"]["source"]) if s))
        by_kind.setdefault(row["props"]["kind"], []).append({**row, "sources": sources})
    db.write_together(
        [
            *(
                (cypher_by_type.create_records(KIND_LABELS[kind]), {**params, "rows": batch})
                for kind, batch in by_kind.items()
            ),
            _new_entity_keys(keys),
        ]
    )


def _values(record: EntityRecord) -> dict[str, Any]:
    return {
        "name": record["name"],
        "names": list(dict.fromkeys(n for n in record["names"] if n != record["name"])),
        "kind": record["kind"],
        "country": record["country"],
        "address": record["address"],
        "opacity": sorted(set(record["opacity"])),
        "identifiers": sorted(set(record["identifiers"])),
        "source": record["source"],
    }


def payload(record: EntityRecord, source: str, entity: str) -> dict[str, Any]:
    values = _values(record)
    return {
        "key": record_key(source, record["id"]),
        "id": record["id"],
        "entity": entity,
        "props": values,
        "hash": content_hash(values),
        "identifiers": [
            {"key": key, "scheme": key.partition(":")[0], "value": key.partition(":")[2]}
            for key in values["identifiers"]
        ],
    }


@dataclass
class Diff:
    """A dataset's entity records against what its source loaded before."""

    changed: list[EntityRecord]  # new or different: these need resolving and writing
    unchanged: dict[str, str]  # record id -> the Entity it already describes
    absent: set[str]  # record ids the source had and this dataset lacks
    stored: dict[str, tuple[str | None, str]] = field(default_factory=dict)  # id -> (hash, Entity)


def diff(db: Database, source: str, records: list[EntityRecord], only: set[str] | None = None) -> Diff:
    """One read of what the source said before; an unchanged record keeps its Entity, unresolved.

    ``only``: read just these record ids (a line-level delta), not the source's every record."""
    if only is None:
        known = source_records(db, dataset=source)
    else:
        known = source_records_by_key(db, keys=sorted(record_key(source, rid) for rid in only))
    stored: dict[str, tuple[str | None, str]] = {rid: (digest, entity) for rid, digest, entity in known}
    changed: list[EntityRecord] = []
    unchanged: dict[str, str] = {}
    for record in records:
        before = stored.get(record["id"])
        if before is not None and before[0] == content_hash(_values(record)):
            unchanged[record["id"]] = before[1]
        else:
            changed.append(record)
    live = {record_id for record_id, (digest, _) in stored.items() if digest is not None}
    return Diff(changed, unchanged, live - {record["id"] for record in records}, stored)


def write_batch(
    db: Database, rows: list[dict[str, Any]], params: dict[str, Any], keys: list[dict[str, Any]]
) -> None:
    """One transaction: the records, then the merged view, kind label and match keys (as
    create_batch) of every Entity they touch."""
    ids = sorted({row["entity"] for row in rows})
    statements = [
        write_records(rows=rows, **params),
        merged_view(ids=ids),
    ]
    for kind, label in KIND_LABELS.items():
        others = [other for other in KIND_LABELS.values() if other != label]
        statements.append((cypher_by_type.kind_label(label, others), {"ids": ids, "kind": kind}))
    statements.append(match_keys.add_match_keys(rows=keys))
    db.write_together(statements)
