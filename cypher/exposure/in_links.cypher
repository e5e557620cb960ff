// name: in_links
// mode: read
// cardinality: one
// param ids: list[str]
// param as_of: date = today
// column links: list[dict]
// The stakes and control links held in the entities $ids, valid on $as_of (derived figures
// left out), each with its holder's country and listings on that date: one step up the owners.
UNWIND $ids AS id
MATCH (t:Entity {id: id})<-[r:OWNS|CONTROLS]-(o:Entity)
WHERE (r.start_date IS NULL OR r.start_date <= $as_of) AND (r.end_date IS NULL OR $as_of < r.end_date) AND coalesce(r.derived, false) = false
RETURN collect({type: type(r), owner: o.id, owned: id, country: o.country, pct: r.pct,
                pct_min: r.pct_min, pct_max: r.pct_max, basis: r.basis, jv: r.jv, source: r.source,
                claim: r.claim, start_date: toString(r.start_date),
                end_date: toString(r.end_date)}) AS links;
