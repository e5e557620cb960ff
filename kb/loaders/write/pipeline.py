"""One incremental load of a source, as ``kb load`` runs it: a bundle's next full snapshot as a
line-level delta when that is exact, else the full parse and diff; then the kept copy for next
time."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kb.db import Database
from kb.loaders import Parser
from kb.loaders.dataset import Dataset, DeltaUnsafe
from kb.loaders.formats.bundle import line_delta
from kb.loaders.write import runs, writer


def load(
    db: Database,
    parse: Parser,
    path: Path,
    options: writer.LoadOptions,
    partial: bool = False,
    note: Callable[[str], None] = lambda message: None,
    changed_lines: bool = True,
) -> tuple[writer.LoadReport, Dataset]:
    """``changed_lines=False`` always compares every record (``kb load --full-diff``)."""
    dataset = None
    if changed_lines and options.fmt == "bundle" and not partial and path.is_dir():
        dataset = _changed_lines(db, path)
    if dataset is not None:
        note(f"{path.name}: loading the lines changed since the last snapshot")
        try:
            report = writer.load(db, dataset, options)
        except DeltaUnsafe as why:
            note(f"{path.name}: a line-level delta is not exact here ({why}): comparing every record")
            dataset = None
    if dataset is None:
        dataset = parse(path)
        dataset.snapshot = dataset.snapshot and not partial
        report = writer.load(db, dataset, options)
    keep_snapshot(db, path, dataset, report, options)
    return report, dataset


def _changed_lines(db: Database, path: Path) -> Dataset | None:
    latest = runs.latest_run(db, path.name)
    if latest is None or latest["status"] != "succeeded" or latest["rejected"]:
        return None
    if line_delta.kept_run(latest["store"], path.name) != latest["run"]:
        return None
    return line_delta.read(path, line_delta.kept_folder(latest["store"], path.name))


def keep_snapshot(
    db: Database, path: Path, dataset: Dataset, report: writer.LoadReport, options: writer.LoadOptions
) -> None:
    """After a clean full-snapshot load of a bundle, keep its files for the next line-level delta."""
    if options.fmt != "bundle" or options.dry_run or not dataset.snapshot or report.status != "succeeded":
        return
    latest = runs.latest_run(db, dataset.source.name)
    if latest is None or latest["run"] != report.run_id:
        return
    if len(dataset.issues):
        line_delta.forget(latest["store"], dataset.source.name)
    else:
        line_delta.keep(latest["store"], path, dataset.source.name, report.run_id)
