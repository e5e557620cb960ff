// name: records
// mode: read
// cardinality: many
// param entity: str
// column p: any
// Bloom's "Records of $entity" ($entity: an entity id or exact name): the entity, every source's
// record that DESCRIBES it, and the judgements (`kb resolve`) that JUDGE those records, to review
// which records a judgement brought together or kept apart (one path per row, at most 1,000).
CALL () {
  MATCH (e:Entity {id: $entity}) RETURN e
  UNION
  MATCH (e:Entity {name: $entity}) RETURN e
}
CALL (e) {
  MATCH p = (:SourceRecord)-[:DESCRIBES]->(e)
  RETURN p
  UNION
  MATCH p = (:Resolution)-[:JUDGES]->(:SourceRecord)-[:DESCRIBES]->(e)
  RETURN p
}
RETURN p
LIMIT 1000;
