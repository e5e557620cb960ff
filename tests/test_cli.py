"""The kb command as users run it: output formats, parameters, errors on stderr."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable

import pytest
from backend import free_port
from conftest import Run

from kb.db import Database
from kb.errors import UsageError
from kb.params import parse_params

Kb = Callable[..., Run]


def test_cypher_reads_with_typed_parameters_in_every_format(db: Database, kb: Kb) -> None:
    db.write("CREATE (:Entity:Company {id: 'c1', name: 'Inspur', founded: date('1989-01-01')})")
    query = "MATCH (e:Entity {id: $id}) WHERE $min < 100 RETURN e.name AS name, e.founded AS founded, e"
    as_json = kb("cypher", query, "--param", "id=c1", "--param", "min:=5", "--format", "json")
    assert as_json.code == 0, as_json.err
    rows = json.loads(as_json.out)
    assert rows[0]["name"] == "Inspur" and rows[0]["founded"] == "1989-01-01"
    assert rows[0]["e"]["labels"] == ["Company", "Entity"]
    as_csv = kb("cypher", query, "-p", "id=c1", "-p", "min:=5", "-f", "csv")
    assert list(csv.reader(io.StringIO(as_csv.out)))[:2][0] == ["name", "founded", "e"]
    table = kb("cypher", query, "-p", "id=c1", "-p", "min:=5")
    assert table.out.splitlines()[0].split()[:2] == ["name", "founded"]
    assert table.out.rstrip().endswith("(1 row)")


def test_cypher_is_read_only_unless_write(db: Database, kb: Kb) -> None:
    refused = kb("cypher", "CREATE (:Entity {id: 'w'})")
    assert refused.code == 1
    assert refused.err.startswith("kb: error: Neo.ClientError.Statement.AccessMode")
    assert refused.err.count("\n") == 1
    written = kb("cypher", "CREATE (e:Entity {id: 'w'}) RETURN e.id AS id", "--write", "-f", "json")
    assert json.loads(written.out) == [{"id": "w"}]
    assert db.read("MATCH (e:Entity {id: 'w'}) RETURN count(e) AS n") == [{"n": 1}]


def test_param_syntax() -> None:
    assert parse_params(["name=Inspur", "n:=5", "ids:=[\"a\",\"b\"]", "eq=a=b"]) == {
        "name": "Inspur", "n": 5, "ids": ["a", "b"], "eq": "a=b",
    }  # fmt: skip
    with pytest.raises(UsageError, match="not valid JSON"):
        parse_params(["n:=five"])
    with pytest.raises(UsageError, match="key=text or key:=json"):
        parse_params(["lonely"])


def test_db_commands(db: Database, kb: Kb, schema_ready: None) -> None:
    db.write("CREATE (:Entity:Person {id: 'p1'})")
    init = kb("db", "init", "-f", "json")
    assert init.code == 0 and {row["status"] for row in json.loads(init.out)} == {"already present"}
    stats = json.loads(kb("db", "stats", "-f", "json").out)
    assert {"element": "node", "name": "Person", "count": 1} in stats
    refused = kb("db", "wipe")
    assert refused.code == 2 and "add --yes to confirm" in refused.err
    assert db.read("MATCH (n) RETURN count(n) AS n") == [{"n": 1}]
    assert kb("db", "wipe", "--yes").code == 0
    assert db.read("MATCH (n) RETURN count(n) AS n") == [{"n": 0}]


def test_wrong_password_is_one_documented_line(db: Database, kb: Kb, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_PASSWORD", "definitely-wrong")
    run = kb("cypher", "RETURN 1 AS one")
    assert run.code == 1
    assert run.err == (
        f"kb: error: Neo4j at {db.connection.safe_uri} refused the credentials of user 'neo4j': "
        "check NEO4J_USERNAME and NEO4J_PASSWORD\n"
    )
    assert "definitely-wrong" not in run.out + run.err


def test_unreachable_database_is_one_line(kb: Kb, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", f"bolt://127.0.0.1:{free_port()}")
    run = kb("db", "stats")
    assert run.code == 1
    assert run.err.startswith("kb: error: cannot reach Neo4j at bolt://127.0.0.1:")
    assert run.err.count("\n") == 1


def test_console_script_prints_no_traceback(db: Database) -> None:
    env = {**os.environ, "NEO4J_PASSWORD": "wrong-pass"}
    done = subprocess.run(
        [sys.executable, "-m", "kb", "cypher", "RETURN 1"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.startswith("kb: error: Neo4j at ") and done.stderr.count("\n") == 1
    assert "Traceback" not in done.stderr and "wrong-pass" not in done.stderr


def test_help_for_every_command(kb: Kb) -> None:
    for command in (["server"], ["db"], ["cypher"], ["server", "start"], ["db", "wipe"]):
        run = kb(*command, "--help")
        assert run.code == 0 and "Usage" in run.out, command
