// name: joint_ventures
// mode: read
// cardinality: many
// param id: str
// param depth: int = 4
// param as_of: date = today
// column member_id: str
// column member_name: str
// column level: int
// column jv_id: str
// column jv_name: str
// column member_pct: float?
// column member_pct_min: float?
// column member_pct_max: float?
// column partner_id: str
// column partner_name: str
// column partner_country: str?
// column partner_pct: float?
// column partner_pct_min: float?
// column partner_pct_max: float?
// column purpose: str?
// column sources: list[str]
// The joint ventures of the entity $id or of its subsidiaries (reached through stakes that are or
// may be a majority: more than 50%, or of unknown size; at most $depth layers down, at most 6),
// with every other partner and both partners' stakes, valid on $as_of. Level 0 is the entity itself.
MATCH (root:Entity {id: $id})
MATCH path = (root)-[:OWNS*0..6]->(member:Entity)
WHERE length(path) <= $depth
  AND all(r IN relationships(path) WHERE coalesce(r.pct, r.pct_max, 100.0) > 50.0
          AND NOT coalesce(r.jv, false) AND NOT coalesce(r.derived, false) AND (r.start_date IS NULL OR r.start_date <= $as_of) AND (r.end_date IS NULL OR $as_of < r.end_date))
WITH member, min(length(path)) AS level
MATCH (member)-[own:OWNS {jv: true}]->(jv:JointVenture)<-[other:OWNS {jv: true}]-(partner:Entity)
WHERE partner <> member AND (own.start_date IS NULL OR own.start_date <= $as_of) AND (own.end_date IS NULL OR $as_of < own.end_date) AND (other.start_date IS NULL OR other.start_date <= $as_of) AND (other.end_date IS NULL OR $as_of < other.end_date)
RETURN member.id AS member_id, member.name AS member_name, level, jv.id AS jv_id, jv.name AS jv_name,
       own.pct AS member_pct, own.pct_min AS member_pct_min, own.pct_max AS member_pct_max,
       partner.id AS partner_id, partner.name AS partner_name, partner.country AS partner_country,
       other.pct AS partner_pct, other.pct_min AS partner_pct_min, other.pct_max AS partner_pct_max,
       coalesce(own.purpose, other.purpose) AS purpose, [x IN [own.source, other.source] WHERE x IS NOT NULL] AS sources
ORDER BY level, jv_id, partner_id;
