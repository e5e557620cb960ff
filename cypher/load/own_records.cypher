// name: own_records
// mode: read
// cardinality: one
// param keys: list[str]
// column records: any
// For a line-level delta: the source's own live records with these keys (behind unchanged lines
// that added lines refer to), as one list of [record id, Entity id].
UNWIND $keys AS key
MATCH (s:SourceRecord {key: key})-[:DESCRIBES]->(e:Entity)
WHERE s.removed_by IS NULL
RETURN collect([s.record_id, e.id]) AS records;
