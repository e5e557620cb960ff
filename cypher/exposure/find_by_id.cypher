// name: find_by_id
// mode: read
// cardinality: many
// param id: str
// column id: str
// column name: str
// column country: str?
// column kind: str?
// The entity whose id is exactly $id, else the one a record of that key or record id describes
// (an entity's id is its first record's: the id a judgement joined into another still finds it);
// at most one row: the first thing an ENTITY argument can be.
CALL () {
  MATCH (e:Entity {id: $id}) RETURN e, 0 AS rank
  UNION
  MATCH (:SourceRecord {key: $id})-[:DESCRIBES]->(e:Entity) RETURN e, 1 AS rank
  UNION
  MATCH (:SourceRecord {record_id: $id})-[:DESCRIBES]->(e:Entity) RETURN e, 2 AS rank
}
WITH e ORDER BY rank, e.id LIMIT 1
RETURN e.id AS id, e.name AS name, e.country AS country, e.kind AS kind;
