"""The Inspur demo bundle (docs/examples/inspur) loads cleanly and says what its sources say."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kb import loaders
from kb.db import Database
from kb.loaders.formats import bundle
from kb.loaders.write import writer

INSPUR = Path(__file__).resolve().parents[1] / "docs" / "examples" / "inspur"


def test_inspur_bundle_loads_without_rejects_and_keeps_its_facts(db: Database, schema_ready: None) -> None:
    report = writer.load(
        db, bundle.parse(INSPUR), writer.LoadOptions("bundle", str(INSPUR), loaders.checksum(INSPUR))
    )
    assert report.rejected == 0 and report.counts["entities_written"] >= 10
    listings = db.read(
        "MATCH (:Entity {id: 'inspur-group'})-[r:LISTED_ON]->(l:List) RETURN l.code AS code, r.start_date AS start,"
        " r.citation AS citation ORDER BY code"
    )
    codes = {row["code"]: row for row in listings}
    assert set(codes) == {"1237", "1260H", "EL"}
    assert codes["EL"]["start"].to_native() == dt.date(2023, 3, 2)
    assert codes["EL"]["citation"] == "FR Doc. 2023-04558"
    jv = db.read(
        "MATCH (:Entity {id: 'inspur-group'})-[r:OWNS {jv: true}]->(j:JointVenture {id: 'inspur-cisco-jv'})"
        " RETURN r.pct AS pct"
    )
    assert jv == [{"pct": 51.0}]
    unknown = db.read(
        "MATCH (:Entity {id: 'cisco-hk'})-[r:OWNS]->(:Entity {id: 'inspur-cisco-jv'}) RETURN r.pct AS pct"
    )
    assert unknown == [{"pct": None}], "a stake the sources do not size stays unknown"
    question = (INSPUR / "question.cypher").read_text(encoding="utf-8")
    held = {row["holds"] for row in db.read(question)}
    assert "Inspur Electronic Information Industry Co., Ltd." in held
