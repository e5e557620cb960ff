// name: merged_view
// mode: write
// cardinality: one
// param ids: list[str]
// The merged view of the Entities $ids from every record that describes them, in the order that
// names a cluster (kb.resolution.clusters.rank: the record id with the fewest prefixes, then by id and
// key), so the view depends on the records, not on the order they were loaded in: the first
// record names the Entity; names, opacity signals and sources are unions; first and last seen
// span the records'.
UNWIND $ids AS id
MATCH (e:Entity {id: id})
CALL (e) {
  MATCH (s:SourceRecord)-[:DESCRIBES]->(e)
  WITH s ORDER BY size(split(s.record_id, ':')), s.record_id, s.key
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
    e.first_seen = reduce(m = null, s IN rs | CASE WHEN m IS NULL OR s.first_seen < m THEN s.first_seen ELSE m END),
    e.last_seen = reduce(m = null, s IN rs | CASE WHEN m IS NULL OR s.last_seen > m THEN s.last_seen ELSE m END),
    e.last_run = reduce(m = null, s IN rs | CASE WHEN m IS NULL OR s.last_run > m THEN s.last_run ELSE m END);
