"""Options shared by every command."""

from __future__ import annotations

import sys

import typer

from kb.cli.output import Format

FormatOption = typer.Option(Format.table, "--format", "-f", help="Output format: table, json or csv.")


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
