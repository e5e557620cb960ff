// name: record_links
// mode: read
// cardinality: many
// param keys: list[str]
// param weak: list[str]
// column key: str
// column record_id: str
// column identifiers: list[str]
// column entity: str?
// column neighbours: list[str]
// column judgements: list[dict]
// For each SourceRecord of $keys, what clustering needs: its record id, identifiers and Entity,
// the records it may be joined to or apart from (those sharing its Entity, its record id, a strong
// identifier not of the $weak schemes, or an active judgement), and its active judgements.
UNWIND $keys AS key
MATCH (s:SourceRecord {key: key})
OPTIONAL MATCH (s)-[:DESCRIBES]->(e:Entity)
CALL (s) {
 CALL (s) {
  MATCH (s)-[:DESCRIBES]->(:Entity)<-[:DESCRIBES]-(o:SourceRecord) RETURN o.key AS other
  UNION
  MATCH (o:SourceRecord {record_id: s.record_id}) WHERE o <> s RETURN o.key AS other
  UNION
  MATCH (s)-[:DESCRIBES]->(:Entity)-[:HAS_IDENTIFIER]->(i:Identifier)<-[:HAS_IDENTIFIER]-(:Entity)
        <-[:DESCRIBES]-(o:SourceRecord)
  WHERE o <> s AND i.key IN s.identifiers AND i.key IN o.identifiers
    AND NONE(w IN $weak WHERE i.key STARTS WITH w)
  RETURN o.key AS other
  UNION
  MATCH (s)<-[:JUDGES]-(:Resolution {state: 'active'})-[:JUDGES]->(o:SourceRecord) WHERE o <> s
  RETURN o.key AS other
 }
 RETURN collect(DISTINCT other) AS neighbours
}
WITH s, e, neighbours
RETURN s.key AS key, s.record_id AS record_id, coalesce(s.identifiers, []) AS identifiers,
       e.id AS entity, neighbours,
       [(s)<-[:JUDGES]-(r:Resolution {state: 'active'}) |
        {id: r.id, decision: r.decision, at: toString(r.at), a: r.a, b: r.b}] AS judgements;
