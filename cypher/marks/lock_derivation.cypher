// name: lock_derivation
// mode: write
// cardinality: one
// param regime: str
// Take the write lock of regime $regime's marks, first thing in the transaction that rewrites
// them: two derives of one regime then run one after the other. Cleared by write_derivation.
MERGE (d:Derivation {regime: $regime})
SET d.writing = true;
