"""Every statement kb runs names its routing, shares the bookmark manager and is retried (issue 20,
"Cluster-ready"): kb/db.py alone drives Neo4j, through execute_query and managed transactions;
the only implicit transactions are the allow-listed ones. A scan of the source, no Neo4j."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from kb import queries

ROOT = Path(__file__).resolve().parents[1]
KB = ROOT / "kb"
DB = KB / "db.py"
# Ways to reach the driver directly: only kb/db.py may use them.
DRIVER_CALLS = re.compile(
    r"GraphDatabase|\.session\(|execute_query|begin_transaction|execute_read|execute_write|\bsession\.run\("
)
# Functions of kb/db.py that may run an implicit (auto-commit) transaction, and why.
AUTO_COMMIT_FUNCTIONS = {"run_auto_commit": "CALL { … } IN TRANSACTIONS needs an implicit transaction"}
# Cypher files run as implicit transactions (mode: auto), and why.
AUTO_COMMIT_QUERIES = {
    "db/wipe": "deletes in batches with CALL { … } IN TRANSACTIONS",
    "db/await_indexes": "waits for indexes as long as it is told, outside any transaction timeout",
}
# Python modules that hand kb/db.py a statement to run as an implicit transaction.
AUTO_COMMIT_CALLERS = {"kb/queries.py", "kb/loaders/write/claims.py"}


def _calls(tree: ast.AST, name: str) -> list[tuple[ast.Call, str]]:
    """Calls of ``.name(...)`` in ``tree``, each with the function of kb/db.py it is in."""
    found = []
    for function in ast.walk(tree):
        if isinstance(function, ast.FunctionDef):
            for node in ast.walk(function):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr == name
                ):
                    found.append((node, function.name))
    return found


def _keywords(call: ast.Call) -> set[str]:
    return {k.arg for k in call.keywords if k.arg is not None}


def test_only_kb_db_reaches_the_driver() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sorted(KB.rglob("*.py"))
        if path != DB
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if DRIVER_CALLS.search(line)
    ]
    assert found == []


def test_every_statement_names_its_routing_and_shares_the_bookmarks() -> None:
    tree = ast.parse(DB.read_text(encoding="utf-8"))
    queries_run = _calls(tree, "execute_query")
    sessions = _calls(tree, "session")
    assert queries_run and sessions  # the scan sees what it checks
    for call, where in queries_run:
        assert {"routing_", "bookmark_manager_", "database_"} <= _keywords(call), f"execute_query in {where}"
    for call, where in sessions:
        assert {"default_access_mode", "bookmark_manager", "database"} <= _keywords(call), (
            f"session in {where}"
        )
    assert {where for _, where in sessions} == {"_session"}
    # managed transactions (retried by the driver) everywhere but the allow-listed implicit ones
    implicit = {where for call, where in _calls(tree, "run") if isinstance(call.func, ast.Attribute)
                and isinstance(call.func.value, ast.Name) and call.func.value.id == "session"}  # fmt: skip
    assert implicit == set(AUTO_COMMIT_FUNCTIONS)


def test_implicit_transactions_are_the_allow_listed_ones() -> None:
    auto = {key for key, spec in queries.specs().items() if spec.mode == "auto"}
    assert auto == set(AUTO_COMMIT_QUERIES)
    callers = {
        str(path.relative_to(ROOT))
        for path in sorted(KB.rglob("*.py"))
        if path != DB and "run_auto_commit" in path.read_text(encoding="utf-8")
    }
    assert callers == AUTO_COMMIT_CALLERS
    # what claims.py runs that way batches with IN TRANSACTIONS, which a managed transaction cannot
    claims = (KB / "loaders" / "write" / "cypher_by_type.py").read_text(encoding="utf-8")
    for name in ("cite_sources", "record_claim_ends"):
        body = claims.split(f"def {name}(", 1)[1].split("\ndef ", 1)[0]
        assert "IN TRANSACTIONS" in body, name
