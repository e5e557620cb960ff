"""A bundle's next full snapshot loaded as its changed lines ends exactly where a full diff does."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from kb import loaders
from kb.db import Database
from kb.loaders.formats import bundle
from kb.loaders.write import pipeline, writer
from kb.synth import synth
from kb.synth.delta import delta

FOLDER = "supplier-registry"  # both snapshots share the folder name: one source, two snapshots


def graph(db: Database) -> dict[str, list[str]]:
    """Everything loaders write, run ids and times apart; closed and removed marks as flags."""
    nodes = db.read(
        "MATCH (n) WHERE NOT n:LoadRun AND NOT n:Source "
        "RETURN labels(n) AS labels, properties(n) AS p, n.removed_by IS NOT NULL AS flag"
    )
    rels = db.read(
        "MATCH (a)-[r]->(b) WHERE type(r) <> 'OF_SOURCE' RETURN type(r) AS type, properties(r) AS p, "
        "coalesce(a.id, a.key) AS a, coalesce(b.id, b.key, b.code) AS b, r.closed_by IS NOT NULL AS flag"
    )
    volatile = {"first_seen", "last_seen", "first_run", "last_run", "closed_by", "removed_by"}

    def clean(row: dict[str, Any]) -> str:
        props = {k: v for k, v in row["p"].items() if k not in volatile}
        return json.dumps({**props, "flag": row["flag"]}, sort_keys=True, default=str)

    return {
        "nodes": sorted(json.dumps(sorted(row["labels"])) + clean(row) for row in nodes),
        "rels": sorted(f"{row['type']}:{row['a']}->{row['b']}:{clean(row)}" for row in rels),
    }


def pipeline_load(db: Database, folder: Path, notes: list[str], partial: bool = False) -> writer.LoadReport:
    options = writer.LoadOptions("bundle", str(folder), loaders.checksum(folder))
    report, _ = pipeline.load(db, bundle.parse, folder, options, partial, notes.append)
    return report


def full_load(db: Database, folder: Path) -> writer.LoadReport:
    options = writer.LoadOptions("bundle", str(folder), loaders.checksum(folder))
    return writer.load(db, bundle.parse(folder), options)


@pytest.fixture
def snapshots(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """Two snapshots of one source: 1,500 synthetic entities, then 5% of rows changed, a listing
    and an entity with no facts dropped, a new entity with a stake added."""
    monkeypatch.setenv("KB_HOME", str(tmp_path / "home"))
    first, second = tmp_path / "1" / FOLDER, tmp_path / "2" / FOLDER
    synth(1_500, 3, first)
    delta(first, second, 0.05, 9)
    owners = {line.split(",")[0] for line in (second / "ownership.csv").read_text().splitlines()[1:]}
    owned = {line.split(",")[1] for line in (second / "ownership.csv").read_text().splitlines()[1:]}
    referenced = (
        owners | owned | {line.split(",")[0] for line in (second / "jvs.csv").read_text().splitlines()}
    )
    referenced |= {line.split(",")[1] for line in (second / "jvs.csv").read_text().splitlines()[1:]}
    referenced |= {line.split(",")[0] for line in (second / "listings.csv").read_text().splitlines()}
    referenced |= {line.split(",")[1] for line in (second / "control.csv").read_text().splitlines()[1:]}
    referenced |= {line.split(",")[0] for line in (second / "control.csv").read_text().splitlines()}
    lines = (second / "entities.csv").read_text().splitlines(keepends=True)
    lonely = next(i for i, line in enumerate(lines[1:], 1) if line.split(",")[0] not in referenced)
    del lines[lonely]
    lines.append("late-1,Late Arrival Trading Co.,company,SG,,,,,\n")
    (second / "entities.csv").write_text("".join(lines))
    with (second / "ownership.csv").open("a") as handle:
        handle.write(f"{lines[1].split(',')[0]},late-1,60,,,equity,2026-01-01,,,,\n")
    return first, second


def test_changed_lines_end_where_the_full_diff_ends(
    db: Database, schema_ready: None, snapshots: tuple[Path, Path]
) -> None:
    first, second = snapshots
    notes: list[str] = []
    full_load(db, first)
    full_load(db, second)
    expected = graph(db)
    db.write("MATCH (n) DETACH DELETE n")

    assert pipeline_load(db, first, notes).rejected == 0
    assert notes == []  # nothing kept yet: the first snapshot is read whole
    report = pipeline_load(db, second, notes)
    assert notes == [f"{FOLDER}: loading the lines changed since the last snapshot"]
    assert report.status == "succeeded" and report.rejected == 0
    assert graph(db) == expected
    assert report.counts["entities_absent"] == 1 and report.counts["listings_closed"] > 0
    assert report.counts["entities_written"] + report.counts["entities_unchanged"] == 1_500  # -1 +1
    again = pipeline_load(db, second, notes)  # the same snapshot again: no line changed
    assert {k: v for k, v in again.counts.items() if k.endswith(("_written", "_closed"))} == dict.fromkeys(
        [k for k in again.counts if k.endswith(("_written", "_closed"))], 0
    )
    assert graph(db) == expected


def test_a_partial_load_in_between_sends_the_next_snapshot_down_the_full_diff(
    db: Database, schema_ready: None, snapshots: tuple[Path, Path], tmp_path: Path
) -> None:
    first, second = snapshots
    notes: list[str] = []
    pipeline_load(db, first, notes)
    extra = tmp_path / "3" / FOLDER
    extra.mkdir(parents=True)
    (extra / "entities.csv").write_text("id,name\nextra-1,Extra Co.\n")
    pipeline_load(db, extra, notes, partial=True)  # the kept copy no longer describes the graph
    pipeline_load(db, second, notes)
    assert notes == []
    count = db.read("MATCH (s:SourceRecord {record_id: 'extra-1'}) RETURN s.removed_by IS NOT NULL AS gone")
    assert count == [{"gone": True}]  # the full diff closed what the partial load added


def test_a_retracted_record_still_referred_to_falls_back_to_the_full_diff(
    db: Database, schema_ready: None, snapshots: tuple[Path, Path], tmp_path: Path
) -> None:
    first, _ = snapshots
    second = tmp_path / "4" / FOLDER
    shutil.copytree(first, second)
    owner = (second / "ownership.csv").read_text().splitlines()[1].split(",")[0]
    lines = (second / "entities.csv").read_text().splitlines(keepends=True)
    (second / "entities.csv").write_text("".join(line for line in lines if line.split(",")[0] != owner))
    notes: list[str] = []
    full_load(db, first)
    full_load(db, second)
    expected = graph(db)
    db.write("MATCH (n) DETACH DELETE n")
    pipeline_load(db, first, notes)
    pipeline_load(db, second, notes)
    assert len(notes) == 2 and "comparing every record" in notes[1]
    assert graph(db) == expected
