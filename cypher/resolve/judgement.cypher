// name: judgement
// mode: read
// cardinality: one
// param id: str
// column decision: str?
// column state: str?
// column a: str?
// column b: str?
// column entities: list[str]
// The judgement $id: its verdict, state and the two records it judges (nulls when there is none).
OPTIONAL MATCH (r:Resolution {id: $id})
RETURN r.decision AS decision, r.state AS state, r.a AS a, r.b AS b, coalesce(r.entities, []) AS entities;
