// name: find_entity
// mode: read
// cardinality: one
// param ref: str
// column id: str?
// The Entity $ref names: an Entity id, else the Entity a SourceRecord with that key describes.
OPTIONAL MATCH (e:Entity {id: $ref})
OPTIONAL MATCH (:SourceRecord {key: $ref})-[:DESCRIBES]->(r:Entity)
RETURN coalesce(e.id, r.id) AS id;
