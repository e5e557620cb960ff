"""``kb cypher``: ad-hoc Cypher, like cypher-shell, with typed parameters."""

from __future__ import annotations

import typer

from kb.cli.common import FormatOption
from kb.cli.output import Format, emit
from kb.db import Database
from kb.params import parse_params


def cypher(
    query: str = typer.Argument(..., help="The Cypher query; pass values as $parameters."),
    param: list[str] = typer.Option(
        [], "--param", "-p", help="key=text (a string) or key:=json (number, list…); repeatable."
    ),
    write: bool = typer.Option(False, "--write", help="Run in a write transaction (default: read)."),
    fmt: Format = FormatOption,
) -> None:
    """Run a Cypher query against the connected database (read-only unless --write)."""
    params = parse_params(param)
    with Database.connect() as db:
        rows = db.write(query, params) if write else db.read(query, params)
    emit(rows, fmt)
