"""``kb db``: schema, statistics and wiping of the connected database."""

from __future__ import annotations

import typer

from kb import admin, schema, schema_doc
from kb.cli.common import FormatOption, bar, progress
from kb.cli.output import Format, emit, emit_record
from kb.db import Database
from kb.errors import UsageError
from kb.loaders.write import match_keys

app = typer.Typer(help="Schema, statistics and maintenance of the connected database.", no_args_is_help=True)


@app.command()
def init(fmt: Format = FormatOption) -> None:
    """Create kb's constraints and indexes (idempotent) and wait until they are online."""
    with Database.connect() as db:
        info = db.verify()
        progress(f"Applying the kb schema to Neo4j {info.version} at {info.address}…")
        report = admin.init(db)
    if report.claims_upgraded:
        upgraded = report.claims_upgraded
        progress(f"Upgraded {upgraded} claim keys written by an older kb (they now cite their source)")
    rows = [{"name": n, "status": "created"} for n in report.created]
    rows += [{"name": n, "status": "already present"} for n in report.present]
    emit(rows, fmt, columns=["name", "status"])


@app.command()
def stats(fmt: Format = FormatOption) -> None:
    """Nodes per label, relationships per type, and the state of the schema."""
    with Database.connect() as db:
        rows = admin.stats(db)
    emit(rows, fmt, columns=["element", "name", "count"])


@app.command()
def wipe(
    yes: bool = typer.Option(False, "--yes", help="Really delete all data (the schema stays)."),
    batch_size: int = typer.Option(10_000, help="Nodes deleted per transaction."),
    fmt: Format = FormatOption,
) -> None:
    """Delete every node and relationship; constraints and indexes stay."""
    with Database.connect() as db:
        if not yes:
            raise UsageError(f"this deletes all data in {db.connection.safe_uri}: add --yes to confirm")
        deleted = admin.wipe(db, batch_size=batch_size)
    progress(f"deleted {deleted} nodes and their relationships")
    emit_record({"deleted_nodes": deleted}, fmt)


@app.command(name="schema")
def show_schema(
    docs: bool = typer.Option(
        False, "--docs", help="Print docs/schema.md instead: the model as Markdown, for analysts."
    ),
) -> None:
    """Print kb's schema as Cypher statements, runnable in cypher-shell or Browser."""
    typer.echo(schema_doc.render() if docs else schema.schema_file_text(), nl=False)


@app.command(name="reindex-names")
def reindex_names(
    batch_size: int = typer.Option(2_000, help="Entities per transaction."), fmt: Format = FormatOption
) -> None:
    """Rebuild every Entity's match keys, which `kb screen` finds candidates by (after a bulk import)."""
    with Database.connect() as db:
        done = match_keys.reindex(db, batch_size, bar)
    emit_record({"entities_indexed": done}, fmt)
