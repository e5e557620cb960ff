// name: release_lock
// mode: write
// cardinality: one
// param name: str
// param run_id: str
// Releases the load lock $name if the run $run_id holds it (its own, or a dead process's).
MATCH (l:LoadLock {name: $name, run: $run_id})
DELETE l;
