"""docs/schema.md is generated from the schema declaration (kb/schema.py, kb/schema_doc.py), names
every label and relationship type, and its example queries run against a real Neo4j holding the
Inspur demo. The declaration itself is checked against what the loaders and `kb derive` write."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator

import pytest
from backend import Backend
from conftest import Run
from demo_data import ROOT, derive, load_demo, load_fixture
from markdown_cypher import Block, Outcome, Runner, blocks
from test_load_bundle import load, write_bundle

from kb import admin, schema, schema_doc
from kb.db import Database
from kb.decisions import merge, rebuttals
from kb.loaders.write import runs

SCHEMA_MD = ROOT / "docs" / "schema.md"
STALE = "docs/schema.md is stale: regenerate it with `kb db schema --docs > docs/schema.md`"
EXAMPLES = blocks(schema_doc.render())

# How Neo4j's schema procedures name the declared types.
PROCEDURE_TYPES = {
    schema.STRING: "String",
    schema.INTEGER: "Long",
    schema.FLOAT: "Double",
    schema.BOOLEAN: "Boolean",
    schema.DATE: "Date",
    schema.DATETIME: "DateTime",
    schema.STRINGS: "StringArray",
}


def test_the_committed_schema_doc_is_the_generated_one() -> None:
    assert SCHEMA_MD.read_text(encoding="utf-8") == schema_doc.render(), STALE


def test_kb_db_schema_docs_prints_it(kb: Callable[..., Run]) -> None:
    run = kb("db", "schema", "--docs")
    assert run.code == 0 and run.out == schema_doc.render()
    assert kb("db", "schema").out == schema.schema_file_text()  # the Cypher, as before


def test_every_label_type_and_property_is_documented() -> None:
    text = schema_doc.render()
    sections = set(re.findall(r"^### :(\w+)$", text, flags=re.MULTILINE))
    exposure = set(schema.MARK_LABELS)
    assert sections == (set(schema.NODE_LABELS) - exposure) | set(schema.RELATIONSHIP_TYPES)
    assert all(f"| `:{label}` |" in text for label in exposure), "the exposure labels' table"
    per_regime = {p.name for regime in schema.REGIMES for p in schema.exposure_properties(regime)}
    declared = [
        *(p for props in schema.NODE_PROPERTIES.values() for p in props if p.name not in per_regime),
        *schema.exposure_properties("<regime>"),
        *(p for props in schema.RELATIONSHIP_PROPERTIES.values() for p in props),
    ]
    missing = [p.name for p in declared if f"| `{p.name}` | {p.type} |" not in text]
    assert not missing, f"properties missing from their tables: {missing}"
    assert "```mermaid" in text and all(f"-- {rel} -->" in text for rel in schema.RELATIONSHIP_TYPES)
    with_examples = {example.heading for example in EXAMPLES}
    assert {f":{name}" for name in sections} <= with_examples, "every section has an example query"


@pytest.fixture(scope="module")
def demo(backend: Backend) -> Iterator[Database]:
    with Database(backend.connection) as db:
        admin.init(db)
        admin.wipe(db)
        load_demo(db)
        derive()
        yield db
        admin.wipe(db)


@pytest.fixture(scope="module")
def runner(backend: Backend) -> Iterator[Runner]:
    with Runner(backend.connection) as found:
        yield found


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"{b.heading}-{b.line}" for b in EXAMPLES])
def test_every_example_runs_on_the_demo(example: Block, demo: Database, runner: Runner) -> None:
    outcome: Outcome = runner.run(example)
    assert outcome.query_type == "r", f"{example.heading}: not read-only"
    assert not outcome.deprecations, f"{example.heading}: {outcome.deprecations}"


def test_the_declaration_holds_what_kb_writes(
    backend: Backend, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Every label, type, property and end that the demo, the fixture (officers, ranges, closed
    facts, removed records), `kb derive`, a held load lock and resolution decisions (a reject, an
    accept undone) leave in the graph is declared, with the declared type."""
    with Database(backend.connection) as db:
        admin.init(db)
        admin.wipe(db)
        load_demo(db)
        load_fixture(db, tmp_path_factory.mktemp("schema-doc"))
        trusts = write_bundle(
            tmp_path_factory.mktemp("schema-doc-trusts") / "trusts",
            entities="id,name,kind\nschema-trust,Schema Trust,organization\n",
            trust_roles="party_id,trust_id,role,powers\ninspur-group,schema-trust,settlor,revoke|benefit\n",
        )
        assert load(db, trusts).rejected == 0
        derive()
        merge.undo(db, merge.accept(db, "cisco-systems", "cisco-hk", why="schema check").id)
        merge.reject(db, "inspur-group", "cisco-systems", why="schema check", by="tester")
        rebuttal = rebuttals.record(
            db, "inspur-digital", regime="eu", start=dt.date(2021, 1, 1), why="schema check", evidence=["x"]
        )
        rebuttals.undo(db, rebuttal["id"])
        runs.acquire_lock(db, "test-run", 0)
        try:
            nodes = db.read(
                "CALL db.schema.nodeTypeProperties() YIELD nodeLabels, propertyName, propertyTypes "
                "RETURN nodeLabels, propertyName, propertyTypes"
            )
            rels = db.read(
                "CALL db.schema.relTypeProperties() YIELD relType, propertyName, propertyTypes "
                "RETURN relType, propertyName, propertyTypes"
            )
            ends = db.read(
                "MATCH (a)-[r]->(b) RETURN DISTINCT type(r) AS type, labels(a) AS start, labels(b) AS end"
            )
        finally:
            runs.release_lock(db, "test-run")
            admin.wipe(db)
    problems = []
    for row in nodes:
        labels = row["nodeLabels"]
        problems += [f"undeclared label :{label}" for label in labels if label not in schema.NODE_LABELS]
        if row["propertyName"] is None:
            continue
        declared = schema.properties_of(labels).get(row["propertyName"])
        if declared is None:
            problems.append(f"{labels}.{row['propertyName']} is not declared")
        elif row["propertyTypes"] != [PROCEDURE_TYPES[declared.type]]:
            problems.append(f"{labels}.{declared.name} is {row['propertyTypes']}, declared {declared.type}")
    for row in rels:
        rel = row["relType"].strip(":`")
        if rel not in schema.RELATIONSHIP_TYPES:
            problems.append(f"undeclared relationship type {rel}")
            continue
        if row["propertyName"] is None:
            continue
        found = {p.name: p for p in schema.RELATIONSHIP_PROPERTIES[rel]}.get(row["propertyName"])
        if found is None:
            problems.append(f"[:{rel}].{row['propertyName']} is not declared")
        elif row["propertyTypes"] != [PROCEDURE_TYPES[found.type]]:
            problems.append(f"[:{rel}].{found.name} is {row['propertyTypes']}, declared {found.type}")
    for row in ends:
        start, end = schema.RELATIONSHIP_ENDS[row["type"]]
        if start not in row["start"] or end not in row["end"]:
            problems.append(
                f"[:{row['type']}] runs {row['start']} -> {row['end']}, declared {start} -> {end}"
            )
    assert not problems, "\n".join(sorted(set(problems)))
    seen = {label for row in nodes for label in row["nodeLabels"]}
    saw = {"Person", "LoadLock", "Derivation", "BisCaught", "EuCaught", "Resolution"}
    assert saw <= seen  # the check saw them
    assert {row["relType"].strip(":`") for row in rels} == set(schema.RELATIONSHIP_TYPES)
