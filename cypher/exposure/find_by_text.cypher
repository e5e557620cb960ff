// name: find_by_text
// mode: read
// cardinality: many
// param query: str
// param limit: int = 11
// column id: str
// column name: str
// column country: str?
// column kind: str?
// column score: float
// Full-text search of every name in any script ($query in Lucene syntax), best match first.
CALL db.index.fulltext.queryNodes('entity_names_fulltext', $query, {limit: $limit}) YIELD node, score
RETURN node.id AS id, node.name AS name, node.country AS country, node.kind AS kind, score
ORDER BY score DESC, id;
