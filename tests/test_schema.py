"""kb db init / stats / wipe and the schema declaration, against a real Neo4j."""

from __future__ import annotations

import pytest

from kb import admin, schema
from kb.db import Database
from kb.errors import QueryError
from kb.paths import resource


def _drop_kb_schema(db: Database) -> None:
    for constraint in schema.CONSTRAINTS:
        db.write(f"DROP CONSTRAINT {constraint.name} IF EXISTS")
    for index in schema.INDEXES:
        db.write(f"DROP INDEX {index.name} IF EXISTS")


def test_init_creates_everything_then_is_idempotent(db: Database) -> None:
    _drop_kb_schema(db)
    first = admin.init(db)
    declared = [item.name for item in schema.SCHEMA_ITEMS]
    assert first.created == declared and first.present == []
    second = admin.init(db)
    assert second.created == [] and second.present == declared
    states = {row["name"]: row["state"] for row in admin.schema_objects(db)}
    assert all(states[name] == "ONLINE" for name in declared if name in states)
    constraints = {row["name"] for row in db.read("SHOW CONSTRAINTS YIELD name RETURN name")}
    assert {c.name for c in schema.CONSTRAINTS} <= constraints


def test_entity_id_is_unique(db: Database, schema_ready: None) -> None:
    db.write("CREATE (:Entity {id: 'dup'})")
    with pytest.raises(QueryError, match="ConstraintValidationFailed") as caught:
        db.write("CREATE (:Entity {id: 'dup'})")
    assert caught.value.code == "Neo.ClientError.Schema.ConstraintValidationFailed"


def test_fulltext_index_finds_names_in_any_script(db: Database, schema_ready: None) -> None:
    db.write(
        "CREATE (:Entity:Company {id: 'inspur', name: 'Inspur Group Co., Ltd.',"
        " names: ['浪潮集团有限公司']}),"
        " (:Entity:Company {id: 'other', name: 'Acme Trading', names: []})"
    )
    db.run_auto_commit("CALL db.awaitIndexes(60)")
    query = "CALL db.index.fulltext.queryNodes('entity_names_fulltext', $q) YIELD node RETURN node.id AS id"
    assert db.read(query, {"q": "浪潮"}) == [{"id": "inspur"}]
    assert db.read(query, {"q": "inspur"}) == [{"id": "inspur"}]


def test_stats_count_labels_and_types(db: Database, schema_ready: None) -> None:
    db.write(
        "CREATE (a:Entity:Company {id: 'a'})-[:OWNS {pct: 60}]->(b:Entity:Company:JointVenture {id: 'b'}),"
        " (:List {code: 'EL'})"
    )
    counts = {(row["element"], row["name"]): row["count"] for row in admin.stats(db)}
    assert counts[("node", "Entity")] == 2
    assert counts[("node", "JointVenture")] == 1
    assert counts[("node", "List")] == 1
    assert counts[("node", "Person")] == 0
    assert counts[("relationship", "OWNS")] == 1
    assert counts[("node", "(all nodes)")] == 3
    assert ("schema", "missing (run kb db init)") not in counts


def test_wipe_removes_data_in_batches_and_keeps_schema(db: Database, schema_ready: None) -> None:
    db.write("UNWIND range(1, 250) AS i CREATE (:Entity {id: toString(i)})-[:OWNS]->(:Entity {id: 'o' + i})")
    before = len(admin.schema_objects(db))
    assert admin.wipe(db, batch_size=100) == 500
    assert db.read("MATCH (n) RETURN count(n) AS n") == [{"n": 0}]
    assert len(admin.schema_objects(db)) == before


def test_schema_file_for_cypher_shell_is_generated_from_the_declaration() -> None:
    committed = resource("cypher/schema/schema.cypher").read_text(encoding="utf-8")
    assert committed == schema.schema_file_text(), "regenerate: kb db schema > cypher/schema/schema.cypher"


def test_schema_file_runs_as_is(db: Database) -> None:
    _drop_kb_schema(db)
    text = resource("cypher/schema/schema.cypher").read_text(encoding="utf-8")
    code = "\n".join(line for line in text.splitlines() if not line.startswith("//"))
    for statement in filter(None, (part.strip() for part in code.split(";"))):
        db.write(statement)
    assert admin.init(db).created == []
