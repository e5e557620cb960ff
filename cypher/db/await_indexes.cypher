// name: await_indexes
// mode: auto
// cardinality: one
// param timeout: int
// Waits up to $timeout seconds until every index is online (kb db init, after creating them).
CALL db.awaitIndexes($timeout);
