// name: match_entities
// mode: read
// cardinality: many
// param ids: list[str]
// column id: str
// column kind: str?
// column name: str?
// column names: list[str]
// column country: str?
// column identifiers: list[str]
// column addresses: list[str]
// column programs: list[str]
// column records: list[str]
// column first_seen: datetime?
// What the matcher needs of the Entities $ids (each found through the entity_id constraint): the
// names of every record that describes it, its country, its strong identifiers, the addresses
// of its records and the programs of its listings: the row kb.resolution.party.entity_party reads,
// as screen/candidates gives it.
UNWIND $ids AS wanted
MATCH (e:Entity {id: wanted})
OPTIONAL MATCH (s:SourceRecord)-[:DESCRIBES]->(e)
WITH e, collect(s) AS rs
RETURN e.id AS id, e.kind AS kind, e.name AS name,
       reduce(acc = coalesce(e.names, []), s IN rs |
         acc + [n IN [s.name] + coalesce(s.names, []) WHERE n IS NOT NULL AND NOT n IN acc]) AS names,
       e.country AS country,
       [(e)-[:HAS_IDENTIFIER]->(i:Identifier) | i.key] AS identifiers,
       reduce(acc = [a IN [e.address] WHERE a IS NOT NULL], s IN rs |
         acc + [a IN [s.address] WHERE a IS NOT NULL AND NOT a IN acc]) AS addresses,
       COLLECT { MATCH (e)-[l:LISTED_ON]->() UNWIND coalesce(l.programs, []) AS p RETURN DISTINCT p } AS programs,
       [s IN rs | s.key] AS records,
       e.first_seen AS first_seen
ORDER BY id;
