"""Rebuttals of the EU 50% presumption (`kb rebut`, docs/rules.md section 3.1), against a real Neo4j:
from its date a rebutted entity is not caught through its holders' stakes, nor is anything only it
carries; every answer it changes names it; undo gives back the answer before it; the regimes whose
rule is not a presumption refuse one with one line."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import Run
from exposure_reference import Answer, ControlRow, ListingRow, answer_of, reference
from test_exposure_rules import Loader, graph, owns

from kb.db import Database
from kb.decisions import rebuttals
from kb.exposure import engine, profiles

D = dt.date
Kb = Callable[..., Run]
BEFORE, FROM, AFTER = D(2021, 6, 1), D(2022, 1, 1), D(2022, 6, 1)
REBUT = ("rebut", "A", "--regime", "eu", "--from", FROM.isoformat(), "--why", "A's articles give E no vote",
         "--evidence", "articles of association 2021", "--evidence", "board minutes", "--by", "analyst")  # fmt: skip


@pytest.fixture
def chain(db: Database, schema_ready: None, tmp_path: Path) -> Loader:
    """Listed E holds 50% of A, A 50% of B: both presumed controlled by E at every date."""
    loader = Loader(db, tmp_path)
    return loader(graph("EAB", (owns("E", "A", 50), owns("A", "B", 50)), (ListingRow("E", "EU"),)))


def as_json(run: Run) -> Any:
    assert run.code == 0, run.err
    return json.loads(run.out)


def statuses(db: Database, on: dt.date, rebutted: frozenset[str], g: Loader) -> dict[str, str]:
    """The engine's answer under eu on ``on``, checked against the reference with ``rebutted``."""
    profile = profiles.load("eu")
    found = {k: answer_of(v) for k, v in engine.derive(db, profile, on).items()}
    expected = reference(g.graph, profile, on, rebutted)
    assert found == expected, on
    return {k: v.status for k, v in found.items()}


def test_a_rebuttal_clears_from_its_date_and_down_the_chain(chain: Loader, db: Database, kb: Kb) -> None:
    caught = {"E": "listed", "A": "caught", "B": "caught"}
    assert statuses(db, AFTER, frozenset(), chain) == caught
    recorded = as_json(kb(*REBUT, "-f", "json"))
    assert recorded["entity"] == "A" and recorded["regime"] == "eu" and recorded["state"] == "active"
    assert recorded["evidence"] == ["articles of association 2021", "board minutes"]
    assert statuses(db, BEFORE, frozenset(), chain) == caught  # still caught before its date
    assert statuses(db, FROM, frozenset({"A"}), chain) == {"E": "listed"}
    assert statuses(db, AFTER, frozenset({"A"}), chain) == {"E": "listed"}


def test_the_answer_names_the_rebuttal_and_undo_gives_it_back(chain: Loader, kb: Kb) -> None:
    args = ("exposure", "B", "--regime", "eu", "--as-of", AFTER.isoformat())
    before = as_json(kb(*args, "-f", "json"))
    assert before["regimes"][0]["status"] == "caught" and before["regimes"][0]["rebuttals"] == []
    rebuttal = as_json(kb(*REBUT, "-f", "json"))["id"]
    after = as_json(kb(*args, "-f", "json"))["regimes"][0]
    assert after["status"] == "clear"
    assert [(r["id"], r["entity"], r["from"], r["by"]) for r in after["rebuttals"]] == [
        (rebuttal, "A", FROM.isoformat(), "analyst")
    ]
    assert after["rebuttals"][0]["evidence"] == ["articles of association 2021", "board minutes"]
    table = kb(*args, "-f", "csv")
    assert table.code == 0 and "rebuttals" in table.out.splitlines()[0] and rebuttal in table.out
    earlier = as_json(kb("exposure", "B", "--regime", "eu", "--as-of", BEFORE.isoformat(), "-f", "json"))
    assert earlier["regimes"][0]["status"] == "caught" and earlier["regimes"][0]["rebuttals"] == []
    listed = as_json(kb("rebut", "list", "-f", "json"))
    assert [(r["id"], r["state"], r["why"]) for r in listed] == [
        (rebuttal, "active", "A's articles give E no vote")
    ]
    assert kb("rebut", "undo", rebuttal).code == 0
    assert as_json(kb(*args, "-f", "json")) == before  # exact: the answer before it
    assert as_json(kb("rebut", "list", "-f", "json"))[0]["state"] == "undone"
    again = kb("rebut", "undo", rebuttal)
    assert again.code == 2 and again.err.strip().count("\n") == 0 and "undone already" in again.err


@pytest.mark.parametrize("regime", ["ofac", "bis", "uk"])
def test_regimes_whose_rule_is_not_a_presumption_refuse_a_rebuttal(
    chain: Loader, kb: Kb, regime: str
) -> None:
    refused = kb("rebut", "A", "--regime", regime, "--from", "2022-01-01", "--why", "x", "--evidence", "y")
    assert refused.code == 2 and refused.err.strip().count("\n") == 0, refused.err
    assert f"{regime} has no rebuttal" in refused.err
    assert as_json(kb("rebut", "list", "-f", "json")) == []


