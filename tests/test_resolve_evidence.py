"""Every exposure answer names the `kb resolve accept` decisions it relies on: a listed holder's
stake in a middle company comes from one source, the middle company's stake in a child from
another under a second spelling; only the merge of the two middle companies catches the child.
`kb screen`, `kb affiliates`, `kb diff` and `kb what-if` then name that decision (on the chain,
the listed owner or the entity itself); once it is undone, none does."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import Run
from test_load_bundle import load, write_bundle

from kb.db import Database

Kb = Callable[..., Run]
HOLDERS = {  # the listed holder and its stake in the middle company
    "entities": "id,name,kind,country\nlisted,Listed Holdings Ltd,company,CN\nmiddle,Middle Trading Co Ltd,company,HK\n",
    "ownership": "owner_id,owned_id,pct,basis,source\nlisted,middle,60,equity,report-a\n",
    "listings": "entity_id,list,programs,start_date,source\nlisted,SDN,SDGT,2021-01-01,ofac-notice\n",
}
REGISTRY = {  # the middle company under another spelling, and its stake in the child since 2023
    "entities": (
        "id,name,kind,country\n"
        "middle-2,Middle Trading Company Limited,company,HK\n"
        "child,Child Components Ltd,company,HK\n"
    ),
    "ownership": "owner_id,owned_id,pct,basis,start_date,source\nmiddle-2,child,70,equity,2023-01-01,registry\n",
}


def as_json(run: Run, code: int = 0) -> Any:
    assert run.code == code, run.err
    return json.loads(run.out)


def ids(decisions: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(d["id"], d["entity"]) for d in decisions]


@pytest.fixture
def merged(db: Database, schema_ready: None, tmp_path: Path, kb: Kb) -> str:
    """The two sources loaded, the marks derived, and the middle companies merged: the decision id."""
    load(db, write_bundle(tmp_path / "holders", **HOLDERS))
    load(db, write_bundle(tmp_path / "registry", **REGISTRY))
    as_json(kb("derive", "-r", "ofac", "-f", "json"))
    decision = as_json(kb("resolve", "accept", "middle", "middle-2", "--why", "same address", "-f", "json"))
    return str(decision["id"])


def screen(kb: Kb, name: str, *options: str) -> dict[str, Any]:
    found = as_json(kb("screen", "--name", name, "--country", "HK", "-r", "ofac", "-f", "json", *options), 4)
    row: dict[str, Any] = found["rows"][0]
    return row


@pytest.mark.parametrize("as_of", [[], ["--as-of", "2024-06-01"]], ids=["marks", "engine"])
def test_screen_names_the_merge_on_the_chain_and_on_the_entity(merged: str, kb: Kb, as_of: list[str]) -> None:
    child = screen(kb, "Child Components Ltd", *as_of)
    assert child["entity"]["id"] == "child" and "resolutions" not in child["entity"]
    ofac = child["regimes"]["ofac"]
    assert ofac["status"] == "caught" and ids(ofac["resolutions"]) == [(merged, "middle")]
    assert ofac["resolutions"][0]["why"] == "same address"
    middle = screen(kb, "Middle Trading Co Ltd", *as_of)
    assert [d["id"] for d in middle["entity"]["resolutions"]] == [merged]
    assert middle["regimes"]["ofac"]["resolutions"] == []  # the chain above it holds no merge
    table = kb(
        "screen", "--name", "Child Components Ltd", "--country", "HK", "-r", "ofac", "-f", "csv", *as_of
    )
    [flat] = csv.DictReader(io.StringIO(table.out))
    assert flat["resolutions"] == f"{merged} (middle)"


def test_affiliates_diff_and_what_if_name_the_merge(merged: str, kb: Kb) -> None:
    rows = {r["id"]: r for r in as_json(kb("affiliates", "-r", "ofac", "-f", "json"))}
    assert ids(rows["child"]["resolutions"]) == [(merged, "middle")]  # on its chain
    assert ids(rows["middle"]["resolutions"]) == [(merged, "middle")]  # its own
    table = kb("affiliates", "-r", "ofac", "-f", "csv")
    assert {r["id"]: r["resolutions"] for r in csv.DictReader(io.StringIO(table.out))} == {
        "child": f"{merged} (middle)",
        "middle": f"{merged} (middle)",
    }
    [changed] = as_json(kb("diff", "--from", "2022-06-01", "--to", "2024-06-01", "-r", "ofac", "-f", "json"))
    assert changed["id"] == "child" and ids(changed["resolutions"]) == [(merged, "middle")]
    what_if = {r["id"]: r for r in as_json(kb("what-if", "--list", "SDN", "--remove", "listed", "-r", "ofac",
                                              "-f", "json"))}  # fmt: skip
    assert ids(what_if["middle"]["resolutions"]) == [(merged, "middle")]
    added = as_json(kb("what-if", "--list", "SDN", "--add", "middle", "-r", "ofac", "-f", "json"))
    assert [(r["id"], ids(r["resolutions"])) for r in added] == [("middle", [(merged, "middle")])]


def test_once_undone_no_answer_names_the_decision(merged: str, kb: Kb) -> None:
    as_json(kb("resolve", "undo", merged, "-f", "json"))
    child = as_json(
        kb("screen", "--name", "Child Components Ltd", "--country", "HK", "-r", "ofac", "-f", "json")
    )
    assert child["rows"][0]["regimes"]["ofac"] == {
        "status": "clear", "listed_owners": [], "evidence": "", "interest_in_property": None,
        "listed_owner_listings": [], "resolutions": [],
    }  # fmt: skip
    middle = screen(kb, "Middle Trading Co Ltd")  # split again: two Entities match, so no entity is taken
    assert middle["match"] == "ambiguous" and {"middle", "middle-2"} <= {
        c["id"] for c in middle["candidates"]
    }
    assert all("resolutions" not in c for c in middle["candidates"])
    assert all(r["resolutions"] == [] for r in as_json(kb("affiliates", "-r", "ofac", "-f", "json")))
    assert as_json(kb("diff", "--from", "2022-06-01", "--to", "2024-06-01", "-r", "ofac", "-f", "json")) == []
    removed = as_json(kb("what-if", "--list", "SDN", "--remove", "listed", "-r", "ofac", "-f", "json"))
    assert removed and all(r["resolutions"] == [] for r in removed)
