// name: decided_pairs
// mode: read
// cardinality: many
// column a: str
// column b: str
// column decision: str
// The pairs of Entities an active decision (accept or reject) covers: never proposed again.
MATCH (r:Resolution {state: 'active'})
RETURN r.a AS a, r.b AS b, r.decision AS decision;
