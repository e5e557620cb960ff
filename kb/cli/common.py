"""Options shared by every command."""

from __future__ import annotations

import datetime as dt
import sys

import typer

from kb.cli.output import Format
from kb.errors import UsageError

FormatOption = typer.Option(Format.table, "--format", "-f", help="Output format: table, json or csv.")


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def bar(stage: str, done: int, total: int) -> None:
    """A one-line progress counter on stderr, only on a terminal (quiet under cron)."""
    if sys.stderr.isatty():
        end = "\n" if done >= total else ""
        print(f"\r{stage}: {done:,}/{total:,}", end=end, file=sys.stderr, flush=True)


AsOfOption = typer.Option(None, "--as-of", help="The date the answer holds for, YYYY-MM-DD (default today).")


def as_of_date(raw: str | None) -> dt.date:
    if raw is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise UsageError(f"--as-of {raw!r}: expected a date as YYYY-MM-DD") from None
