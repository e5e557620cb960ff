// name: claims_upgraded
// mode: write
// cardinality: one
// param name: str
// param format: int
// Records that the claims of the Source $name now carry claim keys of format $format.
MATCH (s:Source {name: $name})
SET s.claim_format = $format;
