// name: resolutions
// mode: read
// cardinality: many
// param ids: list[str]
// column entity: str
// column id: str
// column decision: str
// column by: str
// column at: datetime
// column why: str?
// The active accepted merges (`kb resolve accept`) the Entities $ids rest on: an exposure answer
// names them in its evidence, since a listing or a stake may have reached the entity through one.
MATCH (r:Resolution {decision: 'accept', state: 'active'})-[:DECIDES]->(e:Entity)
WHERE e.id IN $ids
RETURN e.id AS entity, r.id AS id, r.decision AS decision, r.by AS by, r.at AS at, r.why AS why
ORDER BY entity, at, id;
