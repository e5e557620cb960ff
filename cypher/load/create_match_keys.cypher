// name: create_match_keys
// mode: write
// cardinality: one
// param keys: list[str]
// param rows: list[dict]
// Link each Entity in $rows ({id, at}) that this transaction created to its match keys, given
// as positions in $keys (each key once): every key is merged once per batch, not once per Entity
// carrying it, and a new Entity has no key yet, so its links are created, not merged.
UNWIND $keys AS key
MERGE (m:MatchKey {key: key})
WITH collect(m) AS nodes
UNWIND $rows AS row
MATCH (e:Entity {id: row.id})
UNWIND row.at AS at
WITH e, nodes[at] AS m
CREATE (e)-[:HAS_MATCH_KEY]->(m);
