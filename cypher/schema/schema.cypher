// Generated from kb/schema.py by `kb db schema > cypher/schema/schema.cypher`; do not edit.
// Idempotent: run it as-is in cypher-shell or Neo4j Browser, or use `kb db init`.
CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT identifier_key IF NOT EXISTS FOR (n:Identifier) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT list_code IF NOT EXISTS FOR (n:List) REQUIRE n.code IS UNIQUE;
CREATE CONSTRAINT source_name IF NOT EXISTS FOR (n:Source) REQUIRE n.name IS UNIQUE;
CREATE CONSTRAINT load_run_id IF NOT EXISTS FOR (n:LoadRun) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT source_record_key IF NOT EXISTS FOR (n:SourceRecord) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT load_lock_name IF NOT EXISTS FOR (n:LoadLock) REQUIRE n.name IS UNIQUE;
CREATE CONSTRAINT derivation_regime IF NOT EXISTS FOR (n:Derivation) REQUIRE n.regime IS UNIQUE;
CREATE CONSTRAINT match_key IF NOT EXISTS FOR (n:MatchKey) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT resolution_id IF NOT EXISTS FOR (n:Resolution) REQUIRE n.id IS UNIQUE;
CREATE INDEX entity_name IF NOT EXISTS FOR (n:Entity) ON (n.name);
CREATE INDEX entity_country IF NOT EXISTS FOR (n:Entity) ON (n.country);
CREATE INDEX identifier_value IF NOT EXISTS FOR (n:Identifier) ON (n.value);
CREATE INDEX load_run_started IF NOT EXISTS FOR (n:LoadRun) ON (n.started_at);
CREATE INDEX listed_on_start IF NOT EXISTS FOR ()-[n:LISTED_ON]-() ON (n.start_date);
CREATE INDEX source_record_dataset IF NOT EXISTS FOR (n:SourceRecord) ON (n.dataset);
CREATE INDEX source_record_id IF NOT EXISTS FOR (n:SourceRecord) ON (n.record_id);
CREATE INDEX owns_dataset IF NOT EXISTS FOR ()-[n:OWNS]-() ON (n.dataset);
CREATE INDEX controls_dataset IF NOT EXISTS FOR ()-[n:CONTROLS]-() ON (n.dataset);
CREATE INDEX listed_on_dataset IF NOT EXISTS FOR ()-[n:LISTED_ON]-() ON (n.dataset);
CREATE INDEX officer_of_dataset IF NOT EXISTS FOR ()-[n:OFFICER_OF]-() ON (n.dataset);
CREATE INDEX owns_claim IF NOT EXISTS FOR ()-[n:OWNS]-() ON (n.claim);
CREATE INDEX controls_claim IF NOT EXISTS FOR ()-[n:CONTROLS]-() ON (n.claim);
CREATE INDEX listed_on_claim IF NOT EXISTS FOR ()-[n:LISTED_ON]-() ON (n.claim);
CREATE INDEX officer_of_claim IF NOT EXISTS FOR ()-[n:OFFICER_OF]-() ON (n.claim);
CREATE INDEX resolution_pair IF NOT EXISTS FOR (n:Resolution) ON (n.a, n.b);
CREATE FULLTEXT INDEX entity_names_fulltext IF NOT EXISTS FOR (n:Entity) ON EACH [n.name, n.names];
