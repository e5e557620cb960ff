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
// only the entities at or above it read their id to break ties: a row meets hundreds. Each
// candidate is the row kb.resolution.party.entity_party reads, as resolve/match_entities gives it:
// the names and addresses of all its records, its strong identifiers, its listings' programs.
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
  WITH e, [(s:SourceRecord)-[:DESCRIBES]->(e) | s] AS rs
  RETURN collect({id: e.id, name: e.name, kind: e.kind, country: e.country,
    names: reduce(acc = coalesce(e.names, []), s IN rs |
      acc + [n IN [s.name] + coalesce(s.names, []) WHERE n IS NOT NULL AND NOT n IN acc]),
    identifiers: [(e)-[:HAS_IDENTIFIER]->(i:Identifier) | i.key],
    addresses: reduce(acc = [a IN [e.address] WHERE a IS NOT NULL], s IN rs |
      acc + [a IN [s.address] WHERE a IS NOT NULL AND NOT a IN acc]),
    programs: COLLECT { MATCH (e)-[l:LISTED_ON]->() UNWIND coalesce(l.programs, []) AS p RETURN DISTINCT p }
  }) AS found
}
RETURN collect({n: row.n, candidates: found}) AS rows;
