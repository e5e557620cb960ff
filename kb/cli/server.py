"""``kb server``: kb's own local Neo4j Community server."""

from __future__ import annotations

import sys
import time

import typer

from kb.cli.common import FormatOption, progress
from kb.cli.output import Format, emit_record
from kb.errors import ConfigError, UsageError
from kb.server import manage, process
from kb.server.instance import Home

app = typer.Typer(help="Install, start, stop and inspect a local Neo4j server.", no_args_is_help=True)

VersionOption = typer.Option(
    None, "--neo4j-version", envvar="KB_NEO4J_VERSION",
    help="Neo4j version, e.g. 5.26.30 (default) or 2026.08.1 (needs Java >= 21).",
)  # fmt: skip


@app.command()
def install(
    neo4j_version: str | None = VersionOption,
    bolt_port: int | None = typer.Option(None, help="Bolt port (default 7687)."),
    http_port: int | None = typer.Option(None, help="HTTP port for Browser (default 7474)."),
    heap: str | None = typer.Option(None, help="JVM heap, e.g. 2g (default: 1/8 of RAM)."),
    pagecache: str | None = typer.Option(None, help="Page cache, e.g. 1g (default: 1/8 of RAM)."),
    fmt: Format = FormatOption,
) -> None:
    """Resolve Neo4j from Maven Central, write its configuration and set a generated password."""
    for name, port in (("--bolt-port", bolt_port), ("--http-port", http_port)):
        if port is not None and not 1 <= port <= 65535:
            raise UsageError(f"{name} {port} is not a port number")
    manage.install(
        version=neo4j_version, bolt_port=bolt_port, http_port=http_port,
        heap=heap, pagecache=pagecache, progress=progress,
    )  # fmt: skip
    emit_record(manage.status(), fmt)


@app.command()
def start(
    neo4j_version: str | None = VersionOption,
    timeout: float = typer.Option(180.0, help="Seconds to wait for Bolt to answer."),
    fmt: Format = FormatOption,
) -> None:
    """Start the server (installing it first if needed); returns once Bolt answers."""
    home = Home()
    if neo4j_version and home.load() is None:
        manage.install(home, version=neo4j_version, progress=progress)
    started = time.monotonic()
    instance = manage.start(home, timeout=timeout, progress=progress)
    progress(f"Neo4j {instance.version} is up on {instance.bolt_uri} after {time.monotonic() - started:.0f}s")
    emit_record(manage.status(home), fmt)


@app.command()
def stop(
    timeout: float = typer.Option(60.0, help="Seconds to wait before killing the server."),
    fmt: Format = FormatOption,
) -> None:
    """Stop the server; no process of it remains."""
    pid = manage.stop(timeout=timeout)
    progress(f"Neo4j (pid {pid}) stopped")
    emit_record({"state": "stopped", "pid": pid}, fmt)


@app.command()
def status(fmt: Format = FormatOption) -> None:
    """Version, Bolt and HTTP addresses, pid, data directory and health."""
    emit_record(manage.status(), fmt)


@app.command()
def logs(
    lines: int = typer.Option(50, "--lines", "-n", help="How many lines from the end."),
    follow: bool = typer.Option(False, "--follow", help="Keep printing new lines (Ctrl-C to stop)."),
) -> None:
    """The tail of the server's neo4j.log."""
    home = Home()
    if home.load() is None:
        raise ConfigError("the local server is not installed: run `kb server install`")
    log = home.logs / "neo4j.log"
    print(process.log_tail(home, lines))
    if follow:
        with log.open(errors="replace") as handle:
            handle.seek(0, 2)
            while True:
                line = handle.readline()
                if line:
                    sys.stdout.write(line)
                    sys.stdout.flush()
                else:
                    time.sleep(0.5)
