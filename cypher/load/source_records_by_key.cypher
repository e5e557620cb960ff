// name: source_records_by_key
// mode: read
// cardinality: one
// param keys: list[str]
// column records: any
// As source_records, for the records with these keys only (a line-level delta's records).
UNWIND $keys AS key
MATCH (s:SourceRecord {key: key})-[:DESCRIBES]->(e:Entity)
RETURN collect([s.record_id, CASE WHEN s.removed_by IS NULL THEN s.hash END, e.id]) AS records;
