// name: in_links_marked
// mode: read
// cardinality: one
// param ids: list[str]
// param as_of: date = today
// column links: list[dict]
// As in_links, but only from holders that the last `kb derive` marked under some regime, or
// that are US entities (which pass stakes on under bis without being marked): while those marks
// are fresh and for their date, nobody else can carry a determination.
UNWIND $ids AS id
MATCH (t:Entity {id: id})<-[r:OWNS|CONTROLS]-(o:Entity)
WHERE (r.start_date IS NULL OR r.start_date <= $as_of) AND (r.end_date IS NULL OR $as_of < r.end_date)
  AND coalesce(r.derived, false) = false
  AND (o.ofac_status IS NOT NULL OR o.bis_status IS NOT NULL OR o.eu_status IS NOT NULL
       OR o.uk_status IS NOT NULL OR o.country = 'US')
RETURN collect({type: type(r), owner: o.id, owned: id, country: o.country, pct: r.pct,
                pct_min: r.pct_min, pct_max: r.pct_max, basis: r.basis, jv: r.jv, source: r.source,
                claim: r.claim, start_date: toString(r.start_date),
                end_date: toString(r.end_date)}) AS links;
