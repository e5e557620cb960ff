// name: count_entities
// mode: read
// cardinality: one
// column n: int
// How many Entities there are (from the count store), for `kb db reindex-names`'s progress.
MATCH (e:Entity)
RETURN count(e) AS n;
