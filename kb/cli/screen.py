"""``kb screen``: a portfolio (or one name) matched to Entities, with each match's exposure per
regime. Exit codes: 0 nothing caught and every row clear-cut, 4 something listed, caught or
possible, a matched entity on any list, or some row ambiguous (with ``--diff``: something
changed), 2 bad input. JSON shape:
docs/cli.md."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from kb.cli.common import AsOfOption, FormatOption, as_of_date, bar
from kb.cli.exposure import RegimeOption, chosen
from kb.cli.output import Format, emit
from kb.db import Database
from kb.errors import UsageError
from kb.exposure import render
from kb.screening import evidence, portfolio, results
from kb.screening import screen as screening

EXIT_ALERT = 4


def screen(
    file: Path | None = typer.Argument(
        None, metavar="FILE.csv", help="Columns: name; optional country, identifiers (A:1|B:2), kind, id."
    ),
    name: str | None = typer.Option(None, "--name", help="Screen one name instead of a file."),
    country: str | None = typer.Option(None, "--country", help="With --name: its ISO country code."),
    identifier: list[str] = typer.Option(
        [], "--identifier", help="With --name: SCHEME:VALUE (LEI:…, USCC:…); repeatable."
    ),
    kind: str = typer.Option("company", "--kind", help="With --name: company, person, organization, vessel."),
    regime: list[str] = RegimeOption,
    as_of: str | None = AsOfOption,
    diff: bool = typer.Option(False, "--diff", help="What changed between --from and --to."),
    start: str | None = typer.Option(None, "--from", help="With --diff: the earlier date, YYYY-MM-DD."),
    end: str | None = typer.Option(None, "--to", help="With --diff: the later date, YYYY-MM-DD."),
    limit: int = typer.Option(10, "--candidates", help="Candidates scored per row, at most."),
    fmt: Format = FormatOption,
) -> None:
    """Match each row to an Entity (or candidates with scores) and give its exposure per regime."""
    if (file is None) == (name is None):
        raise UsageError("give a portfolio FILE.csv or --name, not both")
    if file is not None and (country or identifier or kind != "company"):
        raise UsageError("--country and --identifier go with --name")
    if diff and (start is None or end is None or as_of is not None):
        raise UsageError("--diff needs --from and --to (and no --as-of)")
    if not diff and (start or end):
        raise UsageError("--from and --to go with --diff")
    if not 1 <= limit <= 100:
        raise UsageError("--candidates must be between 1 and 100")
    profiles = chosen(regime)
    names = [p.name for p in profiles]
    holdings = portfolio.read(file) if file else [portfolio.one(name or "", country, identifier, kind)]
    dates = [as_of_date(start), as_of_date(end)] if diff else [as_of_date(as_of)]
    progress = bar if len(holdings) > 1 else None
    with Database.connect() as db:
        matched = screening.match(db, holdings, limit, progress or screening.no_progress)
        ids = screening.answer_ids(matched)
        screenings = []
        for on in dates:
            answers = screening.exposures(db, ids, profiles, on, progress or screening.no_progress)
            relied = evidence.relied_on(db, ids, answers, profiles, on)
            lists = screening.lists_of(db, ids, answers, on)
            screenings.append([results.row(s, answers, names, relied, lists) for s in matched])
    if diff:
        changed = results.changes(screenings[0], screenings[1], names)
        if fmt is not Format.json:
            changed = [{**c, "resolutions": render.decisions_text(c["resolutions"])} for c in changed]
        emit(changed, fmt, columns=results.DIFF_COLUMNS)
        if changed:
            raise typer.Exit(EXIT_ALERT)
        return
    rows = screenings[0]
    if fmt is Format.json:
        typer.echo(json.dumps({"as_of": dates[0].isoformat(), "rows": rows}, ensure_ascii=False, indent=2))
    else:
        emit([results.flat(r, names) for r in rows], fmt, columns=results.flat_columns(names))
    if any(results.alerting(r) for r in rows):
        raise typer.Exit(EXIT_ALERT)
