// name: known_records
// mode: read
// cardinality: one
// param keys: list[str]
// column keys: list[str]
// Those of the SourceRecord keys $keys the graph holds.
UNWIND $keys AS key
MATCH (s:SourceRecord {key: key})
RETURN collect(s.key) AS keys;
