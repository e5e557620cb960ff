// name: any_merge
// mode: read
// cardinality: one
// column merged: bool
// Whether any accepted merge (`kb resolve accept`) is active: when none is, no answer relies on one
// and naming them costs nothing.
RETURN EXISTS { MATCH (:Resolution {decision: 'accept', state: 'active'}) } AS merged;
