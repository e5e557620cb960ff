"""The EU Financial Sanctions Files sample through the graph writer: a re-run writes nothing, a
later export closes the listing of an entry it no longer holds, and a company owned by a listed EU
enterprise is caught under the EU rule with the official listing in the evidence."""

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
from test_load_bundle import write_bundle

from kb.db import Database

Kb = Callable[..., Run]
SAMPLE = "eu_fsf_xml_1_1_20260805_17entities.xml"
SOVCOMBANK = "eu-fsf:139009"
CITATION = (
    "Council amendment 2023/571 (OJ L75 I) of 2023-03-14, "
    "https://eur-lex.europa.eu/legal-content/EN/TXT/PDF/?uri=CELEX:32023R0571"
)


def _eu_listings(db: Database) -> dict[str, dict[str, Any]]:
    rows = db.read(
        "MATCH (e:Entity)-[r:LISTED_ON]->(:List {code: 'EU'}) RETURN e.id AS id, properties(r) AS r"
    )
    return {row["id"]: row["r"] for row in rows}


def test_a_rerun_writes_nothing_and_a_later_export_closes_what_it_lacks(
    db: Database, schema_ready: None, tmp_path: Path
) -> None:
    sample = REAL / "eu_fsf" / SAMPLE
    first = load_path(db, "eu-fsf", sample)
    assert first.status == "succeeded" and first.rejected == 0
    assert (first.counts["entities_written"], first.counts["listings_written"]) == (17, 17)
    listed = _eu_listings(db)
    assert len(listed) == 17
    bank = listed[SOVCOMBANK]
    assert (bank["programs"], bank["citation"], bank["start_date"].to_native()) == (
        ["UKR"], CITATION, dt.date(2022, 4, 8),
    )  # fmt: skip
    identifiers = db.read(
        "MATCH (:Entity {id: $id})-[:HAS_IDENTIFIER]->(i:Identifier) RETURN i.key AS key ORDER BY key",
        {"id": SOVCOMBANK},
    )
    assert [row["key"] for row in identifiers] == ["RU_INN:4401116480", "RU_OGRN:1144400000425"]

    again = load_path(db, "eu-fsf", sample)
    assert again.counts["entities_written"] == 0 and again.counts["listings_written"] == 0
    assert again.counts["entities_unchanged"] == 17 and again.counts["listings_closed"] == 0

    # The next export: a day later, without M-Invest (logicalId 150299).
    text = (sample).read_text(encoding="utf-8")
    text = text.replace(
        'generationDate="2026-08-05T16:47:04.449+02:00"', 'generationDate="2026-08-06T09:00:00+02:00"'
    )
    text, removed = re.subn(
        r'\s*<sanctionEntity [^>]*logicalId="150299">.*?</sanctionEntity>', "", text, flags=re.S
    )
    assert removed == 1
    later = tmp_path / "eu_fsf_20260806.xml"
    later.write_text(text, encoding="utf-8")
    report = load_path(db, "eu-fsf", later)
    assert report.counts["listings_closed"] == 1 and report.counts["listings_written"] == 0
    listed = _eu_listings(db)
    assert listed["eu-fsf:150299"]["end_date"].to_native() == dt.date(2026, 8, 6)  # the export's date
    assert sum(r.get("end_date") is None for r in listed.values()) == 16


ENTITIES = """id,name,kind,country,identifiers
sovcom,PJSC Sovcombank,company,RU,RU_INN:4401116480
leasing,Hypothetical Kostroma Leasing LLC,company,RU,
"""
OWNERSHIP = """owner_id,owned_id,pct,basis,start_date,source
sovcom,leasing,60,equity,2024-01-01,analyst-hypothetical-stake
"""


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KB_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def _json(run: Run) -> Any:
    assert run.code == 0, run.err
    return json.loads(run.out)


def test_a_company_owned_by_a_listed_eu_enterprise_is_caught_under_eu(
    db: Database, schema_ready: None, home: Path, tmp_path: Path, kb: Kb
) -> None:
    loaded = _json(kb("load", "eu-fsf", str(REAL / "eu_fsf" / SAMPLE), "-f", "json"))
    assert (loaded["status"], loaded["rejected"]) == ("succeeded", 0)
    # An analyst's bundle: Sovcombank under its own spelling, named by its INN, holding 60% of a
    # HYPOTHETICAL company that no list names.
    bundle = write_bundle(tmp_path / "analyst", entities=ENTITIES, ownership=OWNERSHIP)
    assert _json(kb("load", "bundle", str(bundle), "-f", "json"))["rejected"] == 0
    joined = db.read(
        "MATCH (s:SourceRecord)-[:DESCRIBES]->(e:Entity) WHERE s.key IN ['analyst|sovcom', 'eu-fsf|eu-fsf:139009']"
        " RETURN e.id AS id, e.name AS name, s.key AS key ORDER BY key"
    )
    # one Entity, joined by the INN; the analyst's id names it (kb.resolution.clusters.rank)
    assert [row["id"] for row in joined] == ["sovcom", "sovcom"], joined

    report = _json(kb("exposure", "leasing", "--regime", "eu", "--as-of", "2026-08-10", "-f", "json"))
    [eu] = report["regimes"]
    assert (eu["regime"], eu["status"], eu["pct_min"]) == ("eu", "caught", 60.0)
    assert [owner["id"] for owner in eu["listed_owners"]] == ["sovcom"]
    [listing] = eu["listings"]
    assert (listing["entity"], listing["list"], listing["source"]) == ("sovcom", "EU", "eu-fsf")
    assert listing["citation"] == CITATION and listing["start_date"] == "2022-04-08"
    assert listing["programs"] == ["UKR"]
    [stake] = eu["evidence"]
    assert (stake["from"], stake["to"], stake["pct_min"]) == ("sovcom", "leasing", 60.0)
    assert stake["source"] == "analyst-hypothetical-stake"
    # Under OFAC's rule nothing is caught: no US list names Sovcombank in this graph.
    ofac = _json(kb("exposure", "leasing", "--regime", "ofac", "--as-of", "2026-08-10", "-f", "json"))
    assert ofac["regimes"][0]["status"] == "clear"
