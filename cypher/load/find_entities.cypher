// name: find_entities
// mode: read
// cardinality: many
// param clusters: list[dict]
// column n: int
// column hits: list[str]
// column crowded: bool
// For each cluster of records ({n, record_keys, ids, identifiers}) that describe one entity, the
// Entities it may be, best first: the one its records described before, then the one whose id
// is a record id, then those carrying one of its strong identifiers; and whether any of them is
// described by a record outside the cluster (then clustering must look at it with the graph).
// Clusters with no hit return no row.
UNWIND $clusters AS c
CALL (c) {
  MATCH (s:SourceRecord)-[:DESCRIBES]->(e:Entity) WHERE s.key IN c.record_keys
  RETURN e.id AS hit, 0 AS rank
  UNION
  MATCH (e:Entity) WHERE e.id IN c.ids RETURN e.id AS hit, 1 AS rank
  UNION
  MATCH (i:Identifier)<-[:HAS_IDENTIFIER]-(e:Entity) WHERE i.key IN c.identifiers
  RETURN e.id AS hit, 2 AS rank
}
WITH c, hit, min(rank) AS rank ORDER BY rank, hit
WITH c, collect(hit) AS hits
RETURN c.n AS n, hits,
       EXISTS {
         MATCH (s:SourceRecord)-[:DESCRIBES]->(e:Entity)
         WHERE e.id IN hits AND NOT s.key IN c.record_keys
       } AS crowded;
