"""kb load --bulk: neo4j-admin import into kb's own empty local database builds the writer's graph."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from backend import Backend
from conftest import Run
from loading import REAL
from test_load_bundle import ENTITIES, JVS, LISTINGS, OWNERSHIP, load, snapshot, write_bundle

from kb import admin, loaders
from kb.db import Database
from kb.lists import LISTS
from kb.loaders.bulk import bulk_load, import_files
from kb.loaders.formats import bundle
from kb.loaders.write import claims, writer

INSPUR = Path(__file__).resolve().parents[1] / "docs" / "examples" / "inspur"


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
            + [f"{kind.name}_{w}" for kind in claims.KINDS for w in ("written", "closed")],
            0,
        )
        refused = kb("load", "bundle", str(folder), "--bulk")
        assert refused.code == 1 and "--bulk needs an empty database and this one holds" in refused.err


def _match_keys(db: Database) -> set[tuple[str, str]]:
    rows = db.read("MATCH (e:Entity)-[:HAS_MATCH_KEY]->(m:MatchKey) RETURN e.id AS entity, m.key AS key")
    return {(row["entity"], row["key"]) for row in rows}


def test_bulk_load_imports_exactly_the_match_keys_reindex_writes(
    own_server: Backend, kb: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert own_server.home is not None
    folder = tmp_path / "inspur"
    shutil.copytree(INSPUR, folder)
    with (folder / "entities.csv").open("a", encoding="utf-8") as file:  # a second record of one entity
        file.write(
            "inspur-group-2,Inspur Group,company,CN,浪潮集團有限公司|Инспур Груп,USCC:913700001630477270,,x,,\n"
        )
    with Database(own_server.connection) as own:
        admin.wipe(own)  # --bulk wants an empty database; an earlier test may have loaded this one
    monkeypatch.setenv("KB_HOME", str(own_server.home.root))
    for name in ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD"):
        monkeypatch.delenv(name)
    options = writer.LoadOptions("bundle", str(folder), loaders.checksum(folder))
    bulk_load(own_server.home, bundle.parse(folder), options)  # the library: no reindex after it
    with Database(own_server.connection) as own:
        imported = _match_keys(own)
        orphans = own.read("MATCH (m:MatchKey) WHERE NOT (m)<-[:HAS_MATCH_KEY]-() RETURN count(m) AS n")
        assert orphans[0]["n"] == 0
        assert {("inspur-group", "h:浪潮"), ("inspur-group", "id:USCC:913700001630477270")} <= imported
        assert ("inspur-group", "w:inspur") in imported
        run = kb("db", "reindex-names", "-f", "json")
        assert run.code == 0, run.err
        entities = own.read("MATCH (e:Entity) RETURN count(e) AS n")[0]["n"]
        assert json.loads(run.out) == {"entities_indexed": entities}
        assert _match_keys(own) == imported


def test_bulk_import_files_hold_the_lists_a_source_defines(tmp_path: Path) -> None:
    """Every LISTED_ON relationship of the import files ends at a List of lists.csv: the built-in
    ones and the OpenSanctions datasets' lists the FtM sample defines."""
    path = REAL / "ftm_opensanctions" / "zala_cluster_entities.ftm.jsonl"
    dataset = loaders.parser("ftm")(path)
    mapping = import_files.entity_mapping(dataset.entities, dataset.source.name)
    valid = {kind.name: writer.known_facts(dataset, kind, mapping) for kind in claims.KINDS}
    import_files.write_all(tmp_path, dataset, mapping, valid, "run-1", dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    with (tmp_path / "lists.csv").open(encoding="utf-8") as handle:
        lists = {row["code:ID(List)"]: row for row in csv.DictReader(handle)}
    assert set(lists) == set(LISTS) | set(dataset.lists) and len(dataset.lists) == 14
    au = lists["os:au_dfat_sanctions"]
    assert (au["authority"], au["jurisdiction"]) == ("Department of Foreign Affairs and Trade", "AU")
    with (tmp_path / "listings.csv").open(encoding="utf-8") as handle:
        ends = {row[":END_ID(List)"] for row in csv.DictReader(handle)}
    assert "os:au_dfat_sanctions" in ends and ends <= set(lists)
