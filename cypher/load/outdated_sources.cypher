// name: outdated_sources
// mode: read
// cardinality: many
// param format: int
// column name: str
// The Sources whose claims were written under a claim key format older than $format.
MATCH (s:Source)
WHERE coalesce(s.claim_format, 1) < $format
RETURN s.name AS name
ORDER BY name;
