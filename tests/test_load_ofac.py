"""Real OFAC samples through the graph writer: identifiers, lists, and a newer snapshot closing entries."""

from __future__ import annotations

import datetime as dt

from loading import REAL, load_path

from kb.db import Database


def test_cmic_entries_land_with_uscc_and_their_list(db: Database, schema_ready: None) -> None:
    report = load_path(db, "ofac", REAL / "ns_cmic" / "cons_prim_cmic_plus_ssi.csv")
    assert report.status == "succeeded" and report.counts["entities_written"] == 83
    rows = db.read(
        "MATCH (e:Entity)-[:HAS_IDENTIFIER]->(:Identifier {key: 'USCC:9111000071093019X7'})"
        " MATCH (e)-[r:LISTED_ON]->(l:List) RETURN e.id AS id, e.name AS name, l.code AS list, r.programs AS programs"
    )
    assert rows == [
        {
            "id": "ofac:30882",
            "name": "CHINA TELECOM CORPORATION LIMITED",
            "list": "CMIC",
            "programs": ["CMIC-EO13959"],
        }
    ]
    lists = db.read(
        "MATCH (:Entity {id: 'ofac:17016'})-[:LISTED_ON]->(l:List) RETURN l.code AS code ORDER BY code"
    )
    assert lists == [{"code": "MBS"}, {"code": "SSI"}]


def test_newer_sdn_snapshot_closes_entries_it_no_longer_holds(db: Database, schema_ready: None) -> None:
    load_path(db, "ofac", REAL / "ofac_sdn" / "sdn_subset.csv")
    newer = load_path(db, "ofac", REAL / "ofac_sdn" / "sdn_2025_small" / "sdn.csv")
    assert newer.counts["listings_closed"] == 170
    today = dt.date.today()
    korea_mining = db.read(
        "MATCH (e:Entity {id: 'ofac:9345'})-[r:LISTED_ON]->(:List {code: 'SDN'})"
        " RETURN e.name AS name, r.end_date AS end, r.programs AS programs"
    )
    assert korea_mining[0]["name"] == "KOREA MINING DEVELOPMENT TRADING CORPORATION"
    assert korea_mining[0]["end"].to_native() == today and korea_mining[0]["programs"] == ["NPWMD", "DPRK2"]
    open_now = db.read(
        "MATCH (:Entity)-[r:LISTED_ON {dataset: 'ofac-sdn'}]->() WHERE r.end_date IS NULL RETURN count(r) AS n"
    )
    assert open_now == [{"n": 17}]
