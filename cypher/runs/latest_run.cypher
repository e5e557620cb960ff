// name: latest_run
// mode: read
// cardinality: many
// param source: str
// column run: str
// column status: str?
// column rejected: int?
// column store: str
// The newest load run of one source (at most one row), with the store's id: a kept line-level
// snapshot of that run is only trusted when both still match.
MATCH (r:LoadRun {source: $source})
WITH r ORDER BY r.started_at DESC LIMIT 1
CALL db.info() YIELD id AS store
RETURN r.id AS run, r.status AS status, r.rejected AS rejected, store;
