// name: match_key_blocks
// mode: read
// cardinality: many
// param after: str
// param limit: int = 20000
// param max_block: int = 1000
// column key: str
// column members: list[str]
// The next $limit match keys after $after in key order (the match_key constraint's index), each
// with the ids of the Entities holding it when it can make a candidate pair: held by two Entities
// or more, and an identifier key (id:…) or a name key held by at most $max_block (a commoner
// word tells nothing), as resolve/candidate_pairs and kb.resolution.Blocker skip them. Every
// key has its row, so the caller knows where the page ends: kb resolve suggest reads the whole
// blocking index in a few reads and pairs the Entities in memory.
MATCH (m:MatchKey) WHERE m.key > $after
WITH m ORDER BY m.key LIMIT $limit
WITH m, COUNT { (m)<-[:HAS_MATCH_KEY]-() } AS held
RETURN m.key AS key,
       CASE WHEN held >= 2 AND (m.key STARTS WITH 'id:' OR held <= $max_block)
         THEN COLLECT { MATCH (m)<-[:HAS_MATCH_KEY]-(e:Entity) RETURN e.id }
         ELSE [] END AS members
ORDER BY key;
