// name: get_run
// mode: read
// cardinality: many
// param run_id: str
// column run: dict
// Every property of one load run, its rejected rows included.
MATCH (r:LoadRun {id: $run_id})
RETURN properties(r) AS run;
