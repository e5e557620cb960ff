// name: entity_listings
// mode: read
// cardinality: one
// param ids: list[str]
// param as_of: date = today
// column entities: list[dict]
// The entities $ids with their country, name and every listing valid on $as_of, on any list
// (kb's own or one a source defined, such as `os:au_dfat_sanctions`), not only the lists a
// regime seeds from: with the list's name, authority and jurisdiction, the programmes, dates,
// citation and source. What every answer about an entity names (kb/exposure/listings.py), and
// where `kb exposure` and what-if start their climb.
UNWIND $ids AS id
MATCH (e:Entity {id: id})
OPTIONAL MATCH (e)-[r:LISTED_ON]->(l:List)
WHERE (r.start_date IS NULL OR r.start_date <= $as_of) AND (r.end_date IS NULL OR $as_of < r.end_date)
WITH e, collect(CASE WHEN l IS NULL THEN null ELSE {entity: e.id, list: l.code, list_name: l.name,
     authority: l.authority, jurisdiction: l.jurisdiction, programs: r.programs,
     start_date: r.start_date, end_date: r.end_date, citation: r.citation,
     license_requirement: r.license_requirement, license_policy: r.license_policy,
     source: r.source} END) AS listings
RETURN collect({id: e.id, name: e.name, country: e.country, listings: listings}) AS entities;
