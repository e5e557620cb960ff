"""``kb screen`` through the real CLI, on the Inspur demo bundle in a real Neo4j: match keys
written on load, matched entities, statuses per regime, exit codes, shapes, bad input, --diff,
ambiguous rows, and candidates read on the evidence ``kb resolve`` reads."""

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
from kb.decisions import candidates
from kb.loaders.formats import bundle
from kb.loaders.write import writer
from kb.resolution.party import entity_party
from kb.screening import screen

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
    assert group["regimes"]["dod805"]["status"] == "listed"  # on the 1260H list since 2021
    assert rows["P2"]["entity"]["id"] == "inspur-group"  # the Chinese name is one of its names
    assert rows["P5"]["entity"]["id"] == "inspur-group"  # the USCC decides, whatever the name
    assert any("USCC" in reason for reason in rows["P5"]["reasons"])
    cisco = rows["P3"]
    assert cisco["entity"]["id"] == "cisco-systems"
    assert {r: v["status"] for r, v in cisco["regimes"].items()} == dict.fromkeys(
        ("ofac", "bis", "eu", "uk", "dod805"), "clear"
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
        "row", "ref", "name", "match", "score", "entity_id", "entity_name", "entity_country", "candidates",
        "lists", "ofac", "bis", "eu", "uk", "dod805", "evidence", "resolutions", "ambiguity",
    ]  # fmt: skip
    assert [(r["ref"], r["entity_id"], r["bis"]) for r in rows[:3]] == [
        ("P1", "inspur-group", "listed"),
        ("P2", "inspur-group", "listed"),
        ("P3", "cisco-systems", "clear"),
    ]
    # every list the group is on, the 1237 list too (no regime seeds from it), with its dates
    assert rows[0]["lists"] == "1237 (2020-06-24), 1260H (2021-06-03), EL (2023-03-02)"
    assert rows[2]["lists"] == ""  # Cisco: on no list
    table = kb("screen", str(path), "--as-of", "2025-10-15", "--regime", "bis")
    assert table.code == 4 and "inspur-group" in table.out and "(6 rows)" in table.out


def test_a_possible_row_shows_its_candidate_and_the_lists_in_the_table(inspur: Database, kb: Kb) -> None:
    owner = "owner Inspur Group Co., Ltd.: 1237 (2020-06-24), 1260H (2021-06-03), EL (2023-03-02)"
    table = kb("screen", "--name", "Inspur Digital", "--as-of", "2025-10-15", "--regime", "bis")
    assert table.code == 4, table.err
    header, _, row = table.out.splitlines()[:3]
    assert header.split()[:10] == [
        "row", "ref", "name", "match", "score", "entity_id", "entity_name", "entity_country", "candidates", "lists"
    ]  # fmt: skip
    assert " possible " in row and "Inspur Digital Enterprise Technology Limited (inspur-digital) 0.85" in row
    assert owner in row  # the candidate's listed owner, with every list it is on
    answer = _json(kb("screen", "--name", "Inspur Digital", "--as-of", "2025-10-15", "-f", "json"), 4)
    [candidate] = answer["rows"][0]["candidates"]
    assert candidate["id"] == "inspur-digital" and candidate["listings"] == []
    [listed] = answer["rows"][0]["regimes"]["bis"]["listed_owner_listings"]
    assert listed["id"] == "inspur-group"
    assert [(x["list"], x["start_date"], x["list_name"]) for x in listed["listings"]] == [
        ("1237", "2020-06-24", "Communist Chinese Military Companies (Section 1237, FY1999 NDAA)"),
        ("1260H", "2021-06-03", "Chinese Military Companies (Section 1260H, FY2021 NDAA)"),
        ("EL", "2023-03-02", "Entity List"),
    ]
    matched = _json(kb("screen", "--name", "Inspur Group", "--country", "CN", "-f", "json"), 4)
    [el] = [x for x in matched["rows"][0]["entity"]["listings"] if x["list"] == "EL"]
    assert el == {
        "list": "EL", "list_name": "Entity List",
        "authority": "US Department of Commerce, Bureau of Industry and Security (BIS)", "jurisdiction": "US",
        "programs": [], "start_date": "2023-03-02", "end_date": None, "source": "fr-2023-04558",
        "citation": "FR Doc. 2023-04558", "date_note": None,
    }  # fmt: skip


def test_marks_answer_like_the_engine(inspur: Database, kb: Kb, tmp_path: Path) -> None:
    path = _file(tmp_path, PORTFOLIO)
    engine_answer = _json(kb("screen", str(path), "--as-of", "2025-10-15", "-f", "json"), 4)
    assert kb("derive", "--as-of", "2025-10-15").code == 0
    marked = _json(kb("screen", str(path), "--as-of", "2025-10-15", "-f", "json"), 4)
    statuses = [{k: v["status"] for k, v in r["regimes"].items()} for r in engine_answer["rows"]]
    assert statuses == [{k: v["status"] for k, v in r["regimes"].items()} for r in marked["rows"]]

    def lists(answer: Any) -> list[Any]:
        return [
            [(r["entity"] or {}).get("listings"), [c["listings"] for c in r["candidates"]],
             {k: v["listed_owner_listings"] for k, v in r["regimes"].items()}]
            for r in answer["rows"]
        ]  # fmt: skip

    assert lists(engine_answer) == lists(marked)


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


