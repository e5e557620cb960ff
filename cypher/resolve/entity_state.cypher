// name: entity_state
// mode: write
// cardinality: one
// param id: str
// column element: str
// column labels: list[str]
// column props: dict
// column rels: list[dict]
// An Entity exactly as it is: labels, properties and every relationship ({rel, type, out, other,
// key, props}: element ids of the relationship and of the node at its other end), for a merge to
// record what undo restores. Mode write: it runs inside the merge's write transaction, so what it
// reads holds until the merge commits.
MATCH (e:Entity {id: $id})
RETURN elementId(e) AS element, labels(e) AS labels, properties(e) AS props,
       [(e)-[r]->(o) | {rel: elementId(r), type: type(r), out: true, other: elementId(o), key: coalesce(o.key, o.id, o.code), props: properties(r)}]
       + [(o)-[r]->(e) WHERE o <> e |
          {rel: elementId(r), type: type(r), out: false, other: elementId(o), key: coalesce(o.key, o.id, o.code), props: properties(r)}] AS rels;
