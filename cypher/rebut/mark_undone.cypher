// name: mark_undone
// mode: write
// cardinality: one
// param id: str
// param at: datetime
// column id: str
// Marks the rebuttal $id undone (it stays, as the record of what was decided and reverted).
MATCH (r:Rebuttal {id: $id})
SET r.state = 'undone', r.undone_at = $at
RETURN r.id AS id;
