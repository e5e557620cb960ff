// name: delete_empty
// mode: write
// cardinality: one
// param ids: list[str]
// Deletes those of the Entities $ids that no record describes any more (their records and facts
// moved to the Entities clustering gave them), with their identifier and match-key links.
UNWIND $ids AS id
MATCH (e:Entity {id: id})
WHERE NOT EXISTS { (:SourceRecord)-[:DESCRIBES]->(e) }
DETACH DELETE e;
