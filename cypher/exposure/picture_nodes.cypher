// name: picture_nodes
// mode: read
// cardinality: many
// param ids: list[str]
// column id: str
// column name: str
// column country: str?
// column kind: str?
// column jv: bool
// Name, country, kind and whether it is a joint venture, for each of the entities $ids: the
// nodes of a picture of the evidence (`kb exposure --graph`).
UNWIND $ids AS id
MATCH (e:Entity {id: id})
RETURN e.id AS id, e.name AS name, e.country AS country, e.kind AS kind, e:JointVenture AS jv;
