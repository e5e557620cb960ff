"""The whole UN Security Council Consolidated List through the graph writer: one Entity and one UN
listing per entry, a re-load writing nothing, and a later list closing what it no longer holds on
its own date. The three loads run once, in order (the list is ~1,000 entries; loading it per test
would triple the time); each test checks what one step left."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from backend import Backend
from loading import REAL, load_path

from kb import admin
from kb.db import Database
from kb.loaders.write.writer import LoadReport

FILE = "un_consolidated_2026-02-27.xml"
LATER = "2026-03-20"  # the later file's dateGenerated
UN_LISTINGS = (
    "MATCH (e:Entity)-[r:LISTED_ON {dataset: 'un-sc'}]->(:List {code: 'UN'})"
    " RETURN e.kind AS kind, r.end_date IS NULL AS open, count(r) AS n"
)
OMM = (
    "MATCH (e:Entity)-[:HAS_IDENTIFIER]->(:Identifier {key: 'UN_REF:KPe.020'})"
    " MATCH (e)-[r:LISTED_ON]->(:List {code: 'UN'})"
    " RETURN e.id AS id, e.name AS name, r.programs AS programs, r.start_date AS start,"
    " r.source_entry_id AS entry, r.citation AS citation"
)
SHARED_PASSPORT = (
    "MATCH (e:Entity)-[:HAS_IDENTIFIER]->(:Identifier {key: 'PASSPORT_IR:6620505'})"
    " RETURN e.id AS id, e.name AS name ORDER BY id"
)
CLOSED = (
    "MATCH (e:Entity)-[r:LISTED_ON]->(:List {code: 'UN'}) WHERE r.end_date IS NOT NULL"
    " RETURN e.id AS id, r.source_entry_id AS entry, r.end_date AS end"
)


@dataclass
class Story:
    first: LoadReport
    again: LoadReport
    later: LoadReport
    listings: dict[str, dict[str, int]]  # after each load: kind (+ " closed") -> UN listings
    omm: list[dict[str, Any]]
    shared_passport: list[dict[str, Any]]
    closed: list[dict[str, Any]]
    renamed: list[dict[str, Any]]


def _listings(db: Database) -> dict[str, int]:
    return {f"{r['kind']}{'' if r['open'] else ' closed'}": r["n"] for r in db.read(UN_LISTINGS)}


def _later_file(folder: Path) -> Path:
    """The list without CDi.001 (DATAID 6907993), CDi.002 renamed, generated on LATER."""
    text = (REAL / "un_consolidated" / FILE).read_text(encoding="utf-8")
    badege = re.search(r"\s*<INDIVIDUAL>\s*<DATAID>6907993</DATAID>.*?</INDIVIDUAL>", text, re.DOTALL)
    assert badege is not None
    text = text[: badege.start()] + text[badege.end() :]
    text = text.replace('dateGenerated="2026-02-27T00:00:09.554Z"', f'dateGenerated="{LATER}T00:00:07.001Z"')
    text = text.replace("<FIRST_NAME>FRANK KAKOLELE</FIRST_NAME>", "<FIRST_NAME>FRANK KAKORERE</FIRST_NAME>")
    path = folder / f"un_consolidated_{LATER}.xml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def story(backend: Backend, schema_ready: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Story]:
    with Database(backend.connection, warn_notifications=True) as db:
        admin.wipe(db)
        first = load_path(db, "un", REAL / "un_consolidated" / FILE)
        listings = {"first": _listings(db)}
        omm, shared = db.read(OMM), db.read(SHARED_PASSPORT)
        again = load_path(db, "un", REAL / "un_consolidated" / FILE)
        listings["again"] = _listings(db)
        later = load_path(db, "un", _later_file(tmp_path_factory.mktemp("un")))
        listings["later"] = _listings(db)
        renamed = db.read("MATCH (e:Entity {id: 'un-sc:6907994'}) RETURN e.name AS name")
        yield Story(first, again, later, listings, omm, shared, db.read(CLOSED), renamed)


def test_every_entry_is_an_entity_listed_on_un(story: Story) -> None:
    first = story.first
    assert first.status == "succeeded" and first.source == "un-sc"
    assert first.counts["entities_written"] == 1003 and first.counts["listings_written"] == 1003
    assert first.rejected == 1  # the parse test's one issue: "former Soviet Union"
    assert story.listings["first"] == {"person": 730, "company": 273}
    [omm] = story.omm
    assert omm["start"].to_native() == dt.date(2014, 7, 28)
    assert {key: value for key, value in omm.items() if key != "start"} == {
        "id": "un-sc:6908046",
        "name": "OCEAN MARITIME MANAGEMENT COMPANY, LIMITED (OMM)",
        "programs": ["DPRK"],
        "entry": "KPe.020",
        "citation": "UN Security Council Consolidated List, DPRK, KPe.020",
    }


def test_two_people_given_the_same_passports_stay_two(story: Story) -> None:
    # IRi.003 and IRi.041 share two Iranian passports; their UN reference numbers keep them apart.
    assert story.shared_passport == [
        {"id": "un-sc:110406", "name": "ALI AKBAR TABATABAEI"},
        {"id": "un-sc:110444", "name": "AZIM AGHAJANI"},
    ]


def test_a_reload_writes_nothing(story: Story) -> None:
    again = story.again
    assert again.status == "succeeded"
    assert again.counts["entities_written"] == 0 and again.counts["entities_unchanged"] == 1003
    assert again.counts["listings_written"] == 0 and again.counts["listings_closed"] == 0
    assert story.listings["again"] == {"person": 730, "company": 273}


def test_a_later_list_closes_the_entry_it_no_longer_holds(story: Story) -> None:
    later = story.later
    assert later.counts["listings_closed"] == 1 and later.counts["listings_written"] == 0
    assert later.counts["entities_written"] == 1 and later.counts["entities_absent"] == 1
    assert [(row["id"], row["entry"], row["end"].to_native()) for row in story.closed] == [
        ("un-sc:6907993", "CDi.001", dt.date.fromisoformat(LATER))  # the later file's date, not today's
    ]
    assert story.renamed == [{"name": "FRANK KAKORERE BWAMBALE"}]  # same DATAID, same Entity
    assert story.listings["later"] == {"person": 729, "company": 273, "person closed": 1}
