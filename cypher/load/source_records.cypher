// name: source_records
// mode: read
// cardinality: one
// param dataset: str
// column records: any
// Every record the source $dataset loaded before, as one list of [record id, hash, Entity id]
// (one row holding a list: the driver decodes it in one go). A record an earlier snapshot
// removed has no hash, so it counts as changed when it comes back.
MATCH (s:SourceRecord {dataset: $dataset})-[:DESCRIBES]->(e:Entity)
RETURN collect([s.record_id, CASE WHEN s.removed_by IS NULL THEN s.hash END, e.id]) AS records;
