"""``kb rebut``: record, list and undo rebuttals of the EU 50% presumption of control
(docs/rules.md, section 3.1)."""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup

from kb.cli.common import FormatOption, as_of_date
from kb.cli.output import Format, emit, emit_record
from kb.db import Database
from kb.decisions import rebuttals
from kb.errors import UsageError


class _RecordByDefault(TyperGroup):
    """``kb rebut ENTITY …`` records a rebuttal (``kb rebut add ENTITY …``); ``list`` and ``undo``
    are the other commands."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and not args[0].startswith("-") and args[0] not in self.commands:
            args = ["add", *args]
        return super().parse_args(ctx, args)


app = typer.Typer(
    cls=_RecordByDefault,
    help="Rebuttals of the EU presumption that a listed holder's 50% is control: "
    "`kb rebut ENTITY --regime eu --from DATE --why … --evidence … --by …`, `kb rebut list`, "
    "`kb rebut undo ID`.",
    no_args_is_help=True,
)
COLUMNS = ["id", "regime", "entity", "entity_name", "start_date", "why", "evidence", "by", "at", "state",
           "undone_at"]  # fmt: skip


@app.command()
def add(
    entity: str = typer.Argument(..., help="The entity presumed controlled: an id, an identifier or a name."),
    regime: str = typer.Option(..., "--regime", "-r", help="The regime whose presumption is rebutted (eu)."),
    start: str = typer.Option(..., "--from", help="The first day the rebuttal holds, YYYY-MM-DD."),
    why: str = typer.Option(..., "--why", help="Why the holders do not in fact control it."),
    evidence: list[str] = typer.Option(
        ..., "--evidence", help="A document the rebuttal rests on (articles, board minutes…); repeatable."
    ),
    by: str | None = typer.Option(None, "--by", help="Who decides (default: the login name)."),
    fmt: Format = FormatOption,
) -> None:
    """Record that ENTITY's holders do not control it under REGIME from a date: from then its
    stakes no longer catch it (control links still do), and every answer it changes names it."""
    try:
        on = as_of_date(start)
    except UsageError:
        raise UsageError(f"--from {start!r}: expected a date as YYYY-MM-DD") from None
    with Database.connect() as db:
        found = rebuttals.record(db, entity, regime=regime, start=on, why=why, evidence=evidence, by=by)
    emit_record(found, fmt)


@app.command(name="list")
def list_(
    state: str | None = typer.Option(None, "--state", help="Only `active` or `undone` rebuttals."),
    fmt: Format = FormatOption,
) -> None:
    """Every rebuttal, latest first."""
    if state not in (None, "active", "undone"):
        raise UsageError(f"--state {state!r}: expected active or undone")
    with Database.connect() as db:
        rows = rebuttals.rebuttals(db, state=state, limit=rebuttals.ALL)
    if fmt is not Format.json:
        rows = [{**row, "evidence": "; ".join(row["evidence"])} for row in rows]
    emit(rows, fmt, columns=COLUMNS)


@app.command()
def undo(
    rebuttal_id: str = typer.Argument(..., help="The rebuttal's id (reb-…)."), fmt: Format = FormatOption
) -> None:
    """Mark a rebuttal undone: the answers are those before it (it stays, as a record)."""
    with Database.connect() as db:
        emit_record(rebuttals.undo(db, rebuttal_id), fmt)
