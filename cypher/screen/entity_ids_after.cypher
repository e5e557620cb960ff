// name: entity_ids_after
// mode: read
// cardinality: one
// param after: str
// param limit: int = 5000
// column ids: list[str]
// The next $limit Entity ids after $after in id order (served by the entity_id constraint), for
// rebuilding the match keys page by page.
MATCH (e:Entity) WHERE e.id > $after
WITH e.id AS id ORDER BY id LIMIT $limit
RETURN collect(id) AS ids;
