// name: suggest_listed
// mode: read
// cardinality: many
// column name: str
// Bloom suggestions for a listed party: names of entities with a listing, alphabetically, at most
// 1,000.
MATCH (e:Entity)
WHERE e.name IS NOT NULL AND EXISTS { (e)-[:LISTED_ON]->(:List) }
RETURN DISTINCT e.name AS name
ORDER BY name
LIMIT 1000;
