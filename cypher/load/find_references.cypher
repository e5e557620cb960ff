// name: find_references
// mode: read
// cardinality: many
// param ids: list[str]
// column id: str
// column hit: str?
// Ids a dataset refers to but does not define: the Entity with that id, else the Entity that a
// record with that record id (of any source) describes; null when neither exists.
UNWIND $ids AS id
CALL (id) {
  MATCH (e:Entity {id: id}) RETURN e.id AS hit, 0 AS rank
  UNION
  MATCH (s:SourceRecord {record_id: id})-[:DESCRIBES]->(e:Entity) RETURN e.id AS hit, 1 AS rank
}
WITH id, hit ORDER BY rank, hit
RETURN id, collect(hit)[0] AS hit;
