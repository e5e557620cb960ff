// name: wipe
// mode: auto
// cardinality: one
// param batch_size: int
// column deleted: int
// Deletes every node and relationship in batches of $batch_size; constraints and indexes stay.
MATCH (n)
CALL (n) {
  DETACH DELETE n
} IN TRANSACTIONS OF $batch_size ROWS
RETURN count(*) AS deleted;
