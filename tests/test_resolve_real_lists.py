"""`kb resolve auto` on three real lists (OFAC SDN, OFAC's non-SDN CMIC/SSI entries, DoD 1260H):
a name alone never merges an Iranian SDN entry into a Chinese company (issue 17)."""

from __future__ import annotations

import json
from collections.abc import Callable

from conftest import Run
from loading import load_path
from shared_data import real

from kb.db import Database

IRAN_AIRCRAFT = "ofac:11195"  # IRAN AIRCRAFT MANUFACTURING INDUSTRIAL COMPANY (NPWMD, Iran)


def test_auto_never_joins_parties_of_two_countries_on_real_lists(
    db: Database, schema_ready: None, kb: Callable[..., Run]
) -> None:
    load_path(db, "ofac", real("ofac_sdn/sdn_2025_small/sdn.csv"))
    load_path(db, "ofac", real("ns_cmic/cons_prim_cmic_plus_ssi.csv"))
    load_path(db, "1260h", real("dod_1260h/opensanctions_us_dod_chinese_milcorps_sanctions.csv"))
    assert db.read("MATCH (e:Entity {id: $id}) RETURN e.country AS c", {"id": IRAN_AIRCRAFT}) == [{"c": "IR"}]
    run = kb("resolve", "auto", "-f", "json")
    assert run.code == 0, run.err
    proposed = [row for row in json.loads(run.out) if row["action"] == "accept"]
    countries = {
        row["id"]: row["country"]
        for row in db.read("MATCH (e:Entity) RETURN e.id AS id, e.country AS country")
    }
    for row in proposed:
        assert IRAN_AIRCRAFT not in (row["a"], row["b"]), row
        a, b = countries[row["a"]], countries[row["b"]]
        assert a is None or b is None or a == b, row
    # every candidate pair with the Iranian entry is at most possible, with the reasons why
    near = kb("resolve", "suggest", "--min-score", "0.5", "--limit", "500", "-f", "json")
    for row in json.loads(near.out):
        if IRAN_AIRCRAFT in (row["a"], row["b"]):
            assert row["verdict"] != "match", row
