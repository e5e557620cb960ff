"""kb derive writes only the marks that change: after any sequence of derives, the graph's marks
must be exactly those a first write of the last derive gives, on a synthetic bundle whose
determinations differ from date to date (the BIS windows, EU's threshold change, listings)."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from typing import Any

from kb import loaders
from kb.db import Database
from kb.exposure import engine, marks
from kb.exposure.fixpoint import Interest
from kb.exposure.profiles import load_all
from kb.loaders.formats import bundle
from kb.loaders.write import writer
from kb.schema import EXPOSURE_LABELS, MARK_LABELS, REGIMES
from kb.synth import synth

DATES = [dt.date(2025, 10, 15), dt.date(2026, 1, 15), dt.date(2024, 1, 15), dt.date(2026, 11, 25)]
PROPS = [
    f"{regime}_{name}"
    for regime in REGIMES
    for name in ("status", "pct_min", "pct_max", "listed_owners", "interest")
]


def graph_marks(db: Database) -> dict[str, Any]:
    """Every entity carrying an exposure label or property: its exposure labels and properties."""
    rows = db.read(
        "MATCH (e:Entity) WITH e, [x IN labels(e) WHERE x IN $labels] AS marked, "
        "[p IN $props WHERE e[p] IS NOT NULL] AS set "
        "WHERE size(marked) > 0 OR size(set) > 0 "
        "RETURN e.id AS id, marked, [p IN set | [p, e[p]]] AS props",
        {"labels": sorted(MARK_LABELS), "props": PROPS},
    )
    return {row["id"]: (sorted(row["marked"]), sorted(map(tuple, row["props"]))) for row in rows}


def write_all(db: Database, on: dt.date) -> dict[str, dict[str, int]]:
    flagged: dict[str, dict[str, Interest]] = {}
    found = engine.derive_all(db, load_all(), on, flagged)
    return {p.name: marks.write(db, p, on, found[p.name], flagged[p.name]) for p in load_all()}


def test_marks_written_as_changes_equal_a_first_write(
    db: Database, schema_ready: None, tmp_path: Path
) -> None:
    folder = tmp_path / "synth"
    synth(2_000, 4, folder)
    writer.load(db, bundle.parse(folder), writer.LoadOptions("bundle", str(folder), loaders.checksum(folder)))
    seen = []
    for on in DATES:
        counts = write_all(db, on)  # over the previous date's marks
        by_changes = graph_marks(db)
        seen.append(by_changes)
        db.write("MATCH (e:Entity) SET " + ", ".join(f"e.{p} = null" for p in PROPS))
        for label in MARK_LABELS:
            db.write(f"MATCH (e:{label}) REMOVE e:{label}")
        db.write("MATCH (d:Derivation) DELETE d")
        assert graph_marks(db) == {}
        assert write_all(db, on) == counts  # a first write
        assert graph_marks(db) == by_changes, on
        labelled = {label: n for label, n in _label_counts(db).items() if n}
        expected = {
            EXPOSURE_LABELS[(regime, state)]: n for regime, c in counts.items() for state, n in c.items() if n
        }
        assert labelled == expected
    assert all(a != b for a, b in itertools.pairwise(seen)), "the dates must change some marks"


def _label_counts(db: Database) -> dict[str, int]:
    return {
        label: int(db.read(f"MATCH (e:{label}) RETURN count(e) AS n")[0]["n"])
        for label in sorted(EXPOSURE_LABELS.values())
    }
