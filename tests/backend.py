"""A real Neo4j for the test session: NEO4J_URI, else kb's own local server, else Docker."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kb.connection import Connection, resolve
from kb.errors import KbError
from kb.server import manage
from kb.server.instance import Home

DOCKER_IMAGE = "neo4j:5.26-community"


class NoNeo4j(Exception):
    pass


@dataclass
class Backend:
    connection: Connection
    kind: str  # "environment", "local" or "docker"
    home: Home | None = None
    stop: Callable[[], None] = field(default=lambda: None)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_local(home_dir: Path | None = None) -> Backend:
    """kb's own server in a fresh kb home on free ports, 1 GB heap."""
    home = Home(home_dir or Path(tempfile.mkdtemp(prefix="kb-test-home-")))
    instance = manage.install(home, bolt_port=free_port(), http_port=free_port(), heap="1g", pagecache="256m")
    manage.start(home)

    def stop() -> None:
        try:
            manage.stop(home)
        finally:
            shutil.rmtree(home.root, ignore_errors=True)

    return Backend(manage.local_connection(instance, home), "local", home, stop)


def _docker_answers() -> bool:
    if shutil.which("docker") is None:
        return False
    done = subprocess.run(["docker", "info"], capture_output=True, timeout=30, check=False)
    return done.returncode == 0


def start_docker() -> Backend:
    from testcontainers.neo4j import Neo4jContainer

    password = "kb-test-" + os.urandom(8).hex()
    container = Neo4jContainer(image=DOCKER_IMAGE, password=password).start()
    connection = Connection(container.get_connection_url(), "neo4j", password, origin="docker")
    return Backend(connection, "docker", stop=container.stop)


def acquire() -> Backend:
    if os.environ.get("NEO4J_URI"):
        return Backend(resolve(), "environment")
    try:
        return start_local()
    except KbError as exc:
        local_problem = str(exc).splitlines()[0]
    if _docker_answers():
        return start_docker()
    raise NoNeo4j(
        f"NEO4J_URI is not set, kb's local server failed ({local_problem}) and no Docker engine answers"
    )
