"""The driver module against a real Neo4j: round trips, routing, errors, deprecations."""

from __future__ import annotations

import pytest
from backend import free_port
from neo4j.warnings import Neo4jDeprecationWarning

from kb.connection import Connection
from kb.db import Database
from kb.errors import AuthFailed, QueryError, Unreachable


def test_data_written_over_bolt_reads_back(db: Database) -> None:
    db.write(
        "UNWIND $rows AS row CREATE (:Entity:Company {id: row.id, name: row.name})",
        {
            "rows": [
                {"id": "c1", "name": "Inspur Group"},
                {"id": "c2", "name": "浪潮电子信息产业股份有限公司"},
            ]
        },
    )
    rows = db.read("MATCH (e:Entity) RETURN e.id AS id, e.name AS name ORDER BY id")
    assert rows == [
        {"id": "c1", "name": "Inspur Group"},
        {"id": "c2", "name": "浪潮电子信息产业股份有限公司"},
    ]


def test_read_routing_refuses_writes(db: Database) -> None:
    with pytest.raises(QueryError, match="AccessMode"):
        db.read("CREATE (:Entity {id: 'x'})")
    assert db.read("MATCH (n) RETURN count(n) AS n") == [{"n": 0}]


def test_server_deprecation_notices_become_errors(db: Database) -> None:
    with pytest.raises(Neo4jDeprecationWarning):
        db.read("MATCH (n) CALL { WITH n RETURN 1 AS x } RETURN count(*) AS c")


def test_syntax_error_is_one_line(db: Database) -> None:
    with pytest.raises(QueryError) as caught:
        db.read("MATCH (n RETURN n")
    assert "Neo.ClientError.Statement.SyntaxError" in str(caught.value)
    assert "\n" not in str(caught.value)
    assert caught.value.code == "Neo.ClientError.Statement.SyntaxError"  # callers match the code, not text


def test_unreachable_server_names_the_address() -> None:
    port = free_port()
    connection = Connection(f"bolt://127.0.0.1:{port}", "neo4j", "not-used")
    with pytest.raises(Unreachable) as caught, Database.connect(connection):
        pass
    assert f"cannot reach Neo4j at bolt://127.0.0.1:{port}" in str(caught.value)
    assert "not-used" not in str(caught.value)


def test_wrong_password_is_refused_without_echoing_it(db: Database) -> None:
    good = db.connection
    bad = Connection(good.uri, good.username, "wrong-password-123")
    with pytest.raises(AuthFailed) as caught, Database.connect(bad):
        pass
    message = str(caught.value)
    assert message == (
        f"Neo4j at {good.safe_uri} refused the credentials of user 'neo4j': "
        "check NEO4J_USERNAME and NEO4J_PASSWORD"
    )
    assert "wrong-password-123" not in message


def test_uri_user_info_never_reaches_messages() -> None:
    connection = Connection("neo4j://alice:s3cret@db.example:7687", "alice", "s3cret")
    assert connection.safe_uri == "neo4j://db.example:7687"
    assert "s3cret" not in repr(connection)
