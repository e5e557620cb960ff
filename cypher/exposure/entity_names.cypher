// name: entity_names
// mode: read
// cardinality: one
// param ids: list[str]
// column entities: list[dict]
// Name and country of the entities $ids, for reports.
UNWIND $ids AS id
MATCH (e:Entity {id: id})
RETURN collect({id: e.id, name: e.name, country: e.country}) AS entities;
