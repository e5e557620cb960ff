// name: evidence
// mode: read
// cardinality: many
// param nodes: list[str]
// column p: any
// Bloom scene action "Show evidence": for the selected entities ($nodes: the element ids Bloom
// passes), the links that carry their determinations on the last `kb derive`: their own listings,
// and the stakes and control links into them held by owners listed or caught under a regime in
// which they are marked (derived look-through figures never carry a determination). One link per
// row. Links valid on the as-of date of the last `kb derive` (today if none).
MATCH (n:Entity) WHERE elementId(n) IN $nodes
OPTIONAL MATCH (d:Derivation)
WITH n, coalesce(max(d.as_of), date()) AS on
CALL (n, on) {
  MATCH p = (n)-[r:LISTED_ON]->(:List)
  WHERE (r.start_date IS NULL OR r.start_date <= on) AND (r.end_date IS NULL OR on < r.end_date)
  RETURN p
  UNION
  MATCH p = (o:Entity)-[r:OWNS|CONTROLS]->(n)
  WHERE (r.start_date IS NULL OR r.start_date <= on) AND (r.end_date IS NULL OR on < r.end_date)
    AND NOT coalesce(r.derived, false)
    AND any(k IN keys(n) WHERE k ENDS WITH '_status' AND o[k] IN ['listed', 'caught'])
  RETURN p
}
RETURN p;
