"""``kb cypher``: ad-hoc Cypher, like cypher-shell, with typed parameters."""

from __future__ import annotations

import json
from typing import Any

import typer

from kb.cli.common import FormatOption
from kb.cli.output import Format, emit
from kb.db import Database
from kb.errors import UsageError


def parse_params(pairs: list[str]) -> dict[str, Any]:
    """``key=text`` gives a string; ``key:=json`` gives a typed value (number, bool, null, list, map)."""
    params: dict[str, Any] = {}
    for pair in pairs:
        if ":=" in pair and pair.index(":=") < pair.index("=") + 1:
            key, raw = pair.split(":=", 1)
            try:
                value: Any = json.loads(raw)
            except ValueError:
                raise UsageError(f"--param {pair}: the value after := is not valid JSON") from None
        elif "=" in pair:
            key, value = pair.split("=", 1)
        else:
            raise UsageError(f"--param {pair}: write key=text or key:=json")
        if not key.isidentifier():
            raise UsageError(f"--param {pair}: {key!r} is not a parameter name")
        params[key] = value
    return params


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
