// name: old_decisions
// mode: read
// cardinality: many
// column id: str
// column a: str
// column b: str
// column decision: str
// column records: list[str]
// Decisions an older kb wrote between Entities (before judgements were between records): their
// pair of Entity ids and, for an accept, the records it moved from `b` to `a`.
MATCH (r:Resolution) WHERE r.entities IS NULL
RETURN r.id AS id, r.a AS a, r.b AS b, r.decision AS decision, coalesce(r.records, []) AS records
ORDER BY r.at, r.id;