def test_screen_reads_a_candidate_on_the_evidence_resolve_reads(inspur: Database) -> None:
    """One adapter, one row: names and addresses of all its records, identifiers, programs."""
    keys = inspur.read(
        "MATCH (:Entity {id: 'inspur-group'})-[:HAS_MATCH_KEY]->(m:MatchKey) RETURN collect(m.key) AS keys"
    )[0]["keys"]
    found = screen.candidates(inspur, rows=[{"n": 0, "keys": keys}], limit=100)[0]["candidates"]
    screened = entity_party(next(e for e in found if e["id"] == "inspur-group"))
    resolved = entity_party(candidates.match_entities(inspur, ids=["inspur-group"])[0])
    assert screened == resolved
    assert screened.addresses and "USCC" in screened.identifiers and "浪潮集团有限公司" in screened.names


TWINS = """id,name,kind,country
zephyr-a,Harbin Zephyr Avionics Co. Ltd.,company,CN
zephyr-b,Harbin Zephyr Avionics Co. Ltd.,company,CN
borealis,Qingdao Borealis Marine Instruments Co. Ltd.,company,CN
borealis-marine,Qingdao Borealis Marine Co. Ltd.,company,CN
quokka,Tianjin Quokka Robotics Co. Ltd.,company,CN
quokka-branch,Tianjin Quokka Robotics Co. Ltd. Shanghai Branch,company,CN
"""
TWIN_LISTINGS = (
    "entity_id,list,programs,start_date,citation,source\nborealis-marine,EL,,2023-03-02,88 FR 1,fr\n"
)


@pytest.fixture
def twins(db: Database, schema_ready: None, tmp_path: Path) -> Database:
    """Two Entities under one name, a clear one beside a listed near-namesake, a clear one alone."""
    folder = tmp_path / "twins"
    folder.mkdir()
    (folder / "entities.csv").write_text(TWINS, encoding="utf-8")
    (folder / "listings.csv").write_text(TWIN_LISTINGS, encoding="utf-8")
    writer.load(db, bundle.parse(folder), writer.LoadOptions("bundle", str(folder), loaders.checksum(folder)))
    return db


def _one(kb: Kb, name: str, code: int) -> Any:
    answer = _json(
        kb("screen", "--name", name, "--country", "CN", "--as-of", "2025-10-15", "-f", "json"), code
    )
    return answer["rows"][0]


def test_two_entities_tied_at_a_match_make_the_row_ambiguous(twins: Database, kb: Kb) -> None:
    row = _one(kb, "Harbin Zephyr Avionics Co Ltd", 4)  # nothing is exposed: the tie alone alerts
    assert row["match"] == "ambiguous" and row["entity"] is None and row["score"] is None
    assert [(c["id"], c["score"], c["verdict"]) for c in row["candidates"]] == [
        ("zephyr-a", 1.0, "match"),
        ("zephyr-b", 1.0, "match"),
    ]
    assert all(c["reasons"] and set(c["statuses"].values()) == {"clear"} for c in row["candidates"])
    assert "2 candidates match" in row["ambiguity"] and "zephyr-b" in row["ambiguity"]
    assert {v["status"] for v in row["regimes"].values()} == {"clear"}


def test_a_match_beside_a_listed_possible_candidate_is_ambiguous(twins: Database, kb: Kb) -> None:
    row = _one(kb, "Qingdao Borealis Marine Instruments Co Ltd", 4)
    assert row["match"] == "ambiguous" and row["entity"] is None
    found = {c["id"]: c for c in row["candidates"]}
    assert list(found) == ["borealis", "borealis-marine"]  # best first, the match included
    assert found["borealis"]["score"] == 1.0 and found["borealis"]["statuses"]["bis"] == "clear"
    assert found["borealis-marine"]["verdict"] == "possible"
    assert found["borealis-marine"]["statuses"]["bis"] == "listed"
    assert "borealis-marine" in row["ambiguity"] and "listed under bis" in row["ambiguity"]
    assert row["regimes"]["bis"]["status"] == "possible"
    assert "may be Qingdao Borealis Marine Co. Ltd. (borealis-marine" in row["regimes"]["bis"]["evidence"]
    table = kb("screen", "--name", "Qingdao Borealis Marine Instruments Co Ltd", "-f", "csv")
    assert table.code == 4 and ",ambiguous," in table.out and "listed under bis" in table.out


def test_a_clear_match_beside_a_clear_possible_candidate_stays_clear(twins: Database, kb: Kb) -> None:
    row = _one(kb, "Tianjin Quokka Robotics Co Ltd", 0)
    assert row["match"] == "match" and row["entity"]["id"] == "quokka" and row["ambiguity"] is None
    assert [(c["id"], c["verdict"]) for c in row["candidates"]] == [("quokka-branch", "possible")]
    assert {v["status"] for v in row["regimes"].values()} == {"clear"}
