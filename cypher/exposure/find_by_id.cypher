// name: find_by_id
// mode: read
// cardinality: many
// param id: str
// column id: str
// column name: str
// column country: str?
// column kind: str?
// The entity whose id is exactly $id (at most one row): the first thing an ENTITY argument can be.
MATCH (e:Entity {id: $id})
RETURN e.id AS id, e.name AS name, e.country AS country, e.kind AS kind;