def test_a_rebuttal_needs_a_known_regime_a_date_and_evidence(chain: Loader, kb: Kb) -> None:
    for args, problem in (
        (("--regime", "xx", "--from", "2022-01-01", "--why", "x", "--evidence", "y"), "unknown regime"),
        (("--regime", "eu", "--from", "2022-13-01", "--why", "x", "--evidence", "y"), "--from"),
        (("--regime", "eu", "--from", "2022-01-01", "--why", "x", "--evidence", " "), "--evidence"),
    ):
        refused = kb("rebut", "A", *args)
        assert refused.code == 2 and problem in refused.err and refused.err.strip().count("\n") == 0
    assert kb("rebut", "undo", "reb-nothing").code == 2


def test_derive_marks_respect_rebuttals_and_a_rebuttal_makes_them_stale(
    chain: Loader, db: Database, kb: Kb
) -> None:
    eu = [profiles.load("eu")]

    def marks() -> dict[str, str | None]:
        rows = db.read("MATCH (e:Entity) RETURN e.id AS id, e.eu_status AS status")
        return {row["id"]: row["status"] for row in rows}

    assert kb("derive", "--regime", "eu", "--as-of", AFTER.isoformat()).code == 0
    assert marks() == {"E": "listed", "A": "caught", "B": "caught"}
    rebuttal = as_json(kb(*REBUT, "-f", "json"))["id"]
    assert not engine.marks_hold(db, eu, AFTER)  # answers changed without a load
    assert kb("derive", "--regime", "eu", "--as-of", AFTER.isoformat()).code == 0
    assert engine.marks_hold(db, eu, AFTER)
    assert marks() == {"E": "listed", "A": None, "B": None}
    # With fresh marks the walk up reads marked holders only: the rebutted A is read all the same,
    # so B's answer still names the rebuttal.
    report = as_json(kb("exposure", "B", "--regime", "eu", "--as-of", AFTER.isoformat(), "-f", "json"))
    assert [r["id"] for r in report["regimes"][0]["rebuttals"]] == [rebuttal]
    assert kb("rebut", "undo", rebuttal).code == 0
    assert not engine.marks_hold(db, eu, AFTER)
    assert kb("derive", "--regime", "eu", "--as-of", AFTER.isoformat()).code == 0
    assert marks() == {"E": "listed", "A": "caught", "B": "caught"}


def test_control_still_catches_a_rebutted_entity(db: Database, schema_ready: None, tmp_path: Path) -> None:
    g = Loader(db, tmp_path)(
        graph(
            "EA",
            (owns("E", "A", 50),),
            (ListingRow("E", "EU"),),
            (ControlRow("E", "A", "board_appointment"),),
        )
    )
    rebuttals.record(db, "A", regime="eu", start=FROM, why="x", evidence=["y"])
    found = {k: answer_of(v) for k, v in engine.derive(db, profiles.load("eu"), AFTER).items()}
    assert found == reference(g.graph, profiles.load("eu"), AFTER, frozenset({"A"}))
    assert found["A"] == Answer("caught", 50, 50, ("E",))
    assert engine.derive(db, profiles.load("eu"), AFTER)["A"].via_control


def test_a_rebuttal_follows_its_record_through_a_judgement_that_renames_the_entity(
    chain: Loader, db: Database, kb: Kb, tmp_path: Path
) -> None:
    """The rebuttal names the record that named A: a judgement giving A's Entity another record's
    id (one ranked first) keeps it in force, and undoing that judgement gives A back its own id."""
    as_json(kb(*REBUT, "-f", "json"))
    other = tmp_path / "registry"
    other.mkdir()
    (other / "entities.csv").write_text("id,name,kind,country\n0-a,A Holdings,company,CY\n", encoding="utf-8")
    assert kb("load", "bundle", str(other)).code == 0
    joined = as_json(kb("resolve", "accept", "A", "0-a", "--why", "A's registry record", "-f", "json"))
    [row] = db.read("MATCH (e:Entity)<-[:DESCRIBES]-(:SourceRecord {record_id: 'A'}) RETURN e.id AS id")
    assert row["id"] == "0-a"  # the registry's record ranks first: the Entity is 0-a now
    regime = as_json(kb("exposure", "0-a", "-r", "eu", "--as-of", AFTER.isoformat(), "-f", "json"))[
        "regimes"
    ][0]
    assert regime["status"] == "clear" and [r["id"] for r in regime["rebuttals"]]
    assert as_json(kb("rebut", "list", "-f", "json"))[0]["entity"] == "0-a"
    kb("resolve", "undo", joined["id"])
    regime = as_json(kb("exposure", "A", "-r", "eu", "--as-of", AFTER.isoformat(), "-f", "json"))["regimes"][
        0
    ]
    assert regime["status"] == "clear" and [r["id"] for r in regime["rebuttals"]]
