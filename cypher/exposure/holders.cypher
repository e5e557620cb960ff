// name: holders
// mode: read
// cardinality: one
// param ids: list[str]
// param as_of: date = today
// param marked_only: bool = false
// column links: list[dict]
// One step up the owners: the stakes (JV stakes included), control links and trust roles held
// in the entities $ids, valid on $as_of (derived figures left out), each with its holder's name,
// country and listings on that date, and `marked`: whether the last `kb derive` marked the
// holder under some regime (a status, or `<regime>_interest`: ofac flags an interest in property
// through a trust without a status, and the flag must climb through a holder no rule caught), or
// it is a US entity (which passes stakes on under bis without being marked), or a rebuttal
// (`kb rebut`) covers it (the answers below it name the rebuttal), or it is a trust (a TRUST_ROLE
// points at it: the trust itself is flagged only when a listed or caught party holds the role).
// With $marked_only, marked holders alone: while those marks are fresh and for
// their date, nobody else can carry a determination.
UNWIND $ids AS id
MATCH (t:Entity {id: id})<-[r:OWNS|CONTROLS|TRUST_ROLE]-(o:Entity)
WHERE (r.start_date IS NULL OR r.start_date <= $as_of) AND (r.end_date IS NULL OR $as_of < r.end_date)
  AND coalesce(r.derived, false) = false
WITH id, r, o, (o.ofac_status IS NOT NULL OR o.bis_status IS NOT NULL OR o.eu_status IS NOT NULL
                OR o.uk_status IS NOT NULL OR o.dod805_status IS NOT NULL
                OR o.ofac_interest IS NOT NULL OR o.bis_interest IS NOT NULL OR o.eu_interest IS NOT NULL
                OR o.uk_interest IS NOT NULL OR o.dod805_interest IS NOT NULL OR o.country = 'US'
                OR EXISTS { (o)<-[:DESCRIBES]-(:SourceRecord)<-[:REBUTS]-(:Rebuttal {state: 'active'}) }
                OR EXISTS { (o)<-[:TRUST_ROLE]-(:Entity) })
                AS marked
WHERE marked OR NOT $marked_only
RETURN collect({type: type(r), owner: o.id, owned: id, country: o.country, name: o.name, marked: marked,
                pct: r.pct, pct_min: r.pct_min, pct_max: r.pct_max, basis: r.basis, jv: r.jv,
                source: r.source, claim: r.claim, role: r.role, powers: r.powers,
                start_date: toString(r.start_date), end_date: toString(r.end_date),
                listings: [(o)-[l:LISTED_ON]->(x:List)
                           WHERE (l.start_date IS NULL OR l.start_date <= $as_of)
                             AND (l.end_date IS NULL OR $as_of < l.end_date)
                           | {entity: o.id, list: x.code, programs: l.programs, start_date: l.start_date,
                              end_date: l.end_date, citation: l.citation,
                              license_requirement: l.license_requirement,
                              license_policy: l.license_policy, source: l.source}]}) AS links;
