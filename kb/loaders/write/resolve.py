"""Which graph Entity each record of a dataset describes.

A record describes the Entity it described before (same source, same record id), else the Entity
whose ``id`` is the record id, else the Entity that carries one of its strong identifiers. Records
of one dataset that share a strong identifier describe one Entity. Identifiers that point at two
different Entities are not merged: the record keeps its own Entity and an issue says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kb.db import Database, Row
from kb.loaders.dataset import EntityRecord
from kb.loaders.issues import IssueLog
from kb.queries import run, wrapper

# Not merged on: registry numbers (ambiguous across registries) and BICs (a bank's LEI record can
# list the BICs of other legal entities of its group; merging on them could list the wrong one).
WEAK_SCHEMES = ("REG", "SWIFT_BIC")


@wrapper("load/find_entities")
def find_entities(db: Database, *, clusters: list[dict[str, Any]]) -> list[Row]:
    return run(db, "load/find_entities", clusters=clusters)


@wrapper("load/find_references")
def find_references(db: Database, *, ids: list[str]) -> list[Row]:
    return run(db, "load/find_references", ids=ids)


def strong(identifiers: Iterable[str]) -> list[str]:
    return [key for key in identifiers if not key.startswith(WEAK_SCHEMES)]


def record_key(source: str, record_id: str) -> str:
    return f"{source}|{record_id}"


def clusters(entities: list[EntityRecord]) -> list[list[EntityRecord]]:
    """Group records that share a strong identifier (union-find, in input order)."""
    parent = list(range(len(entities)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_with: dict[str, int] = {}
    for index, record in enumerate(entities):
        for key in strong(record["identifiers"]):
            if key in first_with:
                parent[root(index)] = root(first_with[key])
            else:
                first_with[key] = index
    groups: dict[int, list[EntityRecord]] = {}
    for index, record in enumerate(entities):
        groups.setdefault(root(index), []).append(record)
    return list(groups.values())


def resolve(
    db: Database, source: str, entities: list[EntityRecord], issues: IssueLog, file: str = "entities"
) -> tuple[dict[str, str], set[str]]:
    """Record id -> Entity id for every record, and the Entities that are new and have one record."""
    groups = clusters(entities)
    found: dict[int, list[str]] = {}
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
    mapping: dict[str, str] = {}
    new_single: set[str] = set()
    for n, group in enumerate(groups):
        hits = found.get(n, [])
        if not hits and len(group) == 1:
            new_single.add(group[0]["id"])
        target = hits[0] if hits else group[0]["id"]
        if len(hits) > 1:
            first = group[0]
            issues.add(file, first["row"], "identifiers", ", ".join(first["identifiers"]),
                       f"identifiers also point at entities {', '.join(hits[1:])}: not merged")  # fmt: skip
        for record in group:
            mapping[record["id"]] = target
    return mapping, new_single


def resolve_references(db: Database, ids: set[str]) -> dict[str, str]:
    """Ids a dataset references but does not define: an Entity id, or any source's record id."""
    if not ids:
        return {}
    rows = find_references(db, ids=sorted(ids))
    return {row["id"]: row["hit"] for row in rows if row["hit"] is not None}
