// name: delete_entity
// mode: write
// cardinality: one
// param id: str
// column deleted: int
// Deletes the Entity $id and its relationships: the absorbed side of an accepted merge, whose
// records and facts were first copied to the survivor.
MATCH (e:Entity {id: $id})
DETACH DELETE e
RETURN count(*) AS deleted;
