"""Write entity records: SourceRecords as each source said them, and the merged Entity view."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kb.db import Database
from kb.loaders.dataset import EntityRecord
from kb.loaders.write.claims import content_hash
from kb.loaders.write.resolve import record_key

KIND_LABELS = {"company": "Company", "person": "Person", "organization": "Organization", "vessel": "Vessel"}

# A record marked removed by an earlier snapshot counts as changed when it comes back.
EXISTING = """
MATCH (s:SourceRecord {dataset: $dataset})-[:DESCRIBES]->(e:Entity)
RETURN collect([s.record_id, CASE WHEN s.removed_by IS NULL THEN s.hash END, e.id]) AS records
"""

EXISTING_SOME = """
UNWIND $keys AS key
MATCH (s:SourceRecord {key: key})-[:DESCRIBES]->(e:Entity)
RETURN collect([s.record_id, CASE WHEN s.removed_by IS NULL THEN s.hash END, e.id]) AS records
"""

WRITE_RECORDS = """
UNWIND $rows AS row
MERGE (s:SourceRecord {key: row.key})
  ON CREATE SET s.first_seen = $now, s.first_run = $run
SET s += row.props, s.dataset = $dataset, s.record_id = row.id, s.hash = row.hash,
    s.last_seen = $now, s.last_run = $run, s.removed_by = null
MERGE (e:Entity {id: row.entity})
  ON CREATE SET e.first_seen = $now, e.first_run = $run
WITH s, e, row
CALL (s, e) {
  MATCH (s)-[old:DESCRIBES]->(other:Entity) WHERE other <> e
  DELETE old
}
MERGE (s)-[:DESCRIBES]->(e)
WITH e, row
UNWIND row.identifiers AS identifier
MERGE (i:Identifier {key: identifier.key})
  ON CREATE SET i.scheme = identifier.scheme, i.value = identifier.value
MERGE (e)-[:HAS_IDENTIFIER]->(i)
"""

# The merged view: the earliest record names the Entity; names, identifiers, sources are unions.
MERGED_VIEW = """
UNWIND $ids AS id
MATCH (e:Entity {id: id})
CALL (e) {
  MATCH (s:SourceRecord)-[:DESCRIBES]->(e)
  WITH s ORDER BY s.first_seen, s.key
  RETURN collect(s) AS rs
}
WITH e, rs,
     reduce(acc = [], s IN rs | acc + [n IN [s.name] + coalesce(s.names, []) WHERE NOT n IN acc]) AS names
SET e.name = rs[0].name,
    e.names = tail(names),
    e.kind = rs[0].kind,
    e.country = head([s IN rs WHERE s.country IS NOT NULL | s.country]),
    e.address = head([s IN rs WHERE s.address IS NOT NULL | s.address]),
    e.opacity = reduce(acc = [], s IN rs | acc + [o IN coalesce(s.opacity, []) WHERE NOT o IN acc]),
    e.sources = reduce(acc = [], x IN reduce(all = [], s IN rs | all + [s.dataset, s.source]) |
      CASE WHEN x IS NULL OR x IN acc THEN acc ELSE acc + [x] END),
    e.last_seen = $now, e.last_run = $run
"""


def _create_query(label: str) -> str:
    """A new Entity described by one new record: its view is the record itself, nothing to merge."""
    return f"""
UNWIND $rows AS row
CREATE (s:SourceRecord {{key: row.key}})
SET s += row.props, s.dataset = $dataset, s.record_id = row.id, s.hash = row.hash,
    s.first_seen = $now, s.first_run = $run, s.last_seen = $now, s.last_run = $run
CREATE (e:Entity:{label} {{id: row.entity}})
SET e.name = row.props.name, e.names = row.props.names, e.kind = row.props.kind,
    e.country = row.props.country, e.address = row.props.address, e.opacity = row.props.opacity,
    e.sources = row.sources, e.first_seen = $now, e.first_run = $run, e.last_seen = $now, e.last_run = $run
CREATE (s)-[:DESCRIBES]->(e)
WITH e, row
UNWIND row.identifiers AS identifier
MERGE (i:Identifier {{key: identifier.key}})
  ON CREATE SET i.scheme = identifier.scheme, i.value = identifier.value
CREATE (e)-[:HAS_IDENTIFIER]->(i)
"""


def create_batch(db: Database, rows: list[dict[str, Any]], params: dict[str, Any]) -> None:
    """New Entities with one new record each, one statement per kind label, in one transaction."""
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        sources = list(dict.fromkeys(s for s in (params["dataset"], row["props"]["source"]) if s))
        by_kind.setdefault(row["props"]["kind"], []).append({**row, "sources": sources})
    db.write_together(
        [(_create_query(KIND_LABELS[kind]), {**params, "rows": batch}) for kind, batch in by_kind.items()]
    )


def _label_query(label: str) -> str:
    others = ":".join(other for other in KIND_LABELS.values() if other != label)
    return (
        f"UNWIND $ids AS id MATCH (e:Entity {{id: id}}) WHERE e.kind = $kind SET e:{label} REMOVE e:{others}"
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
        rows = db.read(EXISTING, {"dataset": source})  # one row holding a list: decoded in one go
    else:
        rows = db.read(EXISTING_SOME, {"keys": sorted(record_key(source, rid) for rid in only)})
    stored = {record_id: (digest, entity) for record_id, digest, entity in rows[0]["records"]}
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


def write_batch(db: Database, rows: list[dict[str, Any]], params: dict[str, Any]) -> None:
    """One transaction: the records, then the merged view and kind label of every Entity they touch."""
    ids = sorted({row["entity"] for row in rows})
    statements: list[tuple[str, dict[str, Any]]] = [
        (WRITE_RECORDS, {**params, "rows": rows}),
        (MERGED_VIEW, {**params, "ids": ids}),
    ]
    statements += [(_label_query(label), {"ids": ids, "kind": kind}) for kind, label in KIND_LABELS.items()]
    db.write_together(statements)
