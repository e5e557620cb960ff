// name: list_runs
// mode: read
// cardinality: many
// param limit: int
// column run: str
// column source: str?
// column format: str?
// column status: str?
// column entities_written: int?
// column rejected: int?
// column seconds: int?
// Load runs, newest first: source, format, status, counts, rejected rows, duration in seconds.
MATCH (r:LoadRun)
RETURN r.id AS run, r.source AS source, r.format AS format, r.status AS status,
       r.entities_written AS entities_written, r.rejected AS rejected,
       duration.inSeconds(r.started_at, coalesce(r.finished_at, r.started_at)).seconds AS seconds
ORDER BY r.started_at DESC
LIMIT $limit;
