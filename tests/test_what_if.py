"""kb what-if works on the owners above what the changed parties hold: it must agree with two
whole-graph fixpoints, on a synthetic bundle with groups, cycles, ranges and every list."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from exposure_reference import ListingRow
from test_exposure_rules import Loader, graph, owns

from kb import loaders
from kb.db import Database
from kb.exposure import engine, fixpoint, marks, reports
from kb.exposure.model import Listing, Subgraph, listing_from_row
from kb.exposure.profiles import Profile, load_all
from kb.loaders.formats import bundle
from kb.loaders.write import writer
from kb.synth import synth

ON = dt.date(2026, 11, 25)


def whole_graph(
    db: Database, profile: Profile, code: str, add: list[str], remove: list[str]
) -> set[tuple[str, str, str, tuple[str, ...]]]:
    """(entity, before, after, listed owners after) for every entity whose status changes,
    computed over the whole graph."""
    rows = engine.seed_listings(db, lists=list(profile.seeds), as_of=ON)
    listings = [listing_from_row(row) for row in rows]
    graph = Subgraph()
    graph.fetch = lambda ids: engine.fetch_out(db, ids, ON, graph.country)
    graph.country.update({row["entity"]: row["country"] for row in rows})
    countries = db.read("MATCH (e:Entity) WHERE e.country = 'US' RETURN collect(e.id) AS ids")[0]["ids"]
    graph.country.update(dict.fromkeys(countries, "US"))
    before = fixpoint.determine(profile, ON, engine.seeds_of(profile, listings), graph)
    kept = [x for x in listings if not (x.list == code and x.entity in remove)]
    extra = [Listing(entity, code, (), ON, None, "what-if") for entity in add]
    after = fixpoint.determine(profile, ON, engine.seeds_of(profile, kept + extra), graph)
    changed = set()
    for entity in set(before) | set(after):
        was = before[entity].status if entity in before else "clear"
        now = after[entity].status if entity in after else "clear"
        if was != now:
            changed.add((entity, was, now, after[entity].listed_owners if entity in after else ()))
    return changed


def mark_everything(db: Database) -> None:
    """What ``kb derive`` does: every regime's marks, as of ON."""
    found = engine.derive_all(db, load_all(), ON)
    for profile in load_all():
        marks.write(db, profile, ON, found[profile.name])


@pytest.fixture
def synthetic(db: Database, schema_ready: None, tmp_path: Path) -> dict[str, Any]:
    folder = tmp_path / "synth"
    synth(2_000, 4, folder)
    writer.load(db, bundle.parse(folder), writer.LoadOptions("bundle", str(folder), loaders.checksum(folder)))
    found = engine.derive(db, load_all()[1], ON)  # bis
    caught = sorted(e for e, d in found.items() if d.status == "caught")
    listed = sorted(e for e, d in found.items() if d.status == "listed")
    parents = [row["id"] for row in db.read(
        "MATCH (e:Entity:Company) WHERE NOT ()-[:OWNS]->(e) AND (e)-[:OWNS]->() RETURN e.id AS id ORDER BY id LIMIT 40"
    )]  # fmt: skip
    return {"caught": caught, "listed": listed, "parents": parents}


def test_what_if_agrees_with_whole_graph_fixpoints(db: Database, synthetic: dict[str, Any]) -> None:
    cases = [
        ("EL", synthetic["caught"][:1], []),  # an affiliate listed in its own right
        ("EL", [p for p in synthetic["parents"] if p not in synthetic["listed"]][:2], []),  # new groups
        ("SDN", [p for p in synthetic["parents"] if p not in synthetic["listed"]][2:3], []),
        ("EU", [p for p in synthetic["parents"] if p not in synthetic["listed"]][3:4], []),
        ("UK", [p for p in synthetic["parents"] if p not in synthetic["listed"]][4:5], []),
        ("EL", [p for p in synthetic["parents"] if p not in synthetic["listed"]][5:9], []),  # four at once
        ("SDN", synthetic["caught"][1:3], []),  # SDN without a 744.8 program: ofac only
        ("EU", synthetic["caught"][3:4] + synthetic["listed"][2:3], []),  # one already listed elsewhere
        ("EL", [], synthetic["listed"][:2]),  # delisting
    ]
    expected = [
        {
            (p.name, entity, was, now, owners)
            for p in load_all()
            if code in p.seeds
            for entity, was, now, owners in whole_graph(db, p, code, add, remove)
        }
        for code, add, remove in cases
    ]
    assert sum(map(len, expected)) > 5  # the cases do change something
    # walking every owner up; then, with fresh marks, only the marked ones (additions: only down
    # through entities whose status changes, kb/exposure/whatif.py)
    for marked in (False, True):
        if marked:
            mark_everything(db)
        assert engine.marks_hold(db, load_all(), ON) is marked
        for (code, add, remove), want in zip(cases, expected, strict=True):
            answer = reports.what_if(db, load_all(), ON, code, add, remove)
            got = {(r["regime"], r["id"], r["before"], r["after"], tuple(r["listed_owners"])) for r in answer}
            assert got == want, (marked, code, add, remove)


def test_what_if_from_marks_follows_us_entities_down(
    db: Database, schema_ready: None, tmp_path: Path
) -> None:
    """bis: a US company passes its stakes on without a mark of its own, so listing its parent
    must still catch what the US company holds, from fresh marks as without them."""
    g = graph(
        "PUFQ",
        (owns("P", "U", 60), owns("U", "F", 60), owns("F", "Q", 30)),
        (ListingRow("Q", "EL"),),  # an unrelated seed, so that bis marks something
        us="U",
    )
    Loader(db, tmp_path)(g)
    want = [{"id": "F", "regime": "bis", "before": "clear", "after": "caught", "listed_owners": ["P"]},
            {"id": "P", "regime": "bis", "before": "clear", "after": "listed", "listed_owners": []}]  # fmt: skip
    for marked in (False, True):
        if marked:
            mark_everything(db)
        assert engine.marks_hold(db, load_all(), ON) is marked
        answer = reports.what_if(db, load_all(), ON, "EL", ["P"], [])
        assert [{k: row[k] for k in want[0]} for row in answer] == want, marked
