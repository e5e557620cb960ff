// name: joint_ventures
// mode: read
// cardinality: many
// param entity: str
// column p: any
// Bloom's "Joint ventures of $entity with listed partners" ($entity: an entity id or exact name):
// the entity and the joint ventures of the entity or of its subsidiaries (through stakes that are
// or may be a majority, at most 4 layers down, as `kb jv-exposure` reaches them) whose other
// partner is on a list or was found listed, caught or possible by the last `kb derive`: the path
// from the entity through the venture to that partner, and the partner's listings. One path per
// row. Links valid on the as-of date of the last `kb derive` (today if none); derived look-through
// figures are not links.
CALL () {
  MATCH (e:Entity {id: $entity}) RETURN e
  UNION
  MATCH (e:Entity {name: $entity}) RETURN e
}
OPTIONAL MATCH (d:Derivation)
WITH e, coalesce(max(d.as_of), date()) AS on
OPTIONAL MATCH p = (e)(()-[s:OWNS WHERE coalesce(s.pct, s.pct_max, 100.0) > 50.0 AND NOT coalesce(s.jv, false)
                              AND NOT coalesce(s.derived, false)
                              AND (s.start_date IS NULL OR s.start_date <= on)
                              AND (s.end_date IS NULL OR on < s.end_date)]->()){0,4}
          (member:Entity)-[own:OWNS {jv: true}]->(:JointVenture)<-[other:OWNS {jv: true}]-(partner:Entity)
WHERE partner <> member
  AND (own.start_date IS NULL OR own.start_date <= on) AND (own.end_date IS NULL OR on < own.end_date)
  AND (other.start_date IS NULL OR other.start_date <= on) AND (other.end_date IS NULL OR on < other.end_date)
  AND (any(k IN keys(partner) WHERE k ENDS WITH '_status')
       OR EXISTS { MATCH (partner)-[l:LISTED_ON]->(:List)
                   WHERE (l.start_date IS NULL OR l.start_date <= on)
                     AND (l.end_date IS NULL OR on < l.end_date) })
WITH e, on, collect(p) AS found, collect(DISTINCT partner) AS partners
CALL (e, on, found, partners) {
  MATCH p = (e)
  RETURN p
  UNION
  UNWIND found AS p
  RETURN p
  UNION
  UNWIND partners AS partner
  MATCH p = (partner)-[l:LISTED_ON]->(:List)
  WHERE (l.start_date IS NULL OR l.start_date <= on) AND (l.end_date IS NULL OR on < l.end_date)
  RETURN p
}
RETURN p;
