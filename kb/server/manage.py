"""What ``kb server install | start | stop | status | logs`` do, as library functions."""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kb.connection import Connection
from kb.db import Database
from kb.errors import AlreadyRunning, AuthFailed, ConfigError, KbError, ServerError
from kb.server import jars, java, process, versions
from kb.server.instance import USERNAME, Home, Instance, default_memory

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


def install(
    home: Home | None = None,
    *,
    version: str | None = None,
    bolt_port: int | None = None,
    http_port: int | None = None,
    heap: str | None = None,
    pagecache: str | None = None,
    progress: Progress = _quiet,
) -> Instance:
    """Resolve the jars, pick a JDK, write the configuration and set the initial password."""
    home = home or Home()
    try:
        current = home.load()
    except ConfigError:  # written by an older kb: install writes it anew
        current = None
    if process.running_pid(home) is not None:
        raise AlreadyRunning("the local Neo4j server is running: `kb server stop` before reinstalling")
    chosen = versions.chosen_version(version, current.version if current else None)
    if current and chosen != current.version and home.database_created():
        raise ServerError(
            f"{home.root} holds a Neo4j {current.version} database; Neo4j {chosen} needs "
            "its own kb home (set KB_HOME) or a migrated store"
        )
    jdk = java.find_jdk(chosen)
    dist = jars.ensure_distribution(chosen, progress)
    auto_heap, auto_pagecache = default_memory()
    instance = Instance(
        version=chosen,
        java=str(jdk.java),
        distribution=str(dist.root),
        main_class=dist.main_class,
        bolt_port=bolt_port or (current.bolt_port if current else None) or _env_int("KB_BOLT_PORT", 7687),
        http_port=http_port or (current.http_port if current else None) or _env_int("KB_HTTP_PORT", 7474),
        heap=heap or os.environ.get("KB_NEO4J_HEAP") or (current.heap if current else auto_heap),
        pagecache=pagecache
        or os.environ.get("KB_NEO4J_PAGECACHE")
        or (current.pagecache if current else auto_pagecache),
        apoc=dist.apoc,
        browser=dist.browser,
    )
    home.save(instance)
    if not home.database_created():
        _set_initial_password(instance, home)
    return instance


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if not raw:
        return default
    if not raw.isdigit():
        raise ServerError(f"{name}={raw!r} is not a port number")
    return int(raw)


def _set_initial_password(instance: Instance, home: Home) -> None:
    # The password goes through a 0600 argument file so it never shows in the process list.
    password = home.password()
    # Inside double quotes picocli's argument file reads \\ and \" as escapes: a password holding a
    # quote or a backslash reaches Neo4j intact, and never spills over into other arguments.
    quoted = password.replace("\\", "\\\\").replace('"', '\\"')
    with tempfile.TemporaryDirectory(dir=home.root) as tmp:
        argfile = Path(tmp) / "args"
        fd = os.open(argfile, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            # "--" ends the options: a password may start with "-".
            handle.write(f'dbms\nset-initial-password\n--\n"{quoted}"\n')
        done = subprocess.run(
            [instance.java, "-cp", process.classpath(instance), "org.neo4j.cli.AdminTool", f"@{argfile}"],
            env=process.neo4j_env(home),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    if done.returncode != 0:
        last = (done.stderr or done.stdout).replace(password, "***").strip().splitlines()
        raise ServerError(
            f"setting the initial Neo4j password failed: {last[-1] if last else done.returncode}"
        )


def local_connection(instance: Instance, home: Home) -> Connection:
    return Connection(instance.bolt_uri, USERNAME, home.password(), origin=f"local server in {home.root}")


def start(home: Home | None = None, *, timeout: float = 180.0, progress: Progress = _quiet) -> Instance:
    """Start the server (installing it first if needed) and return once Bolt answers."""
    home = home or Home()
    instance = home.load()
    if instance is None:
        instance = install(home, progress=progress)
    elif (pid := process.running_pid(home)) is not None:
        raise AlreadyRunning(f"the local Neo4j server is already running (pid {pid}, {instance.bolt_uri})")
    elif versions.chosen_version(None, instance.version) != instance.version:
        instance = install(home, progress=progress)
    progress(f"Starting Neo4j {instance.version} on {instance.bolt_uri} (Java at {instance.java})…")
    pid = process.spawn(instance, home)
    _wait_for_bolt(instance, home, pid, timeout)
    return instance


def _wait_for_bolt(instance: Instance, home: Home, pid: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not process.is_alive(pid, home):
            home.pid_file.unlink(missing_ok=True)
            raise ServerError(f"Neo4j exited while starting; last log lines:\n{process.log_tail(home)}")
        try:
            with Database(local_connection(instance, home)) as database:
                database.verify()
            return
        except AuthFailed:
            process.terminate(home)
            raise
        except KbError:  # not up yet: refused connection, database still starting
            time.sleep(0.5)
    process.terminate(home)
    raise ServerError(
        f"Neo4j did not answer on {instance.bolt_uri} within {timeout:.0f}s; last log lines:\n"
        f"{process.log_tail(home)}"
    )


def stop(home: Home | None = None, *, timeout: float = 60.0) -> int:
    """Stop the server; return its pid. No process of it remains afterwards."""
    return process.terminate(home or Home(), timeout)


def status(home: Home | None = None) -> dict[str, Any]:
    home = home or Home()
    instance = home.load()
    if instance is None:
        return {"state": "not installed", "kb_home": str(home.root)}
    pid = process.running_pid(home)
    health = "-"
    if pid is not None:
        try:
            with Database(local_connection(instance, home)) as database:
                info = database.verify()
            health = f"ok: Bolt answers ({info.edition} {info.version})"
        except KbError as exc:
            health = f"unhealthy: {exc}"
    return {
        "state": "running" if pid else "stopped",
        "version": instance.version,
        "bolt": instance.bolt_uri,
        "http": instance.http_url,
        "pid": pid,
        "health": health,
        "data_dir": str(home.data),
        "kb_home": str(home.root),
        "java": instance.java,
        "heap": instance.heap,
        "pagecache": instance.pagecache,
        "apoc": instance.apoc or "not available",
        "browser": f"{instance.http_url}browser/ ({instance.browser})"
        if instance.browser
        else "not available",
    }
