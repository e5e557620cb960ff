// name: decision_state
// mode: write
// cardinality: one
// param id: str
// column decision: str?
// column state: str?
// column a: str?
// column b: str?
// column snapshot: str?
// column moved: list[str]
// column later: list[str]
// What undoing the decision $id needs: its kind, state, pair, the snapshot and moved relationships
// of an accept, and the later active accepts on the same Entities (to be undone first). Mode
// write: it runs inside the undo's write transaction.
OPTIONAL MATCH (r:Resolution {id: $id})
OPTIONAL MATCH (later:Resolution {state: 'active', decision: 'accept'})
WHERE r.decision = 'accept' AND later.at > r.at AND (later.a IN [r.a, r.b] OR later.b IN [r.a, r.b])
RETURN r.decision AS decision, r.state AS state, r.a AS a, r.b AS b, r.snapshot AS snapshot,
       coalesce(r.moved, []) AS moved, collect(later.id) AS later;
