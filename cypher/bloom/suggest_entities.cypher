// name: suggest_entities
// mode: read
// cardinality: many
// column name: str
// Bloom suggestions for an entity parameter: entity names, alphabetically, at most 1,000.
MATCH (e:Entity)
WHERE e.name IS NOT NULL
RETURN DISTINCT e.name AS name
ORDER BY name
LIMIT 1000;
