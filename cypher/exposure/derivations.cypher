// name: derivations
// mode: read
// cardinality: many
// column regime: str
// column as_of: date
// column at: any
// column profile_version: str
// column profile_path: str
// column profile_digest: str?
// column stale: bool
// The determinations `kb derive` last wrote, per regime, and whether a load has run since
// (stale: a load finished after them, or one is running now, or a rebuttal of the regime was
// recorded or undone since: `kb rebut` changes answers without a load).
MATCH (d:Derivation)
OPTIONAL MATCH (r:LoadRun) WHERE r.status = 'running' OR r.finished_at > d.at
WITH d, count(r) > 0 OR EXISTS {
  MATCH (b:Rebuttal {regime: d.regime}) WHERE b.at > d.at OR b.undone_at > d.at
} AS stale
RETURN d.regime AS regime, d.as_of AS as_of, d.at AS at, d.profile_version AS profile_version,
       d.profile_path AS profile_path, d.profile_digest AS profile_digest, stale
ORDER BY regime;
