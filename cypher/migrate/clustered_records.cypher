// name: clustered_records
// mode: read
// cardinality: one
// column keys: list[str]
// The records whose Entity clustering may name or cut otherwise than an older kb did: those of
// Entities of more than one record, and those a judgement judges.
CALL () {
  MATCH (e:Entity) WHERE COUNT { (:SourceRecord)-[:DESCRIBES]->(e) } > 1
  MATCH (s:SourceRecord)-[:DESCRIBES]->(e) RETURN s.key AS key
  UNION
  MATCH (:Resolution)-[:JUDGES]->(s:SourceRecord) RETURN s.key AS key
}
RETURN collect(key) AS keys;
