// name: entity_identifiers
// mode: write
// cardinality: one
// param ids: list[str]
// The Entities $ids carry exactly the identifiers of the records that describe them.
UNWIND $ids AS id
MATCH (e:Entity {id: id})
CALL (e) {
  MATCH (e)-[old:HAS_IDENTIFIER]->(:Identifier)
  DELETE old
}
WITH DISTINCT e
CALL (e) {
  MATCH (s:SourceRecord)-[:DESCRIBES]->(e)
  UNWIND coalesce(s.identifiers, []) AS key
  WITH DISTINCT e, key
  MERGE (i:Identifier {key: key})
    ON CREATE SET i.scheme = split(key, ':')[0], i.value = substring(key, size(split(key, ':')[0]) + 1)
  MERGE (e)-[:HAS_IDENTIFIER]->(i)
};
