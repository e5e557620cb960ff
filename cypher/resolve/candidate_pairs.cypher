// name: candidate_pairs
// mode: read
// cardinality: many
// param after: str
// param limit: int = 1000
// param max_block: int = 1000
// param per_entity: int = 10
// column id: str
// column others: list[str]
// The next $limit Entities after $after in id order (the entity_id constraint's index), each with
// at most $per_entity Entities of greater id sharing its match keys, those sharing an identifier
// first, then those sharing most keys (then by id): every candidate pair at most once, page by
// page, never the whole graph at once, and a bounded number of pairs to score per Entity, as
// `kb screen` bounds its candidates per row. A name key held by more than $max_block entities
// tells nothing and is skipped; an identifier key (id:…) never is. An Entity without candidates
// still has its row, so the caller knows where the page ends.
MATCH (e:Entity) WHERE e.id > $after
WITH e ORDER BY e.id LIMIT $limit
CALL (e) {
  OPTIONAL MATCH (e)-[:HAS_MATCH_KEY]->(m:MatchKey)
  WHERE m.key STARTS WITH 'id:' OR COUNT { (m)<-[:HAS_MATCH_KEY]-() } <= $max_block
  OPTIONAL MATCH (m)<-[:HAS_MATCH_KEY]-(f:Entity)
  WHERE f.id > e.id
  WITH f, sum(CASE WHEN m.key STARTS WITH 'id:' THEN 1000 ELSE 1 END) AS shared
  WHERE f IS NOT NULL
  WITH f ORDER BY shared DESC, f.id LIMIT $per_entity
  RETURN collect(f.id) AS others
}
RETURN e.id AS id, others
ORDER BY id;
