"""``kb synth``: write a synthetic bundle for tests, demos and benchmarks."""

from __future__ import annotations

import time
from pathlib import Path

import typer

from kb import synth as synth_lib
from kb.cli.common import FormatOption, progress
from kb.cli.output import Format, emit_record
from kb.errors import UsageError


def synth(
    entities: int = typer.Option(1_000_000, "--entities", "-n", help="How many entities (persons included)."),
    seed: int = typer.Option(0, "--seed", help="Same seed, same bytes."),
    out: Path = typer.Argument(
        ..., metavar="OUT", help="The bundle folder to write; its name becomes the source name."
    ),
    fmt: Format = FormatOption,
) -> None:
    """Write a reproducible synthetic bundle: corporate groups, stakes, JVs and listings."""
    if entities < 1:
        raise UsageError("--entities must be at least 1")
    started = time.perf_counter()
    progress(f"Writing a synthetic bundle of {entities:,} entities (seed {seed}) to {out}…")
    report = synth_lib.synth(entities, seed, out)
    emit_record({"bundle": str(out), **report, "seconds": round(time.perf_counter() - started, 1)}, fmt)
