// name: expand_subsidiaries
// mode: read
// cardinality: many
// param nodes: list[str]
// column p: any
// Bloom scene action "Expand subsidiaries": what the selected entities hold or control directly
// ($nodes: the element ids Bloom passes), one stake or control link per row, joint-venture stakes
// and derived look-through figures included. Links valid on the as-of date of the last
// `kb derive` (today if none).
MATCH (n:Entity) WHERE elementId(n) IN $nodes
OPTIONAL MATCH (d:Derivation)
WITH n, coalesce(max(d.as_of), date()) AS on
MATCH p = (n)-[r:OWNS|CONTROLS]->(:Entity)
WHERE (r.start_date IS NULL OR r.start_date <= on) AND (r.end_date IS NULL OR on < r.end_date)
RETURN p;
