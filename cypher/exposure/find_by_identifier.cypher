// name: find_by_identifier
// mode: read
// cardinality: many
// param keys: list[str]
// param values: list[str]
// param limit: int = 11
// column id: str
// column name: str
// column country: str?
// column kind: str?
// The entities holding an identifier whose key (SCHEME:VALUE, e.g. LEI:5493001KJTIIGC8Y1R12) is
// one of $keys or whose bare value is one of $values; several rows when an identifier is shared.
CALL () {
  MATCH (i:Identifier) WHERE i.key IN $keys RETURN i
  UNION
  MATCH (i:Identifier) WHERE i.value IN $values RETURN i
}
MATCH (e:Entity)-[:HAS_IDENTIFIER]->(i)
WITH DISTINCT e
RETURN e.id AS id, e.name AS name, e.country AS country, e.kind AS kind
ORDER BY id
LIMIT $limit;
