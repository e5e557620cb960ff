// name: still_claimed
// mode: read
// cardinality: one
// param keys: list[str]
// param dataset: str
// param closing: list[str]
// column n: int
// For a line-level delta: how many open claims of the source $dataset on the Entities of the
// retracted records $keys this load does not close ($closing). Any makes the delta unsafe.
UNWIND $keys AS key
MATCH (:SourceRecord {key: key})-[:DESCRIBES]->(e:Entity)-[r]-()
WHERE r.dataset = $dataset AND r.claim IS NOT NULL AND r.closed_by IS NULL AND NOT r.claim IN $closing
RETURN count(r) AS n;
