"""Every .cypher file and its one typed wrapper agree, Neo4j returns the columns the header says, and
every query that writes is planned by Neo4j with values of its declared types."""

from __future__ import annotations

import datetime as dt
import inspect
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import demo_data
import neo4j.time
import pytest
from conftest import Run
from loading import load_path

import kb.cli  # noqa: F401 - imports every module that registers query wrappers
from kb import queries
from kb.db import Database
from kb.decisions import merge, rebuttals
from kb.errors import QueryError
from kb.loaders.write import claims as claim_keys
from kb.loaders.write import runs

Kb = Callable[..., Run]
DEMO = Path(__file__).resolve().parents[1] / "docs" / "examples" / "inspur"
PYTHON_TYPES: dict[str, Any] = {
    "str": str,
    "int": int,
    "float": float,
    "bool": bool,
    "date": dt.date,
    "datetime": dt.datetime,
    "list[str]": list[str],
    "list[dict]": list[dict[str, Any]],
    "dict": dict[str, Any],
    "any": Any,
}
# Folders kb's own queries live in: each of their queries that returns rows declares its columns.
COLUMNS_REQUIRED = ("db", "runs", "exposure", "ownership", "load", "resolve", "lists")
# A query returns rows when its last clause is RETURN (a RETURN inside a subquery does not count).
CLAUSES = re.compile(r"\b(RETURN|SET|DELETE|CREATE|MERGE|REMOVE|CALL|FOREACH)\b", re.IGNORECASE)
# A value of each type, to plan (EXPLAIN) the queries that write.
SAMPLES: dict[str, Any] = {
    "str": "x",
    "int": 1,
    "float": 1.0,
    "bool": True,
    "date": dt.date(2025, 1, 1),
    "datetime": dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
    "list[str]": ["x"],
    "list[dict]": [{}],
    "dict": {},
    "any": None,
}
# Wrappers written before parameters became keyword-only; they take them positionally too.
POSITIONAL_ALLOWED = {"db/wipe", "runs/list_runs", "runs/get_run", "runs/latest_run"}
KEYS = sorted(queries.specs())


def test_every_query_file_has_one_wrapper_and_no_wrapper_lacks_a_file() -> None:
    assert set(queries.specs()) == set(queries.WRAPPERS)
    assert queries.DUPLICATE_WRAPPERS == []


@pytest.mark.parametrize("key", KEYS)
def test_wrapper_parameters_match_the_header(key: str) -> None:
    spec = queries.specs()[key]
    signature = inspect.signature(queries.WRAPPERS[key], eval_str=True)
    rest = list(signature.parameters.values())
    if rest and rest[0].name == "db":  # runs the query
        assert rest.pop(0).annotation is Database
    else:  # returns it bound, to run in one transaction with others: only a write can
        assert signature.return_annotation == queries.Statement, f"{key}: takes no db, returns no Statement"
        assert spec.mode == "write", f"{key}: a {spec.mode} query cannot run inside a write transaction"
    params = {p.name: p for p in rest}
    assert set(params) == set(spec.params)
    for name, declared in spec.params.items():
        param = params[name]
        kinds = (
            (param.KEYWORD_ONLY, param.POSITIONAL_OR_KEYWORD)
            if key in POSITIONAL_ALLOWED
            else (param.KEYWORD_ONLY,)
        )
        assert param.kind in kinds, f"{key}: {name} must be keyword-only"
        wanted = PYTHON_TYPES[declared]
        allowed = [wanted, wanted | None] if name in spec.defaults else [wanted]
        assert param.annotation in allowed, (
            f"{key}: {name} is {declared}, the wrapper says {param.annotation}"
        )


@pytest.mark.parametrize("key", [k for k in KEYS if k.split("/")[0] in COLUMNS_REQUIRED])
def test_kb_queries_declare_their_columns(key: str) -> None:
    spec = queries.specs()[key]
    clauses = CLAUSES.findall(queries.body(spec.text))
    returns = bool(clauses) and clauses[-1].upper() == "RETURN"
    assert bool(spec.columns) == returns, (
        f"{key} returns rows: {returns}, declares columns: {bool(spec.columns)}"
    )


