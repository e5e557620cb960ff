// name: write_derivation
// mode: write
// cardinality: one
// param regime: str
// param as_of: date
// param version: str
// param path: str
// param digest: str
// param counts: dict
// Say which date and which regime profile file (its version, path and SHA-256) regime $regime's
// marks hold for, with their counts per status ($counts: listed, caught, possible); releases the
// lock taken by lock_derivation.
MERGE (d:Derivation {regime: $regime})
SET d.as_of = $as_of, d.at = datetime(), d.profile_version = $version, d.profile_path = $path,
    d.profile_digest = $digest,
    d.listed = $counts.listed, d.caught = $counts.caught, d.possible = $counts.possible,
    d.writing = null;
