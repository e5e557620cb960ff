// name: seed_listings
// mode: read
// cardinality: one
// param lists: list[str]
// param as_of: date = today
// column listings: list[dict]
// Every listing on one of $lists valid on $as_of (half-open [start_date, end_date)), with the
// listed entity's country: the seeds of a regime's fixpoint, before its program filter.
MATCH (e:Entity)-[r:LISTED_ON]->(l:List)
WHERE l.code IN $lists AND (r.start_date IS NULL OR r.start_date <= $as_of) AND (r.end_date IS NULL OR $as_of < r.end_date)
RETURN collect({entity: e.id, country: e.country, list: l.code, programs: r.programs,
                start_date: r.start_date, end_date: r.end_date, citation: r.citation,
                license_requirement: r.license_requirement, license_policy: r.license_policy,
                source: r.source}) AS listings;
