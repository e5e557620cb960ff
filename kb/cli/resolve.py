"""``kb resolve``: review, accept, reject and undo merges of Entities across sources."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import typer

from kb.cli.common import FormatOption, bar, progress
from kb.cli.output import Format, emit, emit_record
from kb.db import Database
from kb.decisions import candidates, files, merge
from kb.exposure import marks
from kb.resolution import MATCH, POSSIBLE

app = typer.Typer(
    help="Entity resolution across sources: candidates, judgements between records (accept, reject, "
    "unsure, undo), auto.",
    no_args_is_help=True,
)

WhyOption = typer.Option(None, "--why", help="Why: kept on the decision for reviewers.")
ByOption = typer.Option(None, "--by", help="Who decides (default: the login name).")
DeriveOption = typer.Option(True, "--derive/--no-derive", help="Redo `kb derive`'s marks after a change.")
CANDIDATE_COLUMNS = ["a", "a_name", "b", "b_name", "score", "verdict", "reasons"]


def _rederive(db: Database, derive: bool) -> None:
    if derive:
        for regime, on, counts in marks.refresh(db):
            progress(f"re-derived {regime} as of {on}: {counts}")


@app.command()
def suggest(
    limit: int = typer.Option(
        candidates.SUGGESTED, "--limit", min=1, help="At most this many pairs, best first."
    ),
    min_score: float = typer.Option(POSSIBLE, "--min-score", min=0.0, max=1.0, help="Lowest score shown."),
    fmt: Format = FormatOption,
) -> None:
    """Candidate pairs of Entities, with score and reasons; never a pair a judgement covers.

    Pairs are Entities sharing a match key in the graph, read page by page (progress on a terminal)."""
    with Database.connect() as db:
        found = candidates.suggest(db, min_score=min_score, limit=limit, progress=bar)
    emit([c.row() for c in found], fmt, columns=CANDIDATE_COLUMNS)


@app.command()
def accept(
    a: str = typer.Argument(..., help="An Entity id (its first record is judged) or a SourceRecord key."),
    b: str = typer.Argument(..., help="Another Entity id or SourceRecord key."),
    why: str | None = WhyOption,
    by: str | None = ByOption,
    derive: bool = DeriveOption,
    fmt: Format = FormatOption,
) -> None:
    """Judge A's and B's records one party: their Entities become one (the id of the first record in
    rank order names it); `kb resolve undo` reverts it exactly, whatever was loaded since."""
    with Database.connect() as db:
        decision = merge.accept(db, a, b, why=why, by=by)
        _rederive(db, derive)
    emit_record(asdict(decision), fmt)


@app.command()
def reject(
    a: str = typer.Argument(..., help="An Entity id (or a SourceRecord key)."),
    b: str = typer.Argument(..., help="Another Entity id (or a SourceRecord key)."),
    why: str | None = WhyOption,
    by: str | None = ByOption,
    derive: bool = DeriveOption,
    fmt: Format = FormatOption,
) -> None:
    """Judge A's and B's records two parties: never in one Entity, never proposed again. Records
    joined only by a shared identifier or record id are split apart."""
    with Database.connect() as db:
        decision = merge.reject(db, a, b, why=why, by=by)
        _rederive(db, derive)
    emit_record(asdict(decision), fmt)


@app.command()
def unsure(
    a: str = typer.Argument(..., help="An Entity id or a SourceRecord key."),
    b: str = typer.Argument(..., help="Another Entity id or SourceRecord key."),
    why: str | None = WhyOption,
    by: str | None = ByOption,
    fmt: Format = FormatOption,
) -> None:
    """Record that A and B were reviewed without a verdict: not proposed again, nothing changes."""
    with Database.connect() as db:
        decision = merge.unsure(db, a, b, why=why, by=by)
    emit_record(asdict(decision), fmt)


@app.command()
def undo(
    decision: str | None = typer.Argument(None, help="The decision id (default: the latest active one)."),
    derive: bool = DeriveOption,
    fmt: Format = FormatOption,
) -> None:
    """Retire a judgement: its records are clustered again without it, exactly as if it had never
    been made, whatever was loaded or judged since."""
    with Database.connect() as db:
        done = merge.undo(db, decision)
        _rederive(db, derive and done["decision"] != "unsure")
    emit_record(done, fmt)


@app.command()
def auto(
    threshold: float = typer.Option(
        MATCH, "--threshold", max=1.0, help=f"Lowest score accepted (>= {MATCH})."
    ),
    apply: bool = typer.Option(False, "--apply", help="Accept them; without it, only list them (dry run)."),
    by: str | None = ByOption,
    derive: bool = DeriveOption,
    fmt: Format = FormatOption,
) -> None:
    """Accept every candidate scoring at least --threshold: a dry run unless --apply. A pair is
    held for review when one of its Entities also matches another that cannot be the same party
    (different strong identifiers, a rejected pair)."""
    with Database.connect() as db:
        found, held, done = merge.auto(db, threshold=threshold, apply=apply, by=by, progress=bar)
        if done:
            _rederive(db, derive)
    for h in held:
        progress(f"held for review: {h.candidate.a} and {h.candidate.b}: {h.why}")
    if apply:
        progress(f"accepted {len(done)} of {len(found)} candidates; {len(held)} held for review")
        emit([asdict(d) for d in done], fmt, columns=["id", "a", "b", "score", "records"])
    else:
        progress(
            f"dry run: {len(found)} candidates would be accepted (--apply accepts them), "
            f"{len(held)} held for review"
        )
        rows = [{**c.row(), "action": "accept", "held": None} for c in found]
        emit(
            rows + [{**h.row(), "action": "hold"} for h in held],
            fmt,
            columns=[*CANDIDATE_COLUMNS, "action", "held"],
        )


@app.command(name="list")
def list_decisions(
    limit: int = typer.Option(50, "--limit", min=1, help="At most this many, latest first."),
    fmt: Format = FormatOption,
) -> None:
    """The judgements, latest first: the two records, who, when, why, state."""
    with Database.connect() as db:
        rows = merge.decisions(db, limit=limit)
    emit(rows, fmt, columns=["id", "decision", "a", "b", "by", "at", "why", "score", "state", "entities"])


@app.command(name="export")
def export_judgements(
    out: Path | None = typer.Argument(None, help="The file to write (default: standard output)."),
) -> None:
    """Every judgement as JSON lines (oldest first): `kb resolve import` gives them to another graph."""
    with Database.connect() as db:
        lines = list(files.export(db))
    text = "".join(f"{line}\n" for line in lines)
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        progress(f"wrote {len(lines)} judgements to {out}")


@app.command(name="import")
def import_judgements(
    path: Path = typer.Argument(..., help="A file `kb resolve export` wrote (JSON lines)."),
    derive: bool = DeriveOption,
    fmt: Format = FormatOption,
) -> None:
    """Add the judgements of a file to this graph: all of them or, on the first bad line (one
    line naming the file, line and field), none. Judgements the graph holds already are skipped."""
    with Database.connect() as db:
        counts = files.import_file(db, path)
        if counts["imported"]:
            _rederive(db, derive)
    emit_record(counts, fmt)
