// name: schema_objects
// mode: read
// cardinality: many
// column name: str
// column type: str
// column state: str
// column labelsOrTypes: list[str]?
// column properties: list[str]?
// column backs_constraint: bool
// Names and states of every constraint and index, for `kb db init` and `kb db stats`.
SHOW INDEXES YIELD name, type, state, labelsOrTypes, properties, owningConstraint
RETURN name, type, state, labelsOrTypes, properties, owningConstraint IS NOT NULL AS backs_constraint
ORDER BY name;
