// name: find_references
// mode: read
// cardinality: many
// param ids: list[str]
// column id: str
// column hit: str?
// column record: str?
// Ids a dataset refers to but does not define: the Entity with that id (and the record that
// names it, first in rank order), else the Entity that a record with that record id (of any
// source) describes (and that record); nulls when neither exists. A claim keeps the record.
UNWIND $ids AS id
CALL (id) {
  MATCH (e:Entity {id: id})<-[:DESCRIBES]-(s:SourceRecord)
  WITH e, s ORDER BY size(split(s.record_id, ':')), s.record_id, s.key
  RETURN e.id AS hit, collect(s.key)[0] AS record, 0 AS rank
  UNION
  MATCH (s:SourceRecord {record_id: id})-[:DESCRIBES]->(e:Entity)
  RETURN e.id AS hit, s.key AS record, 1 AS rank
}
WITH id, hit, record ORDER BY rank, record
RETURN id, collect(hit)[0] AS hit, collect(record)[0] AS record;
