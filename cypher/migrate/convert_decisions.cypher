// name: convert_decisions
// mode: write
// cardinality: one
// param rows: list[dict]
// Turns each older decision of $rows ({id, a, b, entities}) into a judgement between the records
// a and b: its links to Entities go, it JUDGES the two records, and what the older undo needed
// (snapshot, moved, records) goes; who, when, why, score, reasons and state stay.
UNWIND $rows AS row
MATCH (r:Resolution {id: row.id})
MATCH (a:SourceRecord {key: row.a}), (b:SourceRecord {key: row.b})
CALL (r) {
  MATCH (r)-[old]->(:Entity)
  DELETE old
}
SET r.a = row.a, r.b = row.b, r.entities = row.entities
REMOVE r.snapshot, r.moved, r.records
MERGE (r)-[:JUDGES]->(a)
MERGE (r)-[:JUDGES]->(b);
