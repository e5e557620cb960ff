// name: records_named
// mode: read
// cardinality: many
// param ids: list[str]
// column id: str
// column records: list[str]
// For each id of $ids, the SourceRecords it may name, best first: those describing the Entity of
// that id (in rank order), then those with that record id.
UNWIND $ids AS id
CALL (id) {
  CALL (id) {
    MATCH (:Entity {id: id})<-[:DESCRIBES]-(s:SourceRecord) RETURN s, 0 AS rank
    UNION
    MATCH (s:SourceRecord {record_id: id}) RETURN s, 1 AS rank
  }
  WITH s ORDER BY rank, size(split(s.record_id, ':')), s.record_id, s.key
  RETURN collect(DISTINCT s.key) AS records
}
RETURN id, records;