def _parameters(db: Database) -> dict[str, dict[str, Any]]:
    """For each module with declared columns, parameters under which it finds something in the
    derived demo (defaults fill the rest)."""
    run = db.read("MATCH (r:LoadRun) RETURN r.id AS id, r.source AS source")[0]
    element = {
        row["id"]: row["element"]
        for row in db.read("MATCH (e:Entity) RETURN e.id AS id, elementId(e) AS element")
    }
    on = dt.date.fromisoformat(demo_data.AS_OF)
    decisions = db.read("MATCH (r:Resolution) RETURN r.id AS id ORDER BY r.at")
    # the Entity cisco-systems was judged one with cisco-hk: its first record in rank order names it
    [cisco] = db.read(
        "MATCH (:SourceRecord {record_id: 'cisco-systems'})-[:DESCRIBES]->(e) RETURN e.id AS id"
    )
    return {
        "bloom/affiliates": {"entity": "inspur-group"},
        "bloom/evidence": {"nodes": [element["inspur-digital"], element["inspur-group"]]},
        "bloom/expand_owners": {"nodes": [element["inspur-digital"]]},
        "bloom/expand_subsidiaries": {"nodes": [element["inspur-group"]]},
        "bloom/exposure": {"entity": "inspur-cisco-jv"},
        "bloom/joint_ventures": {"entity": cisco["id"]},
        "bloom/owners": {"entity": "inspur-digital"},
        "bloom/path": {"a": "inspur-group", "b": "inspur-digital"},
        "bloom/records": {"entity": "inspur-group"},
        "bloom/suggest_entities": {},
        "bloom/suggest_listed": {},
        "bloom/what_if": {"entity": "inspur-group"},
        "db/constraint_names": {},
        "db/schema_objects": {},
        "exposure/derivations": {},
        "exposure/entity_listings": {"ids": ["inspur-group"], "as_of": on},
        "exposure/entity_names": {"ids": ["inspur-group", "inspur-digital"]},
        "exposure/find_by_id": {"id": "inspur-group"},
        "exposure/find_by_identifier": {"keys": ["USCC:913700001630477270"], "values": []},
        "exposure/find_by_name": {"name": "Inspur Group", "phrase": '"Inspur Group"'},
        "exposure/find_by_text": {"query": "inspur"},
        "exposure/holders": {"ids": ["inspur-digital"], "as_of": on},
        "exposure/joint_ventures": {"id": "inspur-group", "as_of": on},
        "exposure/out_links": {"ids": ["inspur-group"], "as_of": on},
        "exposure/picture_nodes": {"ids": ["inspur-group", "inspur-cisco-jv"]},
        "exposure/seed_listings": {"lists": ["EL"], "as_of": on},
        "exposure/statuses": {"ids": ["inspur-digital"]},
        "exposure/subject": {"id": "inspur-digital", "as_of": on},
        "lists/lists": {"as_of": on},
        "load/count_nodes": {},
        "load/find_entities": {
            "clusters": [{"n": 0, "ids": ["inspur-group"], "record_keys": [], "identifiers": []}]
        },
        "load/find_references": {"ids": ["inspur-group", "nobody"]},
        "load/outdated_sources": {"format": claim_keys.CLAIM_FORMAT + 1},
        "load/own_records": {"keys": [f"{run['source']}|inspur-group"]},
        "load/source_records": {"dataset": run["source"]},
        "load/source_records_by_key": {"keys": [f"{run['source']}|inspur-group"]},
        "load/still_claimed": {
            "keys": [f"{run['source']}|inspur-group"],
            "dataset": run["source"],
            "closing": [],
        },
        "ownership/paths": {"from_id": "inspur-group", "to_id": "inspur-digital", "as_of": on},
        "ownership/stakes_in": {"ids": ["inspur-digital"], "as_of": on},
        "ownership/stakes_of": {"ids": ["inspur-group"], "as_of": on},
        "runs/get_run": {"run_id": run["id"]},
        "runs/latest_run": {"source": run["source"]},
        "runs/lock_holder": {"name": runs.LOCK},
        "runs/list_runs": {"limit": 5},
        "screen/candidates": {"rows": [{"n": 0, "keys": ["w:inspur", "id:USCC:913700001630477270"]}]},
        "screen/count_entities": {},
        "screen/entity_ids_after": {"after": ""},
        "screen/entity_parties": {"ids": ["inspur-group"]},
        "screen/marked_exposure": {"ids": ["inspur-digital"]},
        "resolve/match_entities": {"ids": ["inspur-group"]},
        "resolve/candidate_pairs": {"after": ""},
        "resolve/match_key_blocks": {"after": ""},
        "resolve/find_record": {"ref": "inspur-group"},
        "resolve/judgement": {"id": decisions[0]["id"]},
        "resolve/known_records": {"keys": [f"{run['source']}|cisco-hk", "nobody|x"]},
        "clusters/record_links": {"keys": [f"{run['source']}|cisco-hk"], "weak": ["REG"]},
        "migrate/old_decisions": {},
        "migrate/records_named": {"ids": [cisco["id"]]},
        "migrate/clustered_records": {},
        "resolve/decided_pairs": {},
        "resolve/decisions": {},
        "exposure/resolutions": {"ids": [cisco["id"]]},
        "exposure/any_merge": {},
        "exposure/rebuttals": {"regimes": ["eu"], "as_of": on},
        "rebut/rebuttals": {},
    }


