// name: expand_owners
// mode: read
// cardinality: many
// param nodes: list[str]
// column p: any
// Bloom scene action "Expand owners": the direct owners and controllers of the selected entities
// ($nodes: the element ids Bloom passes), one stake or control link per row, derived look-through
// figures included (the perspective draws them in their own colour). Links valid on the as-of date
// of the last `kb derive` (today if none).
MATCH (n:Entity) WHERE elementId(n) IN $nodes
OPTIONAL MATCH (d:Derivation)
WITH n, coalesce(max(d.as_of), date()) AS on
MATCH p = (:Entity)-[r:OWNS|CONTROLS]->(n)
WHERE (r.start_date IS NULL OR r.start_date <= on) AND (r.end_date IS NULL OR on < r.end_date)
RETURN p;
