"""``kb screen`` through the real CLI, on the Inspur demo bundle in a real Neo4j: match keys
written on load, matched entities, statuses per regime, exit codes, shapes, bad input, --diff."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import Run

from kb import loaders
from kb.db import Database
from kb.loaders.formats import bundle
from kb.loaders.write import writer

INSPUR = Path(__file__).resolve().parents[1] / "docs" / "examples" / "inspur"
Kb = Callable[..., Run]
PORTFOLIO = (
    "ref,name,country,identifiers\n"
    "P1,Inspur Group Co. Ltd,CN,\n"
    "P2,浪潮集团有限公司,,\n"
    "P3,Cisco Systems Inc,US,\n"
    "P4,Zebulon Quartermaine Widget Works,DE,\n"
    "P5,Some Other Name,,USCC:913700001630477270\n"
    "P6,Inspur Cisco Networking Technology,CN,\n"
)


@pytest.fixture
def inspur(db: Database, schema_ready: None) -> Database:
    writer.load(db, bundle.parse(INSPUR), writer.LoadOptions("bundle", str(INSPUR), loaders.checksum(INSPUR)))
    return db


def _file(tmp_path: Path, text: str, name: str = "portfolio.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _json(run: Run, code: int) -> Any:
    assert run.code == code, run.err
    return json.loads(run.out)


def test_the_load_writes_match_keys_and_reindex_rebuilds_them(inspur: Database, kb: Kb) -> None:
    keys = inspur.read(
        "MATCH (:Entity {id: 'inspur-group'})-[:HAS_MATCH_KEY]->(m:MatchKey) RETURN collect(m.key) AS keys"
    )[0]["keys"]
    assert {"w:inspur", "id:USCC:913700001630477270", "h:浪潮"} <= set(keys)
    inspur.write("MATCH (:Entity)-[r:HAS_MATCH_KEY]->() DELETE r")
    done = _json(kb("db", "reindex-names", "-f", "json"), 0)
    total = inspur.read("MATCH (e:Entity) RETURN count(e) AS n")[0]["n"]
    assert done == {"entities_indexed": total}
    again = inspur.read(
        "MATCH (:Entity {id: 'inspur-group'})-[:HAS_MATCH_KEY]->(m:MatchKey) RETURN collect(m.key) AS keys"
    )[0]["keys"]
    assert sorted(again) == sorted(keys)


def test_portfolio_rows_meet_their_entities_and_exposure(inspur: Database, kb: Kb, tmp_path: Path) -> None:
    path = _file(tmp_path, PORTFOLIO)
    answer = _json(kb("screen", str(path), "--as-of", "2025-10-15", "-f", "json"), 4)
    assert answer["as_of"] == "2025-10-15"
    rows = {r["ref"]: r for r in answer["rows"]}
    assert [r["row"] for r in answer["rows"]] == [2, 3, 4, 5, 6, 7]
    group = rows["P1"]
    assert group["match"] == "match" and group["entity"]["id"] == "inspur-group"
    assert group["regimes"]["bis"]["status"] == "listed" and "EL" in group["regimes"]["bis"]["evidence"]
    assert rows["P2"]["entity"]["id"] == "inspur-group"  # the Chinese name is one of its names
    assert rows["P5"]["entity"]["id"] == "inspur-group"  # the USCC decides, whatever the name
    assert any("USCC" in reason for reason in rows["P5"]["reasons"])
    cisco = rows["P3"]
    assert cisco["entity"]["id"] == "cisco-systems"
    assert {r: v["status"] for r, v in cisco["regimes"].items()} == dict.fromkeys(
        ("ofac", "bis", "eu", "uk"), "clear"
    )
    unknown = rows["P4"]
    assert unknown["match"] == "none" and unknown["entity"] is None and unknown["candidates"] == []
    assert all(v["status"] == "clear" for v in unknown["regimes"].values())


def test_a_clear_name_exits_0_and_a_listed_one_4(inspur: Database, kb: Kb) -> None:
    clear = _json(kb("screen", "--name", "Cisco Systems, Inc.", "--country", "US", "-f", "json"), 0)
    assert clear["rows"][0]["entity"]["id"] == "cisco-systems"
    listed = _json(
        kb("screen", "--name", "Inspur Group", "--identifier", "USCC:913700001630477270", "-f", "json"), 4
    )
    assert listed["rows"][0]["regimes"]["bis"]["status"] == "listed"
    nothing = _json(kb("screen", "--name", "Zebulon Quartermaine Widget Works", "-f", "json"), 0)
    assert nothing["rows"][0]["match"] == "none"


def test_csv_and_table_shapes(inspur: Database, kb: Kb, tmp_path: Path) -> None:
    path = _file(tmp_path, PORTFOLIO)
    run = kb("screen", str(path), "--as-of", "2025-10-15", "-f", "csv")
    assert run.code == 4, run.err
    rows = list(csv.DictReader(io.StringIO(run.out)))
    assert list(rows[0]) == [
        "row", "ref", "name", "match", "score", "entity_id", "entity_name", "entity_country",
        "ofac", "bis", "eu", "uk", "evidence", "candidates", "resolutions",
    ]  # fmt: skip
    assert [(r["ref"], r["entity_id"], r["bis"]) for r in rows[:3]] == [
        ("P1", "inspur-group", "listed"),
        ("P2", "inspur-group", "listed"),
        ("P3", "cisco-systems", "clear"),
    ]
    table = kb("screen", str(path), "--as-of", "2025-10-15", "--regime", "bis")
    assert table.code == 4 and "inspur-group" in table.out and "(6 rows)" in table.out


def test_marks_answer_like_the_engine(inspur: Database, kb: Kb, tmp_path: Path) -> None:
    path = _file(tmp_path, PORTFOLIO)
    engine_answer = _json(kb("screen", str(path), "--as-of", "2025-10-15", "-f", "json"), 4)
    assert kb("derive", "--as-of", "2025-10-15").code == 0
    marked = _json(kb("screen", str(path), "--as-of", "2025-10-15", "-f", "json"), 4)
    statuses = [{k: v["status"] for k, v in r["regimes"].items()} for r in engine_answer["rows"]]
    assert statuses == [{k: v["status"] for k, v in r["regimes"].items()} for r in marked["rows"]]


def test_diff_across_the_bis_suspension(inspur: Database, kb: Kb, tmp_path: Path) -> None:
    path = _file(
        tmp_path, "id,name,country\nD,Inspur Digital Enterprise Technology Ltd,KY\nG,Inspur Group,CN\n"
    )
    run = kb("screen", "--diff", "--from", "2025-10-15", "--to", "2026-01-15", str(path), "--regime", "bis",
             "-f", "json")  # fmt: skip
    changes = _json(run, 4)
    assert [(c["ref"], c["entity_id"], c["from"], c["to"]) for c in changes] == [
        ("D", "inspur-digital", "caught", "clear")
    ]
    same = kb("screen", "--diff", "--from", "2026-01-15", "--to", "2026-01-16", str(path), "-f", "json")
    assert _json(same, 0) == []


@pytest.mark.parametrize(
    ("text", "encoding", "problem"),
    [
        ("ref,country\nP1,CN\n", "utf-8", "missing required column 'name'"),
        ("name,country\nInspur Group,CN\n", "utf-16", "not UTF-8"),
        ("", "utf-8", "empty file"),
        ("name,country\n", "utf-8", "no rows under the header"),
        ("name,country\nInspur Group,CN\n,\n", "utf-8", ":3: empty row"),
        ("name,country\n,CN\n", "utf-8", ":2: field 'name' is empty"),
        ("name,country\nInspur,China\n", "utf-8", ":2: field 'country' 'CHINA'"),
        ("name,identifiers\nInspur,913700001630477270\n", "utf-8", ":2: field 'identifiers'"),
        ("name,identifiers\nInspur,USCC:913700001630477271\n", "utf-8", "fails its check digits"),
        ("name,kind\nInspur,firm\n", "utf-8", ":2: field 'kind' 'firm'"),
    ],
)
def test_bad_portfolio_fails_in_one_line_with_exit_2(
    inspur: Database, kb: Kb, tmp_path: Path, text: str, encoding: str, problem: str
) -> None:
    path = _file(tmp_path, text, encoding=encoding)
    run = kb("screen", str(path))
    assert run.code == 2
    assert run.out == ""
    assert run.err.count("\n") == 1 and str(path) in run.err and problem in run.err


def test_usage_errors(inspur: Database, kb: Kb, tmp_path: Path) -> None:
    path = _file(tmp_path, PORTFOLIO)
    assert kb("screen").code == 2
    assert kb("screen", str(path), "--name", "x").code == 2
    assert kb("screen", str(path), "--diff", "--from", "2025-01-01").code == 2
