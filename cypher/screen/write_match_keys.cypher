// name: write_match_keys
// mode: write
// cardinality: one
// param rows: list[dict]
// Replace the match keys of each Entity in $rows ({id, keys}) with its keys: old links go, each
// key is one :MatchKey node (unique), so writing the same keys again changes nothing.
UNWIND $rows AS row
MATCH (e:Entity {id: row.id})
CALL (e) {
  MATCH (e)-[old:HAS_MATCH_KEY]->(:MatchKey)
  DELETE old
}
WITH e, row
UNWIND row.keys AS key
MERGE (m:MatchKey {key: key})
MERGE (e)-[:HAS_MATCH_KEY]->(m);
