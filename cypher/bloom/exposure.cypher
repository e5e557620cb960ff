// name: exposure
// mode: read
// cardinality: many
// param entity: str
// column p: any
// Bloom's "Exposure of $entity" ($entity: an entity id or exact name): the entity, its listings, and
// for every regime in which the last `kb derive` found it caught or possible, the chains of stakes
// and control links from its listed owners down to it through listed or caught entities (at most
// 10 steps, the 10 shortest per owner), with those owners' listings. One path per row. Links
// valid on the as-of date of the last `kb derive` (today if none); derived look-through figures
// are not links. `kb exposure` gives the determination and its evidence in full.
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
  UNWIND [k IN keys(e) WHERE k ENDS WITH '_listed_owners' | e[k]] AS owners
  UNWIND owners AS owner
  MATCH (o:Entity {id: owner})
  MATCH p = SHORTEST 10 ((o)(()-[r:OWNS|CONTROLS WHERE (r.start_date IS NULL OR r.start_date <= on)
                                                   AND (r.end_date IS NULL OR on < r.end_date)
                                                   AND NOT coalesce(r.derived, false)]->(x)){1,10}(e)
                         WHERE all(y IN x[..-1] WHERE any(k IN keys(y) WHERE k ENDS WITH '_status'
                                                          AND y[k] IN ['listed', 'caught'])))
  RETURN p
  UNION
  UNWIND [e.id] + reduce(ids = [], k IN [k IN keys(e) WHERE k ENDS WITH '_listed_owners'] | ids + e[k]) AS id
  MATCH p = (:Entity {id: id})-[r:LISTED_ON]->(:List)
  WHERE (r.start_date IS NULL OR r.start_date <= on) AND (r.end_date IS NULL OR on < r.end_date)
  RETURN p
}
RETURN p;
