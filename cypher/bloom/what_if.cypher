// name: what_if
// mode: read
// cardinality: many
// param entity: str
// column p: any
// Bloom's "What if $entity is listed" ($entity: an entity id or exact name): the entity and its
// subsidiaries reached through single stakes of at least 50% (pct, or a range's pct_min), at most
// 8 levels down; one path per row, at most 1,000. A sketch only: the rules also add up stakes of
// several caught owners, count control, and differ by regime; `kb what-if --list L --add ENTITY`
// computes the exact answer. Links valid on the as-of date of the last `kb derive` (today if
// none); derived look-through figures are not links.
CALL () {
  MATCH (e:Entity {id: $entity}) RETURN e
  UNION
  MATCH (e:Entity {name: $entity}) RETURN e
}
OPTIONAL MATCH (d:Derivation)
WITH e, coalesce(max(d.as_of), date()) AS on
CALL (e, on) {
  MATCH p = (e)
  RETURN p
  UNION
  MATCH p = (e)(()-[r:OWNS WHERE coalesce(r.pct, r.pct_min, 0.0) >= 50.0
                               AND (r.start_date IS NULL OR r.start_date <= on)
                               AND (r.end_date IS NULL OR on < r.end_date)
                               AND NOT coalesce(r.derived, false)]->()){1,8}(:Entity)
  WHERE all(n IN nodes(p) WHERE single(m IN nodes(p) WHERE m = n))
  RETURN p
}
RETURN p
LIMIT 1000;