def _fits(value: Any, column: queries.Column) -> bool:
    if value is None:
        return column.nullable
    checks: dict[str, Callable[[Any], bool]] = {
        "str": lambda v: isinstance(v, str),
        "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "float": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
        "bool": lambda v: isinstance(v, bool),
        "date": lambda v: isinstance(v, (neo4j.time.Date, dt.date)),
        "datetime": lambda v: isinstance(v, (neo4j.time.DateTime, dt.datetime)),
        "list[str]": lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
        "list[dict]": lambda v: isinstance(v, list) and all(isinstance(x, dict) for x in v),
        "dict": lambda v: isinstance(v, dict),
        "any": lambda v: True,
    }
    return checks[column.type](value)


@pytest.fixture
def demo_db(db: Database, schema_ready: None) -> Database:
    load_path(db, "bundle", DEMO)
    return db


def _empty(value: Any) -> bool:
    return value is None or value == [] or value == {}


def test_neo4j_returns_the_declared_columns(demo_db: Database) -> None:
    """Each read module runs for real (in a read transaction) on the demo, derived as of
    2025-10-15, and returns rows of the declared types; the others are only planned (EXPLAIN)."""
    demo_data.derive()
    merge.reject(demo_db, "inspur-group", "cisco-systems", why="for resolve/decisions to find")
    merge.accept(demo_db, "cisco-systems", "cisco-hk", why="for exposure/resolutions to find")
    demo_db.write(  # as an older kb wrote a decision, for migrate/old_decisions to find
        "CREATE (:Resolution {id: 'res-old', a: 'inspur-group', b: 'cisco-hk', decision: 'reject', "
        "by: 'x', at: datetime(), state: 'active'})"
    )
    rebuttals.record(  # for exposure/rebuttals and rebut/rebuttals to find
        demo_db, "inspur-digital", regime="eu", start=dt.date(2021, 1, 1), why="test", evidence=["x"]
    )
    runs.acquire_lock(demo_db, "a-load", 0)  # for runs/lock_holder to find
    parameters = _parameters(demo_db)
    assert set(parameters) == {
        k for k in KEYS if queries.specs()[k].columns and queries.specs()[k].mode == "read"
    }
    for key in sorted(k for k in KEYS if queries.specs()[k].mode != "read"):
        spec = queries.specs()[key]
        samples = {name: SAMPLES[ptype] for name, ptype in spec.params.items()}
        keys = demo_db.read_keys("EXPLAIN " + queries.body(spec.text), samples)
        assert keys == list(spec.columns), key
    for key in sorted(parameters):
        spec, params = queries.specs()[key], parameters[key]
        assert demo_db.read_keys(spec.text, queries.bind(spec, params)) == list(spec.columns), key
        rows = queries.execute(demo_db, spec, params)
        assert rows, f"{key} returns no row on the derived demo with {params}"
        assert not all(_empty(value) for row in rows for value in row.values()), f"{key}: only empty values"
        for row in rows:
            for name, column in spec.columns.items():
                assert _fits(row[name], column), f"{key}: {name}={row[name]!r} is not {column}"


def _spec(tmp_path: Path, text: str, name: str = "probe") -> queries.QuerySpec:
    path = tmp_path / f"{name}.cypher"
    path.write_text(text, encoding="utf-8")
    return queries.parse(path, name)


def test_read_queries_run_in_read_transactions(db: Database, tmp_path: Path) -> None:
    header = "// name: probe\n// mode: {mode}\n// cardinality: one\n// column n: int\n"
    sneaky = _spec(tmp_path, header.format(mode="read") + "CREATE (p:Probe) RETURN 1 AS n\n")
    with pytest.raises(QueryError, match=r"(?i)write"):
        queries.execute(db, sneaky, {})
    assert db.read("MATCH (p:Probe) RETURN count(p) AS n")[0]["n"] == 0
    honest = _spec(tmp_path, header.format(mode="write") + "CREATE (p:Probe) RETURN 1 AS n\n")
    assert queries.execute(db, honest, {}) == [{"n": 1}]


def test_defaults_fill_omitted_parameters(db: Database, tmp_path: Path) -> None:
    spec = _spec(
        tmp_path,
        "// name: probe\n// mode: read\n// cardinality: one\n// param as_of: date = today\n"
        "// param n: int = 3\n// param x: float = 0.5\n// param s: str = 'a b'\n// param b: bool = true\n"
        "// param z: str = null\n// param day: date = '2024-07-03'\n// param need: str\n"
        "// column row: any\n// Echo.\n"
        "RETURN [$as_of, $n, $x, $s, $b, $z, $day, $need] AS row\n",
    )
    assert spec.defaults["as_of"] is queries.TODAY and spec.doc == "Echo."
    assert spec.describe_param("as_of") == "as_of: date = today"
    row = queries.execute(db, spec, {"need": "q", "n": None})[0]["row"]
    assert row[0].to_native() == dt.date.today()
    assert row[1:6] == [3, 0.5, "a b", True, None] and row[6].to_native() == dt.date(2024, 7, 3)
    assert queries.execute(db, spec, {"need": "q", "n": 7})[0]["row"][1] == 7
    with pytest.raises(QueryError, match=r"missing \['need'\]"):
        queries.execute(db, spec, {})
    with pytest.raises(QueryError, match=r"unknown \['oops'\]"):
        queries.execute(db, spec, {"need": "q", "oops": 1})


