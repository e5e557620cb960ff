// name: finish_run
// mode: write
// cardinality: one
// param run_id: str
// param counts: dict
// param status: str
// param now: datetime
// param error: str = null
// param rejected_rows: list[str]
// Closes the load run $run_id with its outcome, counts and (the first) rejected rows as JSON lines;
// a succeeded run dates its Source's retrieved_at.
MATCH (run:LoadRun {id: $run_id})
SET run += $counts, run.status = $status, run.finished_at = $now, run.error = $error,
    run.rejected_rows = $rejected_rows
WITH run
MATCH (run)-[:OF_SOURCE]->(source:Source)
SET source.retrieved_at = CASE WHEN $status = 'succeeded' THEN $now ELSE source.retrieved_at END;
