// name: path
// mode: read
// cardinality: many
// param a: str
// param b: str
// column p: any
// Bloom's "Path from $a to $b" ($a, $b: entity ids or exact names): the shortest ownership and
// control paths from $a down to $b, as `kb paths` finds them: OWNS and CONTROLS, owner to owned,
// at most 20 paths of at most 6 steps, none visiting an entity twice. Links valid on the as-of date
// of the last `kb derive` (today if none); derived look-through figures are not links.
CALL () {
  MATCH (source:Entity {id: $a}) RETURN source
  UNION
  MATCH (source:Entity {name: $a}) RETURN source
}
CALL () {
  MATCH (target:Entity {id: $b}) RETURN target
  UNION
  MATCH (target:Entity {name: $b}) RETURN target
}
OPTIONAL MATCH (d:Derivation)
WITH source, target, coalesce(max(d.as_of), date()) AS on
MATCH p = SHORTEST 20 (source)
          (()-[r:OWNS|CONTROLS WHERE (r.start_date IS NULL OR r.start_date <= on)
                                 AND (r.end_date IS NULL OR on < r.end_date)
                                 AND NOT coalesce(r.derived, false)]->()){1,10}
          (target)
WHERE length(p) <= 6 AND all(n IN nodes(p) WHERE single(m IN nodes(p) WHERE m = n))
RETURN p;
