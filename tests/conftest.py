"""Every test talks to a real Neo4j; when none can be had the run fails with one line."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from backend import Backend, NoNeo4j, acquire, start_local

from kb import admin
from kb.cli import main
from kb.db import Database, ServerInfo

_session: dict[str, object] = {}


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    if session.config.option.collectonly:
        return
    try:
        backend = acquire()
    except NoNeo4j as exc:
        pytest.exit(f"no Neo4j for the tests: {exc}", returncode=3)
    with Database(backend.connection) as db:
        info = db.verify()
    _session.update(backend=backend, info=info)
    # The CLI under test reads the same environment a user sets.
    os.environ.update(
        NEO4J_URI=backend.connection.uri,
        NEO4J_USERNAME=backend.connection.username,
        NEO4J_PASSWORD=backend.connection.password,
        KB_WARN_NOTIFICATIONS="1",
    )


def _describe() -> str:
    info = _session.get("info")
    backend = _session.get("backend")
    if not isinstance(info, ServerInfo) or not isinstance(backend, Backend):
        return "neo4j: not started"
    return f"neo4j: {info.edition} {info.version} at {info.address} ({backend.kind})"


def pytest_report_header(config: pytest.Config) -> str:
    return _describe()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    terminalreporter.write_line(f"tests ran against {_describe()}")


def pytest_sessionfinish(session: pytest.Session) -> None:
    backend = _session.get("backend")
    if isinstance(backend, Backend) and not _session.get("stopped"):
        _session["stopped"] = True
        backend.stop()


@pytest.fixture(scope="session")
def backend() -> Backend:
    found = _session["backend"]
    assert isinstance(found, Backend)
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


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def kb(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """Run the kb CLI in-process, as a user would from the shell."""

    def run(*args: str) -> Run:
        capsys.readouterr()
        code = main(list(args))
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run
