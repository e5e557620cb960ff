"""``kb load FORMAT PATH`` and ``kb runs``: loading sources and seeing what loads did.

Exit codes a scheduler can act on: 0 loaded, nothing rejected; 3 loaded, some rows rejected
(see the issues file); 1 nothing written (structural problem, database error, --strict);
2 bad usage; 75 another load holds the lock (try again later).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import typer

from kb import loaders
from kb.cli.common import FormatOption, progress
from kb.cli.output import Format, emit, emit_record
from kb.connection import Connection, names_own_server
from kb.db import Database
from kb.errors import LoadError, UsageError
from kb.exposure import marks
from kb.loaders import fetch
from kb.loaders import spark as spark_engine
from kb.loaders.bulk import bulk_load
from kb.loaders.dataset import Dataset
from kb.loaders.write import pipeline, writer
from kb.loaders.write import runs as runs_lib
from kb.paths import kb_home
from kb.server.instance import Home

EXIT_REJECTED = 3

runs_app = typer.Typer(help="Load runs: what ran, on what, with what outcome.", invoke_without_command=True)


def _bar(stage: str, done: int, total: int) -> None:
    if sys.stderr.isatty():  # quiet under cron
        end = "\n" if done >= total else ""
        print(f"\r{stage}: {done:,}/{total:,}", end=end, file=sys.stderr, flush=True)


def load(
    fmt: str = typer.Argument(..., metavar="FORMAT", help=f"One of: {', '.join(sorted(loaders.FORMATS))}."),
    target: str = typer.Argument(..., metavar="PATH_OR_URL", help="A file, a folder, or an http(s) URL."),
    batch_size: int = typer.Option(5_000, help="Rows per write transaction."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Validate and plan; write nothing."),
    strict: bool = typer.Option(False, "--strict", help="Any bad row fails the load before writing."),
    wait: float = typer.Option(0.0, "--wait", help="Seconds to wait for another load to finish."),
    bulk: bool = typer.Option(
        False, "--bulk", help="First load into kb's own empty local database, with neo4j-admin import."
    ),
    partial: bool = typer.Option(
        False, "--partial", help="Not a full snapshot (a search result, a delta): close nothing it lacks."
    ),
    full_diff: bool = typer.Option(
        False, "--full-diff", help="Compare every record, even where the changed lines of a bundle would do."
    ),
    insecure: bool = typer.Option(
        False, "--insecure", help="Accept a plain http URL (and redirects to one): unencrypted, alterable."
    ),
    derive: bool = typer.Option(
        True, "--derive/--no-derive", help="After a load that changed the graph, redo `kb derive`'s marks."
    ),
    issues: Path | None = typer.Option(None, "--issues", help="JSONL file for rejected rows."),
    engine: str = typer.Option(
        "driver", "--engine", help="driver (kb's own writer) or spark (the same, written through Spark)."
    ),
    master: str | None = typer.Option(None, "--master", help="--engine spark: the Spark master URL."),
    fmt_out: Format = FormatOption,
) -> None:
    """Load a source into the graph: idempotent, validated, one load at a time."""
    if batch_size < 1:
        raise UsageError("--batch-size must be at least 1")
    if engine not in ("driver", "spark"):
        raise UsageError(f"--engine is driver or spark, not {engine!r}")
    if engine == "spark" and (bulk or dry_run):
        raise UsageError("--engine spark does not combine with --bulk; --dry-run needs no engine")
    if engine == "spark":
        spark_engine.session.check_requirements()
    if bulk:
        _check_bulk(dry_run)
    parse = loaders.parser(fmt)  # an unknown format fails before any download
    if fetch.is_url(target):
        path = fetch.fetch(target, fmt, insecure=insecure)
        progress(f"downloaded to {path}")
    else:
        path = Path(target)
    if not path.exists():
        raise LoadError(f"{path}: no such file or folder")
    where = f"{fetch.safe_url(target)} -> {path}" if fetch.is_url(target) else str(path.resolve())
    options = writer.LoadOptions(fmt, where, loaders.checksum(path), batch_size, dry_run,
                                 strict, wait, _bar)  # fmt: skip
    if bulk:
        dataset = parse(path)
        dataset.snapshot = dataset.snapshot and not partial
        report = bulk_load(Home(), dataset, options)
        with Database.connect() as db:
            pipeline.keep_snapshot(db, path, dataset, report, options)
    elif engine == "spark":
        with Database.connect() as db:
            report, dataset = spark_engine.load(
                db, parse, path, options, master=master, partial=partial, note=progress,
                changed_lines=not full_diff,
            )  # fmt: skip
    else:
        with Database.connect() as db:
            report, dataset = pipeline.load(db, parse, path, options, partial, progress, not full_diff)
    if derive and not dry_run and report.status == "succeeded" and _wrote(report.counts):
        with Database.connect() as db:
            for regime, on, counts in marks.refresh(db):
                progress(f"re-derived {regime} as of {on}: {counts}")
    _report(report, dataset, issues, fmt_out, dry_run)


def _check_bulk(dry_run: bool) -> None:
    """Before any download or read: --bulk rebuilds the store of kb's own server on disk."""
    uri = os.environ.get("NEO4J_URI")
    if uri and not names_own_server(uri):
        raise UsageError(
            f"--bulk imports on the disk of kb's own local server; NEO4J_URI names "
            f"{Connection(uri, '', '').safe_uri}, which kb does not run: load into it with --engine spark"
        )
    if dry_run:
        raise UsageError("--bulk cannot --dry-run: leave out --bulk to validate and plan")


def _wrote(counts: dict[str, int]) -> bool:
    return any(v for k, v in counts.items() if k.endswith(("_written", "_closed", "_absent")))


def _report(
    report: writer.LoadReport, dataset: Dataset, issues: Path | None, fmt_out: Format, dry_run: bool
) -> None:
    issues_file = issues or kb_home() / "issues" / f"{report.run_id}.jsonl"
    if len(dataset.issues):
        dataset.issues.write(issues_file)
        progress(f"{len(dataset.issues)} rows rejected: see {issues_file}")
    emit_record({"run": report.run_id, "source": report.source, "status": report.status,
                 **report.counts, "rejected": report.rejected}, fmt_out)  # fmt: skip
    if len(dataset.issues) and not dry_run:
        raise typer.Exit(EXIT_REJECTED)


@runs_app.callback()
def runs(ctx: typer.Context, limit: int = typer.Option(20, help="How many runs, newest first."),
         fmt: Format = FormatOption) -> None:  # fmt: skip
    """List load runs: source, status, counts, rejected rows, duration."""
    if ctx.invoked_subcommand is not None:
        return
    with Database.connect() as db:
        rows = runs_lib.list_runs(db, limit)
    emit(rows, fmt, columns=["run", "source", "format", "status", "entities_written", "rejected", "seconds"])


@runs_app.command()
def show(run_id: str = typer.Argument(..., help="The run id, as kb runs lists it."),
         fmt: Format = FormatOption) -> None:  # fmt: skip
    """One run: every count, and its rejected rows."""
    with Database.connect() as db:
        run = runs_lib.get_run(db, run_id)
    if run is None:
        raise UsageError(f"no load run {run_id!r}: `kb runs` lists them")
    rejected = [json.loads(line) for line in run.pop("rejected_rows", None) or []]
    emit_record(run, fmt)
    if rejected:
        print(file=sys.stdout)
        emit(rejected, fmt, columns=["file", "row", "field", "value", "reason"])
