"""Where each record of a dataset is written first, before clustering has the last word.

A record is written to the Entity it described before (same source, same record id), else the
Entity whose ``id`` is the record id, else one that carries one of its strong identifiers; records
of one dataset are grouped as clustering groups them on their own. A record that meets nothing in
the graph is placed where clustering would put it; the others ("meeting") are clustered with what
they meet once written (:mod:`kb.loaders.write.clusters`), which moves them where they belong.
"""

from __future__ import annotations

from typing import Any

from kb.db import Database, Row
from kb.loaders.dataset import EntityRecord
from kb.queries import run, wrapper
from kb.resolution.clusters import Node, cluster, strong


@wrapper("load/find_entities")
def find_entities(db: Database, *, clusters: list[dict[str, Any]]) -> list[Row]:
    return run(db, "load/find_entities", clusters=clusters)


@wrapper("load/find_references")
def find_references(db: Database, *, ids: list[str]) -> list[Row]:
    return run(db, "load/find_references", ids=ids)


def record_key(source: str, record_id: str) -> str:
    return f"{source}|{record_id}"


def clusters(entities: list[EntityRecord], source: str = "") -> list[list[EntityRecord]]:
    """Group the records of one dataset as clustering would on their own (shared strong
    identifiers, never two values of an exclusive scheme), each group ranked: its first record
    names the Entity."""
    by_key = {record_key(source, r["id"]): r for r in entities}
    found = cluster(Node(key, r["id"], tuple(r["identifiers"])) for key, r in by_key.items())
    return [[by_key[key] for key in keys] for keys in found.members.values()]


def resolve(
    db: Database, source: str, entities: list[EntityRecord]
) -> tuple[dict[str, str], set[str], set[str]]:
    """Record id -> Entity id for every record, the Entities that are new and have one record, and
    the records that meet more of the graph than themselves (an Entity another record describes,
    or two Entities): only those need clustering with the graph after they are written."""
    groups = clusters(entities, source)
    found: dict[int, list[str]] = {}
    crowded: set[int] = set()  # clusters meeting an Entity that other records describe
    batch = 5_000
    for start in range(0, len(groups), batch):
        payload = [
            {
                "n": n,
                "ids": [r["id"] for r in group],
                "record_keys": [record_key(source, r["id"]) for r in group],
                "identifiers": sorted({k for r in group for k in strong(r["identifiers"])}),
            }
            for n, group in enumerate(groups[start : start + batch], start)
        ]
        for row in find_entities(db, clusters=payload):
            found[row["n"]] = row["hits"]
            if row["crowded"] or len(row["hits"]) > 1:
                crowded.add(row["n"])
    mapping: dict[str, str] = {}
    new_single: set[str] = set()
    meeting: set[str] = set()
    for n, group in enumerate(groups):
        hits = found.get(n, [])
        if not hits and len(group) == 1:
            new_single.add(group[0]["id"])
        if n in crowded:  # alone in the one Entity it meets, a record's cluster is that Entity
            meeting.update(record["id"] for record in group)
        target = hits[0] if hits else group[0]["id"]
        for record in group:
            mapping[record["id"]] = target
    return mapping, new_single, meeting


def resolve_references(db: Database, ids: set[str]) -> dict[str, tuple[str, str]]:
    """Ids a dataset references but does not define: an Entity id, or any source's record id;
    each with the Entity it is now and the SourceRecord a claim keeps at that end."""
    if not ids:
        return {}
    rows = find_references(db, ids=sorted(ids))
    return {row["id"]: (row["hit"], row["record"]) for row in rows if row["hit"] is not None}
