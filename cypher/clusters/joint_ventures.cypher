// name: joint_ventures
// mode: write
// cardinality: one
// param ids: list[str]
// The Entities $ids are JointVentures exactly when a joint-venture partner's stake ends at them.
UNWIND $ids AS id
MATCH (e:Entity {id: id})
CALL (e) {
  WITH e WHERE EXISTS { ()-[:OWNS {jv: true}]->(e) }
  SET e:JointVenture
}
CALL (e) {
  WITH e WHERE NOT EXISTS { ()-[:OWNS {jv: true}]->(e) }
  REMOVE e:JointVenture
};
