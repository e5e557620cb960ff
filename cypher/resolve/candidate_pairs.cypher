// name: candidate_pairs
// mode: read
// cardinality: many
// param after: str
// param limit: int = 1000
// param max_block: int = 1000
// column id: str
// column others: list[str]
// The next $limit Entities after $after in id order (the entity_id constraint's index), each with
// the Entities of greater id sharing one of its match keys: every candidate pair once, page by
// page, never the whole graph at once. A name key held by more than $max_block entities tells
// nothing and is skipped; an identifier key (id:…) never is. An Entity without candidates still
// has its row, so the caller knows where the page ends.
MATCH (e:Entity) WHERE e.id > $after
WITH e ORDER BY e.id LIMIT $limit
CALL (e) {
  OPTIONAL MATCH (e)-[:HAS_MATCH_KEY]->(m:MatchKey)
  WHERE m.key STARTS WITH 'id:' OR COUNT { (m)<-[:HAS_MATCH_KEY]-() } <= $max_block
  OPTIONAL MATCH (m)<-[:HAS_MATCH_KEY]-(f:Entity)
  WHERE f.id > e.id
  RETURN collect(DISTINCT f.id) AS others
}
RETURN e.id AS id, others
ORDER BY id;