BAD_HEADERS = [
    ("// mode: sometimes\n// cardinality: one\nRETURN 1\n", "mode 'sometimes'"),
    ("// mode: read\n// cardinality: one\n// param x: decimal\nRETURN $x\n", "unknown type 'decimal'"),
    ("// mode: read\n// cardinality: one\n// param x: int = abc\nRETURN $x\n", "bad default 'abc'"),
    ("// mode: read\n// cardinality: one\n// param x: int = today\nRETURN $x\n", "bad default 'today'"),
    ("// mode: read\n// cardinality: one\n// param x: int = 'a'\nRETURN $x\n", "bad default"),
    ("// mode: read\n// cardinality: one\n// param x: str\nRETURN 1\n", "never uses \\$x"),
    ("// mode: read\n// cardinality: one\n// The $y in prose is fine.\nRETURN $y\n", "\\$y is used but not"),
    ("// mode: read\n// cardinality: one\n// column c: str = 'a'\nRETURN 1 AS c\n", "cannot have a default"),
    ("// mode: read\n// cardinality: one\n// column c: strings\nRETURN 1 AS c\n", "unknown type 'strings'"),
    ("// mode: read\n// cardinality: one\n// param x: str?\nRETURN $x\n", "'\\?' is for columns"),
]


@pytest.mark.parametrize(("text", "problem"), BAD_HEADERS)
def test_bad_header_is_rejected_with_the_file_name(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "oops.cypher"
    path.write_text("// name: oops\n" + text)
    with pytest.raises(QueryError, match=rf"oops.cypher: bad header: .*{problem}"):
        queries.parse(path, "oops")


def test_query_list_shows_every_query(kb: Kb) -> None:
    done = kb("query", "list", "--format", "json")
    assert done.code == 0, done.err
    rows = {row["name"]: row for row in json.loads(done.out)}
    assert set(rows) == {spec.key for spec in queries.specs().values()}
    finder = rows["exposure/find_by_text"]
    assert finder["mode"] == "read" and finder["cardinality"] == "many"
    assert finder["params"] == "query: str, limit: int = 11"
    assert finder["columns"].startswith("id: str, name: str, country: str?")
    assert finder["doc"].startswith("Full-text search")


def test_query_run_converts_parameters_to_their_declared_types(demo_db: Database, kb: Kb) -> None:
    done = kb(
        "query",
        "run",
        "find_by_identifier",
        "-p",
        "keys=USCC:913700001630477270,LEI:x",
        "-p",
        "values=",
        "-f",
        "json",
    )
    assert done.code == 0, done.err
    assert [row["id"] for row in json.loads(done.out)] == ["inspur-group"]
    done = kb(
        "query", "run", "exposure/find_by_text", "-p", "query=inspur AND taiwan", "-p", "limit=2", "-f", "csv"
    )
    assert done.code == 0, done.err
    assert done.out.splitlines()[0] == "id,name,country,kind,score"
    assert done.out.splitlines()[1].startswith("inspur-taiwan,Inspur Taiwan,TW,company,")
    # zero rows still print the declared header
    done = kb("query", "run", "find_by_id", "-p", "id=nobody", "-f", "csv")
    assert (done.code, done.out) == (0, "id,name,country,kind\n")
    # list[str] from JSON, int from JSON
    done = kb(
        "query",
        "run",
        "find_by_identifier",
        "-p",
        'keys:=["USCC:913700001630477270"]',
        "-p",
        "values:=[]",
        "-p",
        "limit:=1",
        "-f",
        "json",
    )
    assert [row["id"] for row in json.loads(done.out)] == ["inspur-group"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["query", "run", "no_such_query"], "no query named 'no_such_query'"),
        (["query", "run", "find_by_id"], "needs --param id"),
        (["query", "run", "find_by_id", "-p", "id=a", "-p", "idd=b"], "takes no parameter 'idd'"),
        (["query", "run", "find_by_text", "-p", "query=a", "-p", "limit=ten"], "limit: 'ten' is not an int"),
        (["query", "run", "db/wipe", "-p", "batch_size=10"], "add --write"),
    ],
)
def test_query_run_usage_errors_exit_2(kb: Kb, args: list[str], message: str) -> None:
    done = kb(*args)
    assert done.code == 2 and message in done.err and done.err.count("\n") == 1, done.err
