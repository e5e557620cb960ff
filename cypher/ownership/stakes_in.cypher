// name: stakes_in
// mode: read
// cardinality: many
// param ids: list[str]
// param as_of: date = today
// param include_derived: bool = false
// param min_pct: float = 0
// column owner_id: str
// column owner_name: str
// column owner_country: str?
// column owner_kind: str?
// column owned_id: str
// column owned_name: str
// column owned_country: str?
// column owned_kind: str?
// column pct: float?
// column pct_min: float?
// column pct_max: float?
// column basis: str
// column jv: bool
// column derived: bool
// column source: str?
// column claim: str?
// column start_date: date?
// column end_date: date?
// The direct stakes held IN the entities $ids (one level up, towards their owners), valid on $as_of
// (half-open [start_date, end_date)); derived look-through figures only with $include_derived;
// $min_pct keeps stakes whose pct, or pct_max for a range, reaches it (unknown sizes only at 0).
// One row per claim: two sources reporting one stake are two rows. A missing basis reads equity.
UNWIND $ids AS id
MATCH (owner:Entity)-[r:OWNS]->(owned:Entity {id: id})
WHERE (r.start_date IS NULL OR r.start_date <= $as_of) AND (r.end_date IS NULL OR $as_of < r.end_date)
  AND ($include_derived OR NOT coalesce(r.derived, false))
  AND ($min_pct <= 0
       OR coalesce(r.pct, r.pct_max, CASE WHEN r.pct_min IS NOT NULL THEN 100.0 END, -1.0) >= $min_pct)
RETURN owner.id AS owner_id, owner.name AS owner_name, owner.country AS owner_country,
       coalesce(owner.kind, CASE WHEN owner:Person THEN 'person' END) AS owner_kind,
       owned.id AS owned_id, owned.name AS owned_name, owned.country AS owned_country,
       coalesce(owned.kind, CASE WHEN owned:Person THEN 'person' END) AS owned_kind,
       r.pct AS pct, r.pct_min AS pct_min, r.pct_max AS pct_max, coalesce(r.basis, 'equity') AS basis,
       coalesce(r.jv, false) AS jv, coalesce(r.derived, false) AS derived, r.source AS source,
       r.claim AS claim, r.start_date AS start_date, r.end_date AS end_date
ORDER BY owned_id, owner_id, claim;
