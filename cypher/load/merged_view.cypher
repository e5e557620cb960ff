// name: merged_view
// mode: write
// cardinality: one
// param ids: list[str]
// param now: datetime
// param run: str
// The merged view of the Entities $ids from every record that describes them: the earliest
// record names the Entity; names, opacity signals and sources are unions.
UNWIND $ids AS id
MATCH (e:Entity {id: id})
CALL (e) {
  MATCH (s:SourceRecord)-[:DESCRIBES]->(e)
  WITH s ORDER BY s.first_seen, s.key
  RETURN collect(s) AS rs
}
WITH e, rs,
     reduce(acc = [], s IN rs | acc + [n IN [s.name] + coalesce(s.names, []) WHERE NOT n IN acc]) AS names
SET e.name = rs[0].name,
    e.names = tail(names),
    e.kind = rs[0].kind,
    e.country = head([s IN rs WHERE s.country IS NOT NULL | s.country]),
    e.address = head([s IN rs WHERE s.address IS NOT NULL | s.address]),
    e.opacity = reduce(acc = [], s IN rs | acc + [o IN coalesce(s.opacity, []) WHERE NOT o IN acc]),
    e.sources = reduce(acc = [], x IN reduce(all = [], s IN rs | all + [s.dataset, s.source]) |
      CASE WHEN x IS NULL OR x IN acc THEN acc ELSE acc + [x] END),
    e.last_seen = $now, e.last_run = $run;
