// name: lists
// mode: read
// cardinality: many
// param as_of: date = today
// column code: str
// column name: str?
// column authority: str?
// column jurisdiction: str?
// column listed: int
// column sources: list[str]
// Every List in the graph (the built-in ones and those sources define), with how many entities are
// listed on it on $as_of (half-open [start_date, end_date), closed claims too while their dates
// hold) and the sources whose claims name it.
MATCH (l:List)
RETURN l.code AS code, l.name AS name, l.authority AS authority, l.jurisdiction AS jurisdiction,
       COUNT { MATCH (e:Entity)-[r:LISTED_ON]->(l)
               WHERE (r.start_date IS NULL OR r.start_date <= $as_of) AND (r.end_date IS NULL OR $as_of < r.end_date)
               RETURN DISTINCT e } AS listed,
       COLLECT { MATCH ()-[r:LISTED_ON]->(l) RETURN DISTINCT r.dataset AS dataset ORDER BY dataset } AS sources
ORDER BY code;
