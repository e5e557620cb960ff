// name: rebuttals
// mode: read
// cardinality: one
// param regimes: list[str]
// param as_of: date = today
// column rebuttals: list[dict]
// The active rebuttals (`kb rebut`) under $regimes in force on $as_of (from their start_date on),
// each with the Entity it rebuts: the fixpoint sets that entity's presumed control aside.
MATCH (r:Rebuttal {state: 'active'})-[:REBUTS]->(:SourceRecord)-[:DESCRIBES]->(e:Entity)
WHERE r.regime IN $regimes AND r.start_date <= $as_of
RETURN collect({id: r.id, regime: r.regime, entity: e.id, start_date: toString(r.start_date),
                why: r.why, evidence: coalesce(r.evidence, []), by: r.by,
                at: toString(r.at)}) AS rebuttals;
