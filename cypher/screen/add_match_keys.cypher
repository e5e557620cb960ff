// name: add_match_keys
// mode: write
// cardinality: one
// param rows: list[dict]
// Link each Entity in $rows ({id, keys}) to the match keys of a record just written for it, in
// the transaction that writes the record: a load killed midway leaves no record without its keys.
// Keys are only added (a key a changed name no longer gives just adds a candidate that scores
// low); `kb db reindex-names` rewrites them exactly.
UNWIND $rows AS row
MATCH (e:Entity {id: row.id})
UNWIND row.keys AS key
MERGE (m:MatchKey {key: key})
MERGE (e)-[:HAS_MATCH_KEY]->(m);
