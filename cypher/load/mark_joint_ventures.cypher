// name: mark_joint_ventures
// mode: write
// cardinality: one
// param ids: list[str]
// Labels the Entities $ids JointVenture: a loaded source gives them JV partners.
UNWIND $ids AS id
MATCH (e:Entity {id: id})
SET e:JointVenture;
