"""Tests that need Neo4j talk to a real one, started only when a selected test needs it; when none
can be had the run fails with one line. Every test runs in a kb home of its own."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from backend import Backend, NoNeo4j, acquire, start_local

from kb import admin
from kb.cli import main
from kb.db import Database, ServerInfo
from kb.errors import KbError

# A user's $KB_HOME (regime overrides, kept snapshots, downloads) must not change what the tests
# see: the session gets an empty one before any test reads it. The test server's own home is a
# separate temporary folder (backend.start_local); the jar cache (KB_CACHE_DIR) stays the user's.
SESSION_KB_HOME = Path(tempfile.mkdtemp(prefix="kb-test-kb-home-"))
os.environ["KB_HOME"] = str(SESSION_KB_HOME)

# Fixtures that reach the server; a test using one, directly or through another fixture, is marked
# `neo4j` (make test-unit deselects those).
NEO4J_FIXTURES = frozenset({"backend", "db", "schema_ready", "local_server", "kb"})

_session: dict[str, object] = {}


@pytest.hookimpl(tryfirst=True)  # before -m deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if NEO4J_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.neo4j)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start Neo4j once the selection is known, and only if a selected test needs it."""
    if session.config.option.collectonly or not any(
        item.get_closest_marker("neo4j") for item in session.items
    ):
        return
    try:
        backend = acquire()
    except NoNeo4j as exc:
        pytest.exit(f"no Neo4j for the tests: {exc}", returncode=3)
    _session["backend"] = backend
    try:
        with Database(backend.connection) as db:
            _session["info"] = db.verify()
    except KbError as exc:  # e.g. NEO4J_URI names a server that does not answer
        pytest.exit(f"no Neo4j for the tests: {exc}", returncode=3)
    # The CLI under test reads the same environment a user sets.
    os.environ.update(
        NEO4J_URI=backend.connection.uri,
        NEO4J_USERNAME=backend.connection.username,
        NEO4J_PASSWORD=backend.connection.password,
        KB_WARN_NOTIFICATIONS="1",
    )
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(_describe())


def _describe() -> str:
    info = _session.get("info")
    backend = _session.get("backend")
    if not isinstance(info, ServerInfo) or not isinstance(backend, Backend):
        return "neo4j: not started (no selected test needs it)"
    return f"neo4j: {info.edition} {info.version} at {info.address} ({backend.kind})"


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not terminalreporter.config.option.collectonly:
        terminalreporter.write_line(f"tests ran against {_describe()}")


def pytest_sessionfinish(session: pytest.Session) -> None:
    backend = _session.get("backend")
    if isinstance(backend, Backend) and not _session.get("stopped"):
        _session["stopped"] = True
        backend.stop()
    shutil.rmtree(SESSION_KB_HOME, ignore_errors=True)


@pytest.fixture(scope="session")
def backend() -> Backend:
    found = _session.get("backend")
    assert isinstance(found, Backend), "a test needing Neo4j was not marked neo4j (see NEO4J_FIXTURES)"
    return found


@pytest.fixture
def db(backend: Backend) -> Iterator[Database]:
    """The session's database, emptied of data before the test (the schema stays)."""
    with Database(backend.connection, warn_notifications=True) as database:
        admin.wipe(database)
        yield database


@pytest.fixture(scope="session")
def schema_ready(backend: Backend) -> None:
    with Database(backend.connection, warn_notifications=True) as database:
        admin.init(database)


@pytest.fixture(scope="session")
def local_server(backend: Backend) -> Iterator[Backend]:
    """kb's own local server: the session's if it is one, else a second one for these tests."""
    if backend.kind == "local":
        yield backend
        return
    own = start_local()
    yield own
    own.stop()


@pytest.fixture(scope="module")
def own_server(backend: Backend) -> Iterator[Backend]:
    """A local server of the module's own: ``kb load --bulk`` stops and restarts the server it loads
    into, so it never gets the session's."""
    own = start_local()
    yield own
    own.stop()


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def kb(backend: Backend, capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """Run the kb CLI in-process, as a user would from the shell (NEO4J_URI: the session's Neo4j)."""

    def run(*args: str) -> Run:
        capsys.readouterr()
        code = main(list(args))
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run
