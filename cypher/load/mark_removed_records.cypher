// name: mark_removed_records
// mode: write
// cardinality: one
// param keys: list[str]
// param run: str
// Marks the SourceRecords $keys as removed by the run $run: a newer snapshot of their source no
// longer holds them (nothing is deleted).
UNWIND $keys AS key
MATCH (s:SourceRecord {key: key})
SET s.removed_by = $run;
