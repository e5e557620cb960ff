"""The real UK Sanctions List sample through the graph writer: a reload writes nothing, a later
snapshot closes what it lacks, and a company more than 50% owned by a designated one is caught
under the uk regime with the UK listing and its regulations as evidence."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import Run
from loading import REAL, load_path
from test_load_bundle import snapshot, write_bundle

from kb.db import Database
from kb.loaders.write import claims

Kb = Callable[..., Run]
SAMPLE = "uk_sanctions_list_xml_20260907_21designations.xml"
RUSSIA = "The Russia (Sanctions) (EU Exit) Regulations 2019"
STUPINO = "uk-sanctions:RUS3379"  # JSC Stupino Metallurgical Company, INN 5045023416, designated 2026-02-24


def _sample() -> Path:
    return REAL / "uk_sanctions_list" / SAMPLE


def test_the_sample_loads_once_and_a_reload_writes_nothing(db: Database, schema_ready: None) -> None:
    first = load_path(db, "uk-sanctions", _sample())
    assert first.status == "succeeded" and first.rejected == 0
    assert (first.counts["entities_written"], first.counts["listings_written"]) == (21, 21)
    listing = db.read(
        "MATCH (e:Entity)-[r:LISTED_ON]->(:List {code: 'UK'}) WHERE e.id = $id"
        " RETURN e.name AS name, r.programs AS programs, r.start_date AS start, r.citation AS citation,"
        " r.source_entry_id AS entry",
        {"id": STUPINO},
    )
    assert len(listing) == 1 and listing[0]["name"] == "JSC STUPINO METALLURGICAL COMPANY"
    assert listing[0]["programs"] == ["Russia"] and listing[0]["entry"] == "RUS3379"
    assert listing[0]["start"].to_native() == dt.date(2026, 2, 24)
    assert listing[0]["citation"].startswith(f"{RUSSIA}; sanctions imposed: Asset freeze")
    inn = db.read(
        "MATCH (e:Entity)-[:HAS_IDENTIFIER]->(:Identifier {key: 'RU_INN:5045023416'}) RETURN e.id AS id"
    )
    assert inn == [{"id": STUPINO}]

    before = snapshot(db)
    second = load_path(db, "uk-sanctions", _sample())
    assert snapshot(db) == before
    assert {k: v for k, v in second.counts.items() if k.endswith("_written")} == {
        "entities_written": 0, **{f"{kind.name}_written": 0 for kind in claims.KINDS},
    }  # fmt: skip


def test_a_later_snapshot_closes_the_listing_it_no_longer_holds(
    db: Database, schema_ready: None, tmp_path: Path
) -> None:
    load_path(db, "uk-sanctions", _sample())
    text = _sample().read_text(encoding="utf-8")
    romanova = re.search(r"  <Designation>(?:(?!</Designation>).)*<UniqueID>RUS2701</UniqueID>.*?</Designation>\n",
                         text, re.DOTALL)  # fmt: skip
    assert romanova is not None
    later = text.replace(romanova.group(0), "").replace(
        "<DateGenerated>07/09/2026<", "<DateGenerated>14/09/2026<"
    )
    path = tmp_path / "UK-Sanctions-List.xml"
    path.write_text(later, encoding="utf-8")
    report = load_path(db, "uk-sanctions", path)
    assert report.counts["listings_closed"] == 1 and report.counts["entities_absent"] == 1
    ended = db.read(
        "MATCH (e:Entity)-[r:LISTED_ON]->(:List {code: 'UK'}) WHERE r.end_date IS NOT NULL"
        " RETURN e.id AS id, r.end_date AS end"
    )
    assert [(row["id"], row["end"].to_native()) for row in ended] == [
        ("uk-sanctions:RUS2701", dt.date(2026, 9, 14))  # closed on the later file's DateGenerated
    ]
    still = db.read(
        "MATCH ()-[r:LISTED_ON {dataset: 'uk-sanctions'}]->() WHERE r.end_date IS NULL RETURN count(r) AS n"
    )
    assert still == [{"n": 20}]


# An analyst's bundle (hypothetical companies): a holding that gives Stupino's INN, so it is the UK
# record's party, owning more than half of one company and exactly half of another.
ENTITIES = """id,name,kind,country,identifiers
uk-test:stupino,Stupino Metallurgical Company,company,RU,RU_INN:5045023416
uk-test:majority,Majority Alloys LLC,company,RU,
uk-test:half,Half Alloys LLC,company,RU,
"""
OWNERSHIP = """owner_id,owned_id,pct,basis,start_date,source
uk-test:stupino,uk-test:majority,51,equity,2025-01-01,uk-test-register
uk-test:stupino,uk-test:half,50,equity,2025-01-01,uk-test-register
"""


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KB_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def _uk(kb: Kb, entity: str) -> dict[str, Any]:
    run = kb("exposure", entity, "--regime", "uk", "--as-of", "2026-09-07", "-f", "json")
    assert run.code == 0, run.err
    [regime] = json.loads(run.out)["regimes"]
    return dict(regime)


def test_more_than_half_owned_by_a_uk_designated_company_is_caught_under_uk(
    db: Database, schema_ready: None, home: Path, tmp_path: Path, kb: Kb
) -> None:
    loaded = kb("load", "uk-sanctions", str(_sample()), "--no-derive", "-f", "json")
    assert loaded.code == 0, loaded.err
    bundle = write_bundle(tmp_path / "uk-test", entities=ENTITIES, ownership=OWNERSHIP)
    loaded = kb("load", "bundle", str(bundle), "--no-derive", "-f", "json")
    assert loaded.code == 0, loaded.err
    owner = db.read(
        "MATCH (s:SourceRecord)-[:DESCRIBES]->(e:Entity)-[:HAS_IDENTIFIER]->(:Identifier {key: 'RU_INN:5045023416'})"
        " RETURN e.id AS id, collect(s.dataset) AS datasets"
    )
    assert len(owner) == 1 and sorted(owner[0]["datasets"]) == ["uk-sanctions", "uk-test"]

    majority = _uk(kb, "uk-test:majority")
    assert (majority["status"], majority["pct_min"], majority["pct_max"]) == ("caught", 51.0, 51.0)
    [listed_owner] = majority["listed_owners"]
    assert (listed_owner["id"], listed_owner["name"]) == (owner[0]["id"], "JSC STUPINO METALLURGICAL COMPANY")
    assert [(x["list"], x["start_date"]) for x in listed_owner["listings"]] == [("UK", "2026-02-24")]
    [listing] = majority["listings"]
    assert (listing["list"], listing["source"], listing["programs"]) == ("UK", "uk-sanctions", ["Russia"])
    assert listing["start_date"] == "2026-02-24" and listing["citation"].startswith(RUSSIA)
    [stake] = majority["evidence"]
    assert (stake["kind"], stake["pct_min"], stake["source"]) == ("stake", 51.0, "uk-test-register")

    half = _uk(kb, "uk-test:half")  # reg. 7: more than 50%; exactly half is not
    assert half["status"] == "clear" and half.get("listings", []) == []
