"""kb load --bulk: neo4j-admin import into kb's own empty local database builds the writer's graph."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from backend import Backend
from conftest import Run
from test_load_bundle import ENTITIES, JVS, LISTINGS, OWNERSHIP, load, snapshot, write_bundle

from kb.db import Database


def bulk_load_cli(kb: Callable[..., Run], monkeypatch: pytest.MonkeyPatch, own: Backend, folder: Path) -> Any:
    """``kb load bundle FOLDER --bulk`` into ``own``'s kb home, as a user with no NEO4J_* set;
    the JSON report."""
    assert own.home is not None
    monkeypatch.setenv("KB_HOME", str(own.home.root))
    for name in ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD"):
        monkeypatch.delenv(name)
    run = kb("load", "bundle", str(folder), "--bulk", "-f", "json")
    assert run.code == 0, run.err
    return json.loads(run.out)


def _normal(view: dict[str, Any]) -> dict[str, Any]:
    # neo4j-admin import leaves an empty array out; the writer stores []. Both mean "none".
    def drop_empty(line: str) -> str:
        head, _, props = line.partition("{")
        values = json.loads("{" + props) if props else {}
        return head + json.dumps({k: v for k, v in values.items() if v != []}, sort_keys=True)

    return {part: sorted(drop_empty(line) for line in lines) for part, lines in view.items()}


def test_bulk_load_builds_the_writers_graph_and_later_loads_are_incremental(
    own_server: Backend, db: Database, schema_ready: None, kb: Callable[..., Run], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    assert own_server.home is not None
    folder = write_bundle(
        tmp_path / "demo", entities=ENTITIES, ownership=OWNERSHIP, jvs=JVS, listings=LISTINGS
    )
    load(db, folder)  # the incremental writer, into the session's database
    expected = _normal(snapshot(db))
    assert bulk_load_cli(kb, monkeypatch, own_server, folder)["entities_written"] == 4
    with Database(own_server.connection) as bulk_db:
        assert _normal(snapshot(bulk_db)) == expected
        again = load(bulk_db, folder)
        assert {
            k: v for k, v in again.counts.items() if k.endswith(("_written", "_closed"))
        } == dict.fromkeys(
            [f"{n}_{w}" for n in ("entities",) for w in ("written",)]
            + [
                f"{n}_{w}"
                for n in ("stakes", "jvs", "controls", "listings", "officers")
                for w in ("written", "closed")
            ],
            0,
        )
        refused = kb("load", "bundle", str(folder), "--bulk")
        assert refused.code == 1 and "--bulk needs an empty database and this one holds" in refused.err
