// name: record_rebuttal
// mode: write
// cardinality: one
// param props: dict
// param at: datetime
// column id: str?
// Stores one rebuttal (a Rebuttal with $props, recorded at $at) and links it to the record that
// names the Entity props.entity (its first record in rank order): it REBUTS that record's Entity,
// whatever Entity clustering puts the record in later. From props.start_date that entity's holders
// are not presumed to control it under props.regime. No row when there is no such Entity.
MATCH (e:Entity {id: $props.entity})<-[:DESCRIBES]-(s:SourceRecord)
WITH s ORDER BY size(split(s.record_id, ':')), s.record_id, s.key LIMIT 1
CREATE (r:Rebuttal)
SET r = $props, r.at = $at, r.state = 'active', r.record = s.key
CREATE (r)-[:REBUTS]->(s)
RETURN r.id AS id;
