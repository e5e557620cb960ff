// name: rebuttals
// mode: read
// cardinality: many
// param id: str = null
// param state: str = null
// param limit: int = 100
// column id: str
// column regime: str
// column entity: str
// column entity_name: str?
// column start_date: date
// column why: str
// column evidence: list[str]
// column by: str
// column at: datetime
// column state: str
// column undone_at: datetime?
// Rebuttals, latest first: all of them, the one with id $id, or those in $state. `entity` is the
// Entity it rebuts now (the id it was recorded for, if that Entity is gone).
MATCH (r:Rebuttal)
WHERE ($id IS NULL OR r.id = $id) AND ($state IS NULL OR r.state = $state)
OPTIONAL MATCH (r)-[:REBUTS]->(:SourceRecord)-[:DESCRIBES]->(e:Entity)
RETURN r.id AS id, r.regime AS regime, coalesce(e.id, r.entity) AS entity, e.name AS entity_name,
       r.start_date AS start_date, r.why AS why, coalesce(r.evidence, []) AS evidence, r.by AS by,
       r.at AS at, r.state AS state, r.undone_at AS undone_at
ORDER BY r.at DESC, r.id DESC
LIMIT $limit;
