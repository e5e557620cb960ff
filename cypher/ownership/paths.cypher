// name: paths
// mode: read
// cardinality: many
// param from_id: str
// param to_id: str
// param max_hops: int = 6
// param as_of: date = today
// column hops: int
// column steps: list[dict]
// The shortest ownership and control paths from the entity $from_id down to $to_id (OWNS and
// CONTROLS, owner to owned), at most 20, of at most $max_hops (up to 10) steps, through links
// valid on $as_of; derived look-through figures are not links. Paths that visit an entity twice
// are left out. Each step: type, from, to (id, name, country), pct or range, basis, jv, source.
MATCH p = SHORTEST 20 (a:Entity {id: $from_id})
          (()-[r:OWNS|CONTROLS WHERE (r.start_date IS NULL OR r.start_date <= $as_of)
                                 AND (r.end_date IS NULL OR $as_of < r.end_date)
                                 AND NOT coalesce(r.derived, false)]->()){1,10}
          (b:Entity {id: $to_id})
WHERE length(p) <= $max_hops AND all(n IN nodes(p) WHERE single(m IN nodes(p) WHERE m = n))
WITH p, [i IN range(0, length(p) - 1) |
         {type: type(relationships(p)[i]), from: nodes(p)[i].id, from_name: nodes(p)[i].name,
          from_country: nodes(p)[i].country, to: nodes(p)[i + 1].id, to_name: nodes(p)[i + 1].name,
          to_country: nodes(p)[i + 1].country, pct: relationships(p)[i].pct,
          pct_min: relationships(p)[i].pct_min, pct_max: relationships(p)[i].pct_max,
          basis: relationships(p)[i].basis, jv: coalesce(relationships(p)[i].jv, false),
          source: relationships(p)[i].source, claim: relationships(p)[i].claim}] AS steps
RETURN length(p) AS hops, steps
ORDER BY hops, [s IN steps | s.to + ' ' + coalesce(s.claim, '')];
