// name: out_links
// mode: read
// cardinality: one
// param ids: list[str]
// param as_of: date = today
// column links: list[dict]
// The stakes (OWNS, JV stakes included), control links and trust roles the entities $ids hold in others,
// valid on $as_of; derived look-through figures are never direct stakes and are left out.
UNWIND $ids AS id
MATCH (o:Entity {id: id})-[r:OWNS|CONTROLS|TRUST_ROLE]->(t:Entity)
WHERE (r.start_date IS NULL OR r.start_date <= $as_of) AND (r.end_date IS NULL OR $as_of < r.end_date) AND coalesce(r.derived, false) = false
RETURN collect({type: type(r), owner: id, owned: t.id, country: t.country, pct: r.pct,
                pct_min: r.pct_min, pct_max: r.pct_max, basis: r.basis, jv: r.jv, source: r.source,
                claim: r.claim, role: r.role, powers: r.powers, start_date: toString(r.start_date),
                end_date: toString(r.end_date)}) AS links;
