// Which companies does a listed party hold stakes in, directly or as a joint-venture partner?
MATCH (owner:Entity)-[listing:LISTED_ON]->(list:List)
WHERE listing.end_date IS NULL
MATCH (owner)-[stake:OWNS]->(held:Entity)
WHERE NOT stake.derived
RETURN owner.name AS listed_owner, collect(DISTINCT list.code) AS lists, held.name AS holds,
       stake.pct AS pct, stake.jv AS joint_venture
ORDER BY listed_owner, holds
