"""The data the doc tests run against: the Inspur demo, derived for 2025-10-15, and the small
fictional Kestrel fixture (tests/fixtures/cookbook) for what the demo has no example of."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from kb import loaders
from kb.cli import main
from kb.db import Database
from kb.decisions import merge, rebuttals
from kb.loaders.formats import bundle, ftm
from kb.loaders.write import writer

ROOT = Path(__file__).resolve().parents[1]
INSPUR = ROOT / "docs" / "examples" / "inspur"
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "cookbook"
AS_OF = "2025-10-15"
# DoD sec. 805 applies from 2026-06-30: before it no affiliate is caught, so its recipe reads a
# derive dated after that day.
DOD805_AS_OF = "2026-07-01"
FIRST_SNAPSHOT, SECOND_SNAPSHOT = dt.date(2025, 9, 1), dt.date(2025, 9, 15)
# What the first snapshot holds and the second (the fixture folder as it is) no longer does.
DROPPED_LISTING = "northgate,EL,,2025-01-15,,,,,example-designation\n"
DROPPED_ENTITY = "kestrel-shell,Kestrel Shell Trading Ltd,company,CY,,,,example-registry-2025\n"


def load_demo(db: Database) -> None:
    writer.load(db, bundle.parse(INSPUR), writer.LoadOptions("bundle", str(INSPUR), loaders.checksum(INSPUR)))


def load_fixture(db: Database, scratch: Path) -> None:
    """The Kestrel bundle as two snapshots (the first with a listing and an entity the second
    drops), then the FtM file that gives a second source's figure for one stake and two officers."""
    research = FIXTURE / "kestrel-research"
    first = scratch / research.name
    shutil.copytree(research, first)
    for name, row in (("listings.csv", DROPPED_LISTING), ("entities.csv", DROPPED_ENTITY)):
        with (first / name).open("a", encoding="utf-8") as file:
            file.write(row)
    for folder, day in ((first, FIRST_SNAPSHOT), (research, SECOND_SNAPSHOT)):
        dataset = bundle.parse(folder)
        dataset.snapshot_date = day
        report = writer.load(db, dataset, writer.LoadOptions("bundle", str(folder), loaders.checksum(folder)))
        assert report.status == "succeeded" and report.rejected == 0, report
    path = FIXTURE / "registry.ftm.jsonl"
    report = writer.load(db, ftm.parse(path), writer.LoadOptions("ftm", str(path), loaders.checksum(path)))
    assert report.status == "succeeded" and report.rejected == 0, report
    tried = merge.accept(db, "harbour-point", "mariner-trust", why="a merge to try", by="cookbook-analyst")
    merge.undo(db, tried.id)  # the graph is as loaded again; the undone decision stays
    merge.reject(db, "harbour-point", "mariner-trust", why="two Cypriot companies", by="cookbook-analyst")
    rebuttals.record(  # for cookbook recipe 31: northgate has no holders, so it changes no mark
        db, "northgate", regime="eu", start=dt.date(2025, 1, 1),
        why="its articles give the listed holder no vote", evidence=["articles of association (2024)"],
        by="cookbook-analyst",
    )  # fmt: skip


def derive() -> None:
    """``kb derive --as-of 2025-10-15``, then ``kb derive --regime dod805 --as-of 2026-07-01``,
    through the CLI."""
    assert main(["derive", "--as-of", AS_OF, "--format", "json"]) == 0
    assert main(["derive", "--regime", "dod805", "--as-of", DOD805_AS_OF, "--format", "json"]) == 0
