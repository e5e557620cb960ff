// name: owners
// mode: read
// cardinality: many
// param entity: str
// column p: any
// Bloom's "Owners of $entity" ($entity: an entity id or exact name): the entity and every chain of
// owners and controllers above it, at most 5 levels up (OWNS and CONTROLS, owner to owned; paths
// that visit an entity twice are left out; one path per row, at most 1,000). Links valid on the
// as-of date of the last `kb derive` (today if none); derived look-through figures are not links.
// `kb owners` gives the same tree as rows.
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
  MATCH p = (:Entity)(()-[r:OWNS|CONTROLS WHERE (r.start_date IS NULL OR r.start_date <= on)
                                           AND (r.end_date IS NULL OR on < r.end_date)
                                           AND NOT coalesce(r.derived, false)]->()){1,5}(e)
  WHERE all(n IN nodes(p) WHERE single(m IN nodes(p) WHERE m = n))
  RETURN p
}
RETURN p
LIMIT 1000;
