// name: decisions
// mode: read
// cardinality: many
// param id: str = null
// param limit: int = 50
// param state: str = null
// column id: str
// column a: str
// column b: str
// column decision: str
// column by: str
// column at: datetime
// column why: str?
// column score: float?
// column reasons: list[str]
// column state: str
// column entities: list[str]
// column undone_at: datetime?
// Judgements, latest first: all of them, the one with id $id, or those in $state. `a` and `b`
// are the SourceRecords judged; `entities` the Entities they were in when judged.
MATCH (r:Resolution)
WHERE ($id IS NULL OR r.id = $id) AND ($state IS NULL OR r.state = $state)
RETURN r.id AS id, r.a AS a, r.b AS b, r.decision AS decision, r.by AS by, r.at AS at, r.why AS why,
       r.score AS score, coalesce(r.reasons, []) AS reasons, r.state AS state,
       coalesce(r.entities, []) AS entities, r.undone_at AS undone_at
ORDER BY r.at DESC, r.id DESC
LIMIT $limit;
