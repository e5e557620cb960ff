// name: statuses
// mode: read
// cardinality: one
// param ids: list[str]
// column entities: list[dict]
// The status the last `kb derive` marked on each of the entities $ids under each regime (null:
// clear, or not derived).
UNWIND $ids AS id
MATCH (e:Entity {id: id})
RETURN collect({id: id, ofac: e.ofac_status, bis: e.bis_status, eu: e.eu_status, uk: e.uk_status,
                dod805: e.dod805_status}) AS entities;
