// name: record_decision
// mode: write
// cardinality: one
// param props: dict
// param at: datetime
// param entities: list[str]
// column id: str
// Stores one decision (a Resolution with $props, made at $at) and links it to the Entities it
// DECIDES: the survivor of an accept, both Entities of a reject.
CREATE (r:Resolution)
SET r = $props, r.at = $at, r.state = 'active'
WITH r
CALL (r) {
  UNWIND $entities AS id
  MATCH (e:Entity {id: id})
  CREATE (r)-[:DECIDES]->(e)
}
RETURN r.id AS id;
