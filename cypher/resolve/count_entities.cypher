// name: count_entities
// mode: read
// cardinality: one
// column n: int
// How many Entities the graph holds (from the count store): the total of `kb resolve suggest`'s
// progress.
MATCH (e:Entity)
RETURN count(e) AS n;
