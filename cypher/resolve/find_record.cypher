// name: find_record
// mode: read
// cardinality: one
// param ref: str
// column record: str?
// column entity: str?
// The SourceRecord $ref names and the Entity it describes: a SourceRecord key, else an Entity id
// (its first record in rank order, the one that names it), else a record id (an Entity's id is
// the record id of its first record, so an id a merge retired still finds its record).
CALL () {
  MATCH (s:SourceRecord {key: $ref}) RETURN s, 0 AS rank
  UNION
  MATCH (:Entity {id: $ref})<-[:DESCRIBES]-(s:SourceRecord) RETURN s, 1 AS rank
  UNION
  MATCH (s:SourceRecord {record_id: $ref}) RETURN s, 2 AS rank
}
WITH s ORDER BY rank, size(split(s.record_id, ':')), s.record_id, s.key
WITH collect(s)[0] AS found
OPTIONAL MATCH (found)-[:DESCRIBES]->(e:Entity)
RETURN found.key AS record, e.id AS entity;
