// name: lock_holder
// mode: read
// cardinality: many
// param name: str
// column lock: dict
// Who holds the load lock $name (at most one row): run, host, pid, acquired_at.
MATCH (l:LoadLock {name: $name})
RETURN properties(l) AS lock;
