// name: delete_relationships
// mode: write
// cardinality: one
// param ids: list[str]
// column deleted: int
// Deletes the relationships with element ids $ids: those an accepted merge created, on undo.
UNWIND $ids AS id
MATCH ()-[r]->() WHERE elementId(r) = id
DELETE r
RETURN count(*) AS deleted;
