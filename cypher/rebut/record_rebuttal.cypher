// name: record_rebuttal
// mode: write
// cardinality: one
// param props: dict
// param at: datetime
// column id: str?
// Stores one rebuttal (a Rebuttal with $props, recorded at $at) and links it to the Entity it
// REBUTS, props.entity: from props.start_date, that entity's holders are not presumed to control
// it under props.regime. No row when there is no such Entity.
MATCH (e:Entity {id: $props.entity})
CREATE (r:Rebuttal)
SET r = $props, r.at = $at, r.state = 'active'
CREATE (r)-[:REBUTS]->(e)
RETURN r.id AS id;
