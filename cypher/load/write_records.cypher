// name: write_records
// mode: write
// cardinality: one
// param rows: list[dict]
// param dataset: str
// param run: str
// param now: datetime
// Writes SourceRecords as the source $dataset gives them ($rows: {key, id, entity, props, hash,
// identifiers: [{key, scheme, value}]}), each describing the Entity row.entity (created if new,
// and moved there from any other), with its identifiers. The merged view follows (merged_view).
UNWIND $rows AS row
MERGE (s:SourceRecord {key: row.key})
  ON CREATE SET s.first_seen = $now, s.first_run = $run
SET s += row.props, s.dataset = $dataset, s.record_id = row.id, s.hash = row.hash,
    s.last_seen = $now, s.last_run = $run, s.removed_by = null
MERGE (e:Entity {id: row.entity})
  ON CREATE SET e.first_seen = $now, e.first_run = $run
WITH s, e, row
CALL (s, e) {
  MATCH (s)-[old:DESCRIBES]->(other:Entity) WHERE other <> e
  DELETE old
}
MERGE (s)-[:DESCRIBES]->(e)
WITH e, row
UNWIND row.identifiers AS identifier
MERGE (i:Identifier {key: identifier.key})
  ON CREATE SET i.scheme = identifier.scheme, i.value = identifier.value
MERGE (e)-[:HAS_IDENTIFIER]->(i);
