// name: marked_exposure
// mode: read
// cardinality: one
// param ids: list[str]
// column entities: list[dict]
// What the last `kb derive` marked on each of the Entities $ids, per regime: status (null: clear),
// the aggregate share its caught owners hold and the listed parties it goes back to; under ofac
// also the trust through which a listed party has an interest in its property (null: none).
UNWIND $ids AS id
MATCH (e:Entity {id: id})
RETURN collect({id: e.id,
  ofac: {status: e.ofac_status, pct_min: e.ofac_pct_min, pct_max: e.ofac_pct_max,
         listed_owners: coalesce(e.ofac_listed_owners, []), interest: e.ofac_interest},
  bis: {status: e.bis_status, pct_min: e.bis_pct_min, pct_max: e.bis_pct_max,
        listed_owners: coalesce(e.bis_listed_owners, [])},
  eu: {status: e.eu_status, pct_min: e.eu_pct_min, pct_max: e.eu_pct_max,
       listed_owners: coalesce(e.eu_listed_owners, [])},
  uk: {status: e.uk_status, pct_min: e.uk_pct_min, pct_max: e.uk_pct_max,
       listed_owners: coalesce(e.uk_listed_owners, [])},
  dod805: {status: e.dod805_status, pct_min: e.dod805_pct_min, pct_max: e.dod805_pct_max,
           listed_owners: coalesce(e.dod805_listed_owners, [])}}) AS entities;
