// name: affiliates
// mode: read
// cardinality: many
// param entity: str
// column p: any
// Bloom's "Unlisted affiliates of $entity" ($entity: an entity id or exact name, usually a listed
// party): the entity and, for each entity the last `kb derive` found caught or possible (not
// listed) because of it, the chains of stakes and control links from it down to that affiliate
// through listed or caught entities (at most 8 steps; one path per row, at most 1,000). Links valid
// on the as-of date of the last `kb derive` (today if none); derived figures are not links.
// `kb affiliates --of` gives the same affiliates with their aggregate stakes.
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
  MATCH p = (e)(()-[r:OWNS|CONTROLS WHERE (r.start_date IS NULL OR r.start_date <= on)
                                     AND (r.end_date IS NULL OR on < r.end_date)
                                     AND NOT coalesce(r.derived, false)]->
               (x:Entity WHERE any(k IN keys(x) WHERE k ENDS WITH '_status'))){1,8}(a)
  WHERE all(y IN x[..-1] WHERE any(k IN keys(y) WHERE k ENDS WITH '_status' AND y[k] IN ['listed', 'caught']))
    AND any(k IN keys(a) WHERE k ENDS WITH '_listed_owners' AND e.id IN a[k]
            AND a[left(k, size(k) - size('_listed_owners')) + '_status'] IN ['caught', 'possible'])
    AND all(n IN nodes(p) WHERE single(m IN nodes(p) WHERE m = n))
  RETURN p
}
RETURN p
LIMIT 1000;
