// name: subject
// mode: read
// cardinality: one
// param id: str
// param as_of: date = today
// column entity: dict?
// column derivations: list[dict]
// Where `kb exposure` starts, in one read: the entity $id with its name, country and listings
// valid on $as_of (null if there is no such entity), and the determinations `kb derive` last
// wrote, per regime, with whether a load has run since (stale: one finished after them, or one
// is running now, or a rebuttal of the regime was recorded or undone since). See
// derivations.cypher.
OPTIONAL MATCH (e:Entity {id: $id})
RETURN CASE WHEN e IS NULL THEN null ELSE {
         id: e.id, name: e.name, country: e.country,
         listings: [(e)-[l:LISTED_ON]->(x:List)
                    WHERE (l.start_date IS NULL OR l.start_date <= $as_of)
                      AND (l.end_date IS NULL OR $as_of < l.end_date)
                    | {entity: e.id, list: x.code, programs: l.programs, start_date: l.start_date,
                       end_date: l.end_date, citation: l.citation,
                       license_requirement: l.license_requirement, license_policy: l.license_policy,
                       source: l.source}]} END AS entity,
       COLLECT { MATCH (d:Derivation)
                 OPTIONAL MATCH (r:LoadRun) WHERE r.status = 'running' OR r.finished_at > d.at
                 WITH d, count(r) > 0 OR EXISTS {
                   MATCH (b:Rebuttal {regime: d.regime}) WHERE b.at > d.at OR b.undone_at > d.at
                 } AS stale
                 RETURN {regime: d.regime, as_of: d.as_of, profile_version: d.profile_version,
                         profile_path: d.profile_path, profile_digest: d.profile_digest,
                         stale: stale} } AS derivations;
