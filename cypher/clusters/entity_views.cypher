// name: entity_views
// mode: write
// cardinality: one
// param ids: list[str]
// column entities: list[dict]
// What matching needs of the Entities $ids just clustered (as screen/entity_parties), read inside
// the clustering's write transaction so their match keys are written with it. Mode write: it runs
// inside that transaction.
UNWIND $ids AS id
MATCH (e:Entity {id: id})
RETURN collect({id: e.id, name: e.name, names: coalesce(e.names, []), kind: e.kind, country: e.country,
                identifiers: [(e)-[:HAS_IDENTIFIER]->(i:Identifier) | i.key]}) AS entities;
