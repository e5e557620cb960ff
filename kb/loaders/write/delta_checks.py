"""What a line-level delta reads instead of a source's every record and claim, and the checks
that keep it exact. All read-only, before the first write: a failed check raises
:class:`~kb.loaders.dataset.DeltaUnsafe` and the load does the full diff instead."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kb.db import Database
from kb.loaders.dataset import Dataset, DeltaUnsafe, LineDelta
from kb.loaders.write import claims
from kb.loaders.write.records import Diff
from kb.loaders.write.resolve import record_key

# The source's own records behind unchanged lines that added lines refer to.
OWN_RECORDS = """
UNWIND $keys AS key
MATCH (s:SourceRecord {key: key})-[:DESCRIBES]->(e:Entity)
WHERE s.removed_by IS NULL
RETURN collect([s.record_id, e.id]) AS records
"""

# Open claims of the source on the Entity of a retracted record that this load does not close.
STILL_CLAIMED = """
UNWIND $keys AS key
MATCH (:SourceRecord {key: key})-[:DESCRIBES]->(e:Entity)-[r]-()
WHERE r.dataset = $dataset AND r.claim IS NOT NULL AND r.closed_by IS NULL AND NOT r.claim IN $closing
RETURN count(r) AS n
"""


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
    rows = db.read(OWN_RECORDS, {"keys": sorted(record_key(source, rid) for rid in wanted)})
    return {record_id: entity for record_id, entity in rows[0]["records"]}


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
        query = (
            f"UNWIND $claims AS claim MATCH ()-[r:{kind.rel} {{claim: claim}}]->() "
            "RETURN collect([r.claim, r.hash, r.closed_by IS NULL]) AS claims"
        )
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
        if db.read(STILL_CLAIMED, {"keys": keys, "dataset": source, "closing": closing})[0]["n"]:
            raise DeltaUnsafe("unchanged lines refer to a removed record")
    return stored
