// name: move_records
// mode: write
// cardinality: one
// param rows: list[dict]
// Each SourceRecord of $rows ({key, entity}) comes to describe the Entity row.entity (created if
// new, its view written afterwards by merged_view) instead of any other.
UNWIND $rows AS row
MATCH (s:SourceRecord {key: row.key})
MERGE (e:Entity {id: row.entity})
  ON CREATE SET e.first_seen = s.first_seen, e.first_run = s.first_run
WITH s, e
CALL (s, e) {
  MATCH (s)-[old:DESCRIBES]->(other:Entity) WHERE other <> e
  DELETE old
}
MERGE (s)-[:DESCRIBES]->(e);
