// name: decided_pairs
// mode: read
// cardinality: many
// column a: str
// column b: str
// column decision: str
// The pairs of Entities that hold the two records of an active judgement (accept, reject or
// unsure): never proposed again. A rejection follows its records into whatever Entities they are
// clustered into, so it keeps every Entity holding one of them apart from every Entity holding
// the other.
MATCH (r:Resolution {state: 'active'})
MATCH (:SourceRecord {key: r.a})-[:DESCRIBES]->(ea:Entity)
MATCH (:SourceRecord {key: r.b})-[:DESCRIBES]->(eb:Entity)
RETURN ea.id AS a, eb.id AS b, r.decision AS decision;
