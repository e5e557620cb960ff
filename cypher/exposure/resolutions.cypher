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
// The active positive judgements (`kb resolve accept`) that join records of the Entities $ids: an
// exposure answer names them in its evidence, since a listing or a stake may have reached the
// entity through one. Only those whose two records the Entity holds: one that clustering refused
// joined nothing.
MATCH (e:Entity) WHERE e.id IN $ids
MATCH (e)<-[:DESCRIBES]-(:SourceRecord)<-[:JUDGES]-(r:Resolution {decision: 'accept', state: 'active'})
WITH DISTINCT e, r
WHERE EXISTS { (:SourceRecord {key: r.a})-[:DESCRIBES]->(e) }
  AND EXISTS { (:SourceRecord {key: r.b})-[:DESCRIBES]->(e) }
RETURN e.id AS entity, r.id AS id, r.decision AS decision, r.by AS by, r.at AS at, r.why AS why
ORDER BY entity, at, id;
