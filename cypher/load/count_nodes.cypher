// name: count_nodes
// mode: read
// cardinality: one
// column n: int
// How many nodes the database holds: kb load --bulk imports only into an empty one.
MATCH (n)
RETURN count(n) AS n;
