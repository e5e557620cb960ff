// name: record_decision
// mode: write
// cardinality: one
// param props: dict
// param at: datetime
// column id: str
// Stores one judgement (a Resolution with $props, made at $at) and links it to the two
// SourceRecords it JUDGES, props.a and props.b.
MATCH (a:SourceRecord {key: $props.a}), (b:SourceRecord {key: $props.b})
CREATE (r:Resolution)
SET r = $props, r.at = $at, r.state = 'active'
CREATE (r)-[:JUDGES]->(a), (r)-[:JUDGES]->(b)
RETURN r.id AS id;
