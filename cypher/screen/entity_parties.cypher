// name: entity_parties
// mode: read
// cardinality: one
// param ids: list[str]
// column entities: list[dict]
// What matching needs of the Entities $ids: names, kind, country and strong identifiers.
UNWIND $ids AS id
MATCH (e:Entity {id: id})
RETURN collect({id: e.id, name: e.name, names: coalesce(e.names, []), kind: e.kind, country: e.country,
                identifiers: [(e)-[:HAS_IDENTIFIER]->(i:Identifier) | i.key]}) AS entities;
