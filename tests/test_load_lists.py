"""CSL and DoD 1260H samples through the graph writer, and how they meet OFAC's records."""

from __future__ import annotations

import datetime as dt

from loading import REAL, load_path

from kb.db import Database


def test_1260h_parents_become_stakes_of_unknown_size(db: Database, schema_ready: None) -> None:
    path = REAL / "dod_1260h" / "opensanctions_us_dod_chinese_milcorps_sanctions.csv"
    report = load_path(db, "1260h", path)
    assert report.status == "succeeded"
    owner = db.read(
        "MATCH (o:Entity)-[s:OWNS]->(e:Entity {name: 'Hangzhou Hikvision Digital Technology Co., Ltd.'})"
        " RETURN o.name AS owner, s.pct AS pct, s.pct_min AS low"
    )
    assert len(owner) == 1 and "Electronics Technology" in owner[0]["owner"]
    assert owner[0]["pct"] is None and owner[0]["low"] is None
    periods = db.read(
        "MATCH (e:Entity)-[r:LISTED_ON]->(:List {code: '1260H'}) WHERE e.name STARTS WITH 'Costar'"
        " RETURN r.start_date AS start, r.end_date AS end ORDER BY start"
    )
    assert [(p["start"].to_native(), p["end"] and p["end"].to_native()) for p in periods] == [
        (dt.date(2021, 6, 3), None),
        # the transcription ends it with the posting withdrawn on 2026-02-13 (not a list): it runs
        # on to the next edition published, 2026-06-08 (kb/lists.py)
        (dt.date(2025, 1, 7), dt.date(2026, 6, 8)),
    ]


def test_csl_treasury_entries_meet_ofac_records_on_the_ofac_uid(db: Database, schema_ready: None) -> None:
    cons = REAL / "ns_cmic" / "cons_prim_cmic_plus_ssi.csv"
    load_path(db, "ofac", cons)
    path = REAL / "csl" / "csl_consolidated_2019_115rows.csv"
    report = load_path(db, "csl", path)
    assert report.status == "succeeded"
    gazprombank = db.read(
        "MATCH (e:Entity)-[:HAS_IDENTIFIER]->(:Identifier {key: 'OFAC_UID:17016'})"
        " RETURN e.id AS id, e.sources AS sources"
    )
    assert len(gazprombank) == 1, "one entity for OFAC's and the CSL's record of Gazprombank"
    assert gazprombank[0]["id"] == "ofac:17016" and {"ofac-cons", "csl"} <= set(gazprombank[0]["sources"])
    records = db.read(
        "MATCH (s:SourceRecord)-[:DESCRIBES]->(:Entity {id: 'ofac:17016'}) RETURN s.dataset AS d ORDER BY d"
    )
    assert [r["d"] for r in records] == ["csl", "ofac-cons"]


def test_gleif_direct_parent_is_consolidation_control(db: Database, schema_ready: None) -> None:

    path = REAL / "gleif" / "api_json"
    report = load_path(db, "gleif", path)
    assert report.status == "succeeded"
    parent = db.read(
        "MATCH (p:Entity)-[c:CONTROLS]->(:Entity {id: 'gleif:5493001KJTIIGC8Y1R12'})"
        " RETURN p.id AS parent, c.basis AS basis"
    )
    assert parent == [{"parent": "gleif:549300B56MD0ZC402L06", "basis": "consolidation"}]
    shell = db.read(
        "MATCH (e:Entity)-[:HAS_IDENTIFIER]->(:Identifier {key: 'LEI:21380068P1DRHMJ8KU70'}) RETURN e.name AS name"
    )
    assert shell == [{"name": "SHELL PLC"}]
