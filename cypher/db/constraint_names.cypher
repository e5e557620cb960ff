// name: constraint_names
// mode: read
// cardinality: many
// column name: str
// The names of the constraints in the database (kb db init compares them with kb.schema's).
SHOW CONSTRAINTS YIELD name
RETURN name;
