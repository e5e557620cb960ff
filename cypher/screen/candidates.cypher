// name: candidates
// mode: read
// cardinality: one
// param rows: list[dict]
// param max_block: int = 1000
// param limit: int = 10
// column rows: list[dict]
// For each portfolio row in $rows ({n, keys}), the Entities sharing one of its match keys: one
// index look-up per key (the match_key constraint). A name key held by more than $max_block
// entities tells nothing and is skipped; an identifier key (id:…) never is. Entities sharing an
// identifier come first, then those sharing the most keys, then by id; at most $limit per row.
// The rank (an identifier shared, then keys shared) of the $limit-th best sets a cut, so that
// only the entities at or above it read their id to break ties: a row meets hundreds.
UNWIND $rows AS row
CALL (row) {
  UNWIND row.keys AS key
  MATCH (m:MatchKey {key: key})
  WITH m, key
  WHERE key STARTS WITH 'id:' OR COUNT { (m)<-[:HAS_MATCH_KEY]-() } <= $max_block
  MATCH (m)<-[:HAS_MATCH_KEY]-(e)  // only Entities have match keys: no label check
  WITH e, max(CASE WHEN key STARTS WITH 'id:' THEN 1000000 ELSE 0 END) + count(*) AS rank
  WITH collect([rank, e]) AS found
  CALL (found) {
    UNWIND found AS x
    WITH x[0] AS rank ORDER BY rank DESC LIMIT $limit
    RETURN min(rank) AS cut
  }
  UNWIND found AS x
  WITH x[0] AS rank, x[1] AS e, cut
  WHERE rank >= cut
  WITH e, rank ORDER BY rank DESC, e.id
  LIMIT $limit
  RETURN collect({id: e.id, name: e.name, names: coalesce(e.names, []), kind: e.kind, country: e.country,
                  identifiers: [(e)-[:HAS_IDENTIFIER]->(i:Identifier) | i.key]}) AS found
}
RETURN collect({n: row.n, candidates: found}) AS rows;
