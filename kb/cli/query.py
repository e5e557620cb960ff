"""``kb query``: the named Cypher queries shipped in ``cypher/``, listed and run with typed parameters."""

from __future__ import annotations

import typer

from kb import queries
from kb.cli.common import FormatOption
from kb.cli.output import Format, emit
from kb.db import Database
from kb.errors import UsageError
from kb.params import parse_params, typed_params

app = typer.Typer(
    help="kb's named Cypher queries: list them, run one with typed parameters.", no_args_is_help=True
)


@app.command(name="list")
def list_queries(fmt: Format = FormatOption) -> None:
    """Every named query: mode, cardinality, parameters (type = default), columns, what it is for."""
    rows = [
        {
            "name": spec.key,
            "mode": spec.mode,
            "cardinality": spec.cardinality,
            "params": ", ".join(spec.describe_param(p) for p in spec.params),
            "columns": ", ".join(f"{name}: {column}" for name, column in spec.columns.items()),
            "doc": spec.doc,
        }
        for spec in queries.specs().values()
    ]
    emit(rows, fmt, columns=["name", "mode", "cardinality", "params", "columns", "doc"])


@app.command(name="run")
def run_query(
    name: str = typer.Argument(
        ..., help="The query: its key (ownership/owners) or its unique name (owners)."
    ),
    param: list[str] = typer.Option(
        [], "--param", "-p", help="key=text or key:=json, converted to the declared type; repeatable."
    ),
    write: bool = typer.Option(False, "--write", help="Allow a query whose mode is write or auto."),
    fmt: Format = FormatOption,
) -> None:
    """Run one named query; `kb query list` shows the names and their parameters."""
    spec = queries.find(name)
    params = typed_params(spec, parse_params(param))
    if spec.mode != "read" and not write:
        raise UsageError(f"query {spec.key} writes (mode {spec.mode}): add --write to run it")
    with Database.connect() as db:
        rows = queries.execute(db, spec, params)
    emit(rows, fmt, columns=list(spec.columns) or None)
