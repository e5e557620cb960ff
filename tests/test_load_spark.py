"""``kb load --engine spark``: Spark in local mode, writing through the Neo4j Connector for Apache
Spark, gives the graph ``kb load`` gives, on a bundle and on its next snapshot; a second run writes
nothing. One Spark session for the module: starting one takes seconds."""

from __future__ import annotations

import importlib.util
import itertools
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from conftest import Run
from test_judgements import canonical

from kb import admin, loaders
from kb.db import Database
from kb.loaders import spark as spark_engine
from kb.loaders.formats import bundle
from kb.loaders.spark import session
from kb.loaders.spark.statements import convert, unwound
from kb.loaders.write import partitions, pipeline, writer
from kb.synth import synth
from kb.synth.delta import delta

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

Kb = Callable[..., Run]
BAD_ROW = "ghost-owner,nobody-owned,12,equity,registry\n"  # both ends unknown: a rejected row
BATCH = 10  # rows a transaction: fewer than the snapshot changes (see _load)


@pytest.fixture(scope="module")
def spark(backend: Any) -> Iterator[SparkSession]:
    started = session.start(backend.connection, "local[2]")
    yield started
    started.stop()


@pytest.fixture(scope="module")
def snapshots(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    work = tmp_path_factory.mktemp("spark")
    first = work / "one" / "synth"
    synth(150, 7, first)
    with (first / "ownership.csv").open("a", encoding="utf-8") as handle:
        handle.write(BAD_ROW)
    second = work / "two" / "synth"
    delta(first, second, 0.2, 8)
    return first, second


def _load(db: Database, folder: Path, spark: SparkSession | None) -> writer.LoadReport:
    # The snapshot changes more records than a batch, so the changed Entities' merged views (a
    # statement the connector cannot run) go through the driver batch by batch.
    options = writer.LoadOptions("bundle", str(folder), loaders.checksum(folder), batch_size=BATCH)
    if spark is None:
        report, _ = pipeline.load(db, bundle.parse, folder, options)
    else:
        report, _ = spark_engine.load(db, bundle.parse, folder, options, spark=spark, parallel=2)
    return report


def _value_types(db: Database) -> list[tuple[str, str, str, int]]:
    """How many of each property hold each Neo4j type: a date must stay a date, an integer an
    integer (the canonical dump prints them as text)."""
    rows = db.read(
        "CALL () { MATCH (n) UNWIND keys(n) AS k RETURN head(labels(n)) AS on, k, valueType(n[k]) AS t "
        "UNION ALL MATCH ()-[r]->() UNWIND keys(r) AS k RETURN type(r) AS on, k, valueType(r[k]) AS t } "
        "RETURN on, k, t, count(*) AS n ORDER BY on, k, t"
    )
    return [(r["on"], r["k"], r["t"], r["n"]) for r in rows]


def _graphs(db: Database, folders: tuple[Path, Path], spark: SparkSession | None) -> list[Any]:
    admin.wipe(db)
    out: list[Any] = []
    for folder in folders:
        report = _load(db, folder, spark)
        out.append((report.status, report.rejected, canonical(db), _value_types(db)))
    return out


def test_spark_writes_the_graph_kb_load_writes_and_a_rerun_writes_nothing(
    db: Database, schema_ready: None, spark: SparkSession, snapshots: tuple[Path, Path]
) -> None:
    expected = _graphs(db, snapshots, None)
    got = _graphs(db, snapshots, spark)
    assert [g[:2] for g in got] == [("succeeded", 1), ("succeeded", 1)]
    assert {t[2] for t in got[0][3]} >= {"DATE NOT NULL", "ZONED DATETIME NOT NULL", "FLOAT NOT NULL"}
    assert got[0][2]["rels"] and got[0][2]["rels"] != got[1][2]["rels"]  # the snapshot changed things
    assert got == expected
    again = _load(db, snapshots[1], spark)
    assert again.status == "succeeded"
    assert {k: v for k, v in again.counts.items() if k.endswith(("_written", "_closed")) and v} == {}
    assert canonical(db) == expected[1][2]


def test_what_the_driver_runs_for_spark_holds_at_most_one_batch_of_rows(
    db: Database, schema_ready: None, spark: SparkSession, snapshots: tuple[Path, Path], monkeypatch: Any
) -> None:
    # The writer hands Spark a statement's every row: one the connector cannot run must not reach
    # the server as one transaction (the match keys of 1M Entities exhausted a 2 GB heap).
    sizes: list[tuple[str, int]] = []
    write = Database.write

    def recorded(self: Database, query: str, parameters: Any = None) -> Any:
        listed = unwound(query)
        if listed is not None:
            sizes.append((query.strip().splitlines()[0], len((parameters or {}).get(listed) or [])))
        return write(self, query, parameters)

    monkeypatch.setattr(Database, "write", recorded)
    admin.wipe(db)
    for folder in snapshots:
        assert _load(db, folder, spark).status == "succeeded"
    assert sizes  # the merged views of the changed Entities went this way
    assert max(n for _, n in sizes) <= BATCH, sizes


def test_rounds_never_put_one_node_in_two_slots() -> None:
    keys = [f"e{i}" for i in range(60)]
    for parallel in (2, 3, 4):
        slots: dict[tuple[int, str], int] = {}
        for a, b in itertools.product(keys, keys):
            r, slot = partitions.round_and_slot(a, b, parallel)
            assert 0 <= r < 2 * parallel - 1 and 0 <= slot < parallel
            for node in (a, b):
                assert slots.setdefault((r, node), slot) == slot, (parallel, a, b)


def test_statements_become_connector_queries() -> None:
    converted = convert(
        "// a comment naming $rows\nUNWIND $rows AS row MATCH (e:Entity {id: row.id}) SET e.run = $run;",
        {"rows": [{"id": "x"}], "run": "r1"},
    )
    assert converted is not None
    assert (
        converted.query
        == "WITH event.row[0] AS row\nMATCH (e:Entity {id: row.id}) SET e.run = $events[0]._p_run"
    )
    assert convert("MATCH (n) RETURN n", {}) is None
    assert convert("UNWIND $ids AS id MATCH (e {id: id}) RETURN e", {"ids": ["a"]}) is None


def test_missing_pyspark_or_java_fails_with_one_line(
    kb: Kb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "synth"
    synth(5, 1, folder)
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "pyspark" else real(name, *a)
    )
    run = kb("load", "bundle", str(folder), "--engine", "spark")
    assert run.code != 0 and run.err.strip().splitlines() == [
        "kb: error: --engine spark needs pyspark: pip install 'kb[spark]'"
    ]
    monkeypatch.setattr(importlib.util, "find_spec", real)
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None)
    run = kb("load", "bundle", str(folder), "--engine", "spark")
    assert run.code != 0 and "needs Java" in run.err and len(run.err.strip().splitlines()) == 1
