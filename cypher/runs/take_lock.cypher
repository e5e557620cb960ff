// name: take_lock
// mode: write
// cardinality: one
// param name: str
// param run_id: str
// param host: str
// param pid: int
// param now: datetime
// Takes the load lock $name for the run $run_id; the unique constraint on LoadLock.name makes a
// second taker fail (Neo4j.ClientError.Schema.ConstraintValidationFailed) while one holds it.
CREATE (:LoadLock {name: $name, run: $run_id, host: $host, pid: $pid, acquired_at: $now});
