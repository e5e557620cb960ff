"""What a line-level delta reads instead of a source's every record and claim, and the checks
that keep it exact. All read-only, before the first write: a failed check raises
:class:`~kb.loaders.dataset.DeltaUnsafe` and the load does the full diff instead."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kb.db import Database
from kb.loaders.dataset import Dataset, DeltaUnsafe, LineDelta
from kb.loaders.write import claims, cypher_by_type
from kb.loaders.write.records import Diff
from kb.loaders.write.resolve import record_key
from kb.queries import run, wrapper


@wrapper("load/own_records")
def own_records(db: Database, *, keys: list[str]) -> list[list[str]]:
    return list(run(db, "load/own_records", keys=keys)[0]["records"])


@wrapper("load/still_claimed")
def still_claimed(db: Database, *, keys: list[str], dataset: str, closing: list[str]) -> int:
    return int(run(db, "load/still_claimed", keys=keys, dataset=dataset, closing=closing)[0]["n"])


def references(
    db: Database, dataset: Dataset, delta: LineDelta, before: Diff, mapping: Mapping[str, str]
) -> dict[str, str]:
    """Record id -> Entity for the unchanged lines the added lines refer to."""
    source = dataset.source.name
    for record_id, (_, entity) in before.stored.items():
        if record_id in mapping and mapping[record_id] != entity:
            raise DeltaUnsafe(f"record {record_id} now describes another entity")
        if record_id not in delta.entities and before.stored[record_id][0] is not None:
            raise DeltaUnsafe(f"record {record_id} is given twice")
    retracted = delta.entities - {record["id"] for record in dataset.entities}
    wanted = (
        {
            record[name]
            for kind in claims.KINDS
            for record in claims.records(dataset, kind)
            for name in ((kind.start,) if kind.end_is_list else (kind.start, kind.end))
        }
        - set(mapping)
        - retracted
    )
    rows = own_records(db, keys=sorted(record_key(source, rid) for rid in wanted))
    return {record_id: entity for record_id, entity in rows}


def stored_claims(
    db: Database,
    dataset: Dataset,
    delta: LineDelta,
    valid: Mapping[str, list[Mapping[str, Any]]],
) -> dict[str, dict[str, tuple[str, bool]]]:
    """FactKind name -> the stored claims of the added and removed lines: claim -> (hash, open)."""
    source = dataset.source.name
    stored: dict[str, dict[str, tuple[str, bool]]] = {}
    closing: list[str] = []
    for kind in claims.KINDS:
        now = {claims.claim_key(source, kind, record) for record in valid[kind.name]}
        query = cypher_by_type.claims_by_key(kind.rel)
        rows = db.read(query, {"claims": sorted(now | delta.claims[kind.name])})
        found = {claim: (digest, open_) for claim, digest, open_ in rows[0]["claims"]}
        if twice := next(
            (c for c in now if found.get(c, ("", False))[1] and c not in delta.claims[kind.name]), None
        ):
            raise DeltaUnsafe(f"claim {twice} is given twice")
        stored[kind.name] = found
        closing += sorted(delta.claims[kind.name] - now)
    retracted = delta.entities - {record["id"] for record in dataset.entities}
    if retracted:
        keys = sorted(record_key(source, rid) for rid in retracted)
        if still_claimed(db, keys=keys, dataset=source, closing=closing):
            raise DeltaUnsafe("unchanged lines refer to a removed record")
    return stored
