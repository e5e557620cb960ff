"""`kb resolve`: a listing in one source and the ownership in another meet only once an analyst
(or `auto`) judges their records one party, and undo restores the graph exactly."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import Run
from test_line_delta import graph
from test_load_bundle import load, write_bundle

from kb.db import Database

Kb = Callable[..., Run]
LEI_A = "5493001KJTIIGC8Y1R12"  # Bloomberg L.P.'s LEI (valid check digits)
LEI_B = "549300RDQ5HX7WO1OW32"

LISTING = {  # the list's source: a name, no identifier, and the SDN listing
    "entities": "id,name,kind,country\nel-acme,ACME TECHNOLOGY CO. LTD.,company,CN\n",
    "listings": "entity_id,list,programs,start_date,source\nel-acme,SDN,SDGT,2021-01-01,ofac-notice\n",
}
REGISTRY = {  # the ownership's source: the same company under another spelling, and its subsidiary
    "entities": (
        "id,name,kind,country\n"
        "reg-acme,Acme Technologies Co Ltd,company,CN\n"
        "reg-acme-sub,Acme Shenzhen Components Ltd,company,CN\n"
    ),
    "ownership": "owner_id,owned_id,pct,basis,source\nreg-acme,reg-acme-sub,60,equity,registry-2024\n",
}


def dump(db: Database) -> dict[str, list[str]]:
    """The whole graph but the decisions themselves and the load runs: every node with its labels
    and properties, every relationship with its type, ends and properties."""
    nodes = db.read(
        "MATCH (n) WHERE NOT n:Resolution AND NOT n:LoadRun RETURN labels(n) AS labels, properties(n) AS p"
    )
    rels = db.read(
        "MATCH (a)-[r]->(b) WHERE NOT a:Resolution AND NOT a:LoadRun RETURN type(r) AS type, "
        "properties(r) AS p, coalesce(a.id, a.key, a.code) AS a, coalesce(b.id, b.key, b.code) AS b"
    )

    def text(props: dict[str, Any]) -> str:
        return json.dumps(props, sort_keys=True, default=str)

    return {
        "nodes": sorted(json.dumps(sorted(r["labels"])) + text(r["p"]) for r in nodes),
        "rels": sorted(f"{r['type']}:{r['a']}->{r['b']}:{text(r['p'])}" for r in rels),
    }


def without_hashes(found: dict[str, list[str]]) -> dict[str, list[str]]:
    return {kind: [re.sub(r'"hash": "[0-9a-f]+", ', "", row) for row in rows] for kind, rows in found.items()}


def ofac(kb: Kb, entity: str) -> str:
    run = kb("exposure", entity, "-r", "ofac", "-f", "json")
    assert run.code == 0, run.err
    status: str = json.loads(run.out)["regimes"][0]["status"]
    return status


def as_json(run: Run) -> Any:
    assert run.code == 0, run.err
    return json.loads(run.out)


@pytest.fixture
def two_sources(db: Database, schema_ready: None, tmp_path: Path) -> tuple[Path, Path]:
    listing = write_bundle(tmp_path / "el-notice", **LISTING)
    registry = write_bundle(tmp_path / "registry", **REGISTRY)
    load(db, listing)
    load(db, registry)
    return listing, registry


def test_accept_joins_listing_and_ownership_and_undo_restores_the_graph_exactly(
    db: Database, two_sources: tuple[Path, Path], kb: Kb
) -> None:
    assert ofac(kb, "reg-acme-sub") == "clear"  # the listing and the ownership sit on two entities
    [candidate] = as_json(kb("resolve", "suggest", "-f", "json"))
    assert (candidate["a"], candidate["b"]) == ("el-acme", "reg-acme")
    assert candidate["score"] >= 0.9 and candidate["reasons"]
    before = dump(db)

    decision = as_json(kb("resolve", "accept", "el-acme", "reg-acme", "--why", "same USCC in registry",
                          "--by", "analyst-1", "-f", "json"))  # fmt: skip
    assert decision["records"] == ["el-notice|el-acme", "registry|reg-acme"]  # the records judged
    assert ofac(kb, "reg-acme-sub") == "caught"
    answer = as_json(kb("exposure", "reg-acme-sub", "-r", "ofac", "-f", "json"))["regimes"][0]
    [owner] = answer["listed_owners"]
    [named] = owner["resolutions"]  # the answer names the decision it relies on
    assert (owner["id"], named["id"], named["by"]) == ("el-acme", decision["id"], "analyst-1")
    assert named["why"] == "same USCC in registry" and named["decision"] == "accept"
    survivor = db.read(
        "MATCH (s:SourceRecord)-[:DESCRIBES]->(e:Entity {id: 'el-acme'}) RETURN collect(s.key) AS keys"
    )[0]["keys"]
    assert sorted(survivor) == ["el-notice|el-acme", "registry|reg-acme"]
    assert db.read("MATCH (e:Entity {id: 'reg-acme'}) RETURN e") == []  # el-acme ranks first, names it
    [stored] = as_json(kb("resolve", "list", "-f", "json"))
    assert (stored["by"], stored["why"], stored["state"]) == ("analyst-1", "same USCC in registry", "active")
    assert as_json(kb("resolve", "suggest", "-f", "json")) == []

    undone = as_json(kb("resolve", "undo", "-f", "json"))
    assert undone["id"] == decision["id"] and undone["state"] == "undone"
    assert ofac(kb, "reg-acme-sub") == "clear"
    assert "resolutions" not in as_json(kb("exposure", "el-acme", "-f", "json"))["entity"]
    assert dump(db) == before
    assert [c["b"] for c in as_json(kb("resolve", "suggest", "-f", "json"))] == ["reg-acme"]  # proposed again
    again = kb("resolve", "undo", decision["id"])
    assert again.code == 2 and "undone already" in again.err


def test_a_rejected_pair_is_never_proposed_again(
    db: Database, two_sources: tuple[Path, Path], kb: Kb
) -> None:
    assert len(as_json(kb("resolve", "suggest", "-f", "json"))) == 1
    as_json(kb("resolve", "reject", "reg-acme", "el-acme", "--why", "another Acme", "-f", "json"))
    pairs = {(c["a"], c["b"]) for c in as_json(kb("resolve", "suggest", "--min-score", "0", "-f", "json"))}
    assert pairs and ("el-acme", "reg-acme") not in pairs  # other, weaker pairs are still proposed
    auto = as_json(kb("resolve", "auto", "--apply", "-f", "json"))
    assert auto == [] and ofac(kb, "reg-acme-sub") == "clear"


def test_auto_is_a_dry_run_unless_applied(db: Database, two_sources: tuple[Path, Path], kb: Kb) -> None:
    dry = as_json(kb("resolve", "auto", "--threshold", "0.95", "-f", "json"))
    assert [(c["a"], c["b"]) for c in dry] == [("el-acme", "reg-acme")]
    assert ofac(kb, "reg-acme-sub") == "clear"
    assert db.read("MATCH (r:Resolution) RETURN r") == []
    done = as_json(kb("resolve", "auto", "--threshold", "0.95", "--apply", "-f", "json"))
    assert [(d["a"], d["b"]) for d in done] == [("el-acme", "reg-acme")]
    assert ofac(kb, "reg-acme-sub") == "caught"
    assert kb("resolve", "auto", "--threshold", "0.5").code == 2  # below a match: review, not auto


def test_two_different_leis_are_never_suggested_nor_accepted(
    db: Database, schema_ready: None, tmp_path: Path, kb: Kb
) -> None:
    first = "id,name,kind,country,identifiers\nfirst,Acme Technology Co Ltd,company,CN,LEI:{}\n"
    load(db, write_bundle(tmp_path / "one", entities=first.format(LEI_A)))
    load(db, write_bundle(tmp_path / "two", entities=first.replace("first", "second").format(LEI_B)))
    assert as_json(kb("resolve", "suggest", "--min-score", "0", "-f", "json")) == []
    refused = kb("resolve", "accept", "first", "second")
    assert refused.code == 2 and "different LEI" in refused.err
    assert db.read("MATCH (r:Resolution) RETURN r") == []
    assert len(db.read("MATCH (e:Entity) RETURN e")) == 2
    rejected = as_json(kb("resolve", "reject", "first", "second", "-f", "json"))  # saying so is fine
    assert rejected["score"] == 0 and "different LEI" in rejected["reasons"][0]


def test_a_person_and_a_company_are_never_accepted_as_one(
    db: Database, schema_ready: None, tmp_path: Path, kb: Kb
) -> None:
    """The rule suggest, accept and auto share (kb.resolution.party.incompatible), not only LEIs."""
    both = "id,name,kind,country\nfirm,Li Wei,company,CN\nman,Li Wei,person,CN\n"
    load(db, write_bundle(tmp_path / "one", entities=both))
    assert as_json(kb("resolve", "suggest", "--min-score", "0", "-f", "json")) == []
    refused = kb("resolve", "accept", "firm", "man")
    assert refused.code == 2 and "cannot be one party: kinds differ (company vs person)" in refused.err
    assert db.read("MATCH (r:Resolution) RETURN r") == []


def test_suggest_weighs_the_addresses_of_the_records(
    db: Database, schema_ready: None, tmp_path: Path, kb: Kb
) -> None:
    # A parent and its listed subsidiary at one address: the address is a reason to look first,
    # never enough to merge.
    row = 'id,name,kind,country,address\n{},"{}",company,CN,"{}"\n'
    parent = row.format(
        "parent", "China Telecom Group Co., Ltd.", "31 Jinrong Street, Xicheng District, Beijing 100033"
    )
    listed = row.format(
        "listed", "China Telecom Corporation", "31 Jinrong St., Xicheng District, Beijing 100033"
    )
    load(db, write_bundle(tmp_path / "one", entities=parent))
    load(db, write_bundle(tmp_path / "two", entities=listed))
    [candidate] = as_json(kb("resolve", "suggest", "-f", "json"))
    assert candidate["verdict"] == "possible"
    assert any(reason.startswith("same address (31 Jinrong St") for reason in candidate["reasons"])
    assert as_json(kb("resolve", "auto", "-f", "json")) == []


def test_accept_takes_record_keys_and_refuses_unknown_ids(
    db: Database, two_sources: tuple[Path, Path], kb: Kb
) -> None:
    missing = kb("resolve", "accept", "el-acme", "nobody")
    assert missing.code == 2 and "no Entity or SourceRecord 'nobody'" in missing.err
    decision = as_json(kb("resolve", "accept", "el-notice|el-acme", "registry|reg-acme", "-f", "json"))
    assert (decision["a"], decision["b"]) == ("el-acme", "reg-acme")


def test_decisions_survive_reloads_of_both_sources(
    db: Database, two_sources: tuple[Path, Path], kb: Kb
) -> None:
    listing, registry = two_sources
    as_json(kb("resolve", "accept", "el-acme", "reg-acme", "-f", "json"))
    merged = without_hashes(graph(db))  # run ids and times apart: a reload confirms what it finds
    # A claim keeps its records, not its Entities: a reload after a judgement rewrites nothing
    assert load(db, registry).counts["stakes_written"] == 0
    assert load(db, listing).counts["entities_written"] == 0
    assert load(db, registry).counts["stakes_written"] == 0
    after = without_hashes(graph(db))
    assert db.read("MATCH (e:Entity {id: 'reg-acme'}) RETURN e") == []  # nothing splits
    assert len(db.read("MATCH (s:SourceRecord) RETURN s")) == 3  # nothing duplicates
    assert after == merged
    assert ofac(kb, "reg-acme-sub") == "caught"


def test_the_browser_recipes_of_resolution_md_find_the_decision(
    db: Database, two_sources: tuple[Path, Path], kb: Kb
) -> None:
    text = (Path(__file__).resolve().parents[1] / "docs" / "resolution.md").read_text(encoding="utf-8")
    by_analyst, records_of = re.findall(
        r"```cypher\n(.*?)```", text.split("### In Browser and Bloom")[1], re.S
    )
    decision = as_json(kb("resolve", "accept", "el-acme", "reg-acme", "--by", "j.doe", "-f", "json"))

    def body(recipe: str) -> str:
        return "\n".join(line for line in recipe.splitlines() if not line.startswith(":param"))

    [row] = db.read(body(by_analyst), {"by": "j.doe"})
    assert row["r.id"] == decision["id"] and row["r.decision"] == "accept"
    rows = db.read(body(records_of), {"entity": "el-acme"})
    assert [(r["s.record_id"], r["joined_by"]) for r in rows] == [
        ("el-acme", decision["id"]),
        ("reg-acme", decision["id"]),
    ]
