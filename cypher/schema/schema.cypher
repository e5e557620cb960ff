// Generated from kb/schema.py by `kb db schema > cypher/schema/schema.cypher`; do not edit.
// Idempotent: run it as-is in cypher-shell or Neo4j Browser, or use `kb db init`.
CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT identifier_key IF NOT EXISTS FOR (n:Identifier) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT list_code IF NOT EXISTS FOR (n:List) REQUIRE n.code IS UNIQUE;
CREATE CONSTRAINT source_name IF NOT EXISTS FOR (n:Source) REQUIRE n.name IS UNIQUE;
CREATE CONSTRAINT load_run_id IF NOT EXISTS FOR (n:LoadRun) REQUIRE n.id IS UNIQUE;
CREATE INDEX entity_name IF NOT EXISTS FOR (n:Entity) ON (n.name);
CREATE INDEX entity_country IF NOT EXISTS FOR (n:Entity) ON (n.country);
CREATE INDEX identifier_value IF NOT EXISTS FOR (n:Identifier) ON (n.value);
CREATE INDEX load_run_started IF NOT EXISTS FOR (n:LoadRun) ON (n.started_at);
CREATE INDEX listed_on_start IF NOT EXISTS FOR ()-[n:LISTED_ON]-() ON (n.start_date);
CREATE FULLTEXT INDEX entity_names_fulltext IF NOT EXISTS FOR (n:Entity) ON EACH [n.name, n.names];
