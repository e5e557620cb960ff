"""Broken inputs against a real graph: the documented message, and nothing else changes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Run
from test_load_bundle import ENTITIES, OWNERSHIP, load, snapshot, write_bundle

from kb.db import Database

Kb = Callable[..., Run]

STRUCTURAL = [
    ("entities.csv", b"", "entities.csv: empty file, expected a header row"),
    ("entities.csv", "id,name\nx,Caf\u00e9\n".encode("latin-1"), "entities.csv: not UTF-8 (byte 13 is 0xe9)"),
    ("entities.csv", b"id,label\nx,y\n", "entities.csv: missing required column 'name'"),
    (
        "ownership.csv",
        b"owner_id,owned_id,share\ng,s,5\n",
        "ownership.csv: unexpected column 'share' (extra columns must start with x_)",
    ),
    ("listings.csv", b"entity_id\ngroup\n", "listings.csv: missing required column 'list'"),
]


@pytest.mark.parametrize(("file", "content", "message"), STRUCTURAL, ids=[m for _, _, m in STRUCTURAL])
def test_structural_problems_write_nothing(db: Database, schema_ready: None, kb: Kb, tmp_path: Path,
                                          file: str, content: bytes, message: str) -> None:  # fmt: skip
    good = write_bundle(tmp_path / "v1" / "src", entities=ENTITIES, ownership=OWNERSHIP)
    load(db, good)
    before = snapshot(db)
    broken = write_bundle(tmp_path / "v2" / "src", entities=ENTITIES, ownership=OWNERSHIP)
    (broken / file).write_bytes(content)
    run = kb("load", "bundle", str(broken))
    assert run.code == 1
    assert (
        run.err.startswith("kb: error: ") and run.err.rstrip().endswith(message) and run.err.count("\n") == 1
    )
    assert snapshot(db) == before, "nothing written, nothing closed"


BAD_ROWS = [
    ("group,sub,120", "pct", "a percentage must lie between 0 and 100"),
    ("group,sub,abc", "pct", "not a number"),
    ("group,nobody,10", "owned_id", "unknown entity id"),
    ("group,sub,10,2023-02-30", "start_date", "not a date of the form YYYY-MM-DD"),
]


@pytest.mark.parametrize(("row", "field", "reason"), BAD_ROWS, ids=[r for _, _, r in BAD_ROWS])
def test_bad_rows_are_skipped_and_the_rest_loads(db: Database, schema_ready: None, tmp_path: Path,
                                                row: str, field: str, reason: str) -> None:  # fmt: skip
    folder = write_bundle(tmp_path / "src", entities=ENTITIES,
                          ownership=f"owner_id,owned_id,pct,start_date\n{row}\npartner,sub,5,\n")  # fmt: skip
    report = load(db, folder)
    assert report.rejected == 1
    assert db.read("MATCH (a)-[s:OWNS]->(b) RETURN a.id AS a, s.pct AS pct") == [{"a": "partner", "pct": 5.0}]
    issues = db.read("MATCH (r:LoadRun {id: $id}) RETURN r.rejected_rows AS rows", {"id": report.run_id})[0][
        "rows"
    ]
    assert len(issues) == 1 and f'"field": "{field}"' in issues[0] and reason in issues[0]


def test_bad_checksum_and_duplicate_id_rows(db: Database, schema_ready: None, tmp_path: Path) -> None:
    entities = ENTITIES + "bad,Bad Co,,CN,,USCC:91370000163102560X,\nsub,Duplicate Sub,,,,,\n"
    report = load(db, write_bundle(tmp_path / "src", entities=entities))
    assert report.rejected == 2
    assert db.read("MATCH (e:Entity) WHERE e.id IN ['bad', 'sub'] RETURN e.id AS id, e.name AS name") == [
        {"id": "sub", "name": "Example Electronics Co. Ltd."}
    ]


def test_dry_run_validates_and_writes_nothing(
    db: Database, schema_ready: None, kb: Kb, tmp_path: Path
) -> None:
    folder = write_bundle(tmp_path / "src", entities=ENTITIES, ownership=OWNERSHIP + "group,nobody,3,,,\n")
    run = kb("load", "bundle", str(folder), "--dry-run", "-f", "json")
    assert run.code == 0, run.err
    assert '"entities_to_write": 4' in run.out and '"rejected": 1' in run.out
    assert db.read("MATCH (n) RETURN count(n) AS n") == [{"n": 0}]
