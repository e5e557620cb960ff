// name: find_by_name
// mode: read
// cardinality: many
// param name: str
// param phrase: str
// param limit: int = 11
// column id: str
// column name: str
// column country: str?
// column kind: str?
// The entities whose name, or one of whose other names, is $name ignoring case. Candidates come
// from the name index (exact case) and the full-text index ($phrase: $name as a Lucene phrase).
CALL () {
  MATCH (e:Entity {name: $name}) RETURN e
  UNION
  CALL db.index.fulltext.queryNodes('entity_names_fulltext', $phrase, {limit: 1000}) YIELD node
  WITH node AS e
  WHERE toLower(e.name) = toLower($name) OR any(n IN coalesce(e.names, []) WHERE toLower(n) = toLower($name))
  RETURN e
}
RETURN e.id AS id, e.name AS name, e.country AS country, e.kind AS kind
ORDER BY id
LIMIT $limit;
