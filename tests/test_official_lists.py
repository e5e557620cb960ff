"""The three official lists in one graph (EU Financial Sanctions Files, UK Sanctions List, UN
Security Council list): an EU or UK entry that carries a UN reference number is the UN entry's
party, on one Entity listed on each list it is on, whatever order the files load in."""

from __future__ import annotations

from pathlib import Path

import pytest
from loading import REAL, load_path

from kb.db import Database

FILES = (
    ("un", "un_consolidated/un_consolidated_2026-02-27.xml"),
    ("eu-fsf", "eu_fsf/eu_fsf_xml_1_1_20260805_17entities.xml"),
    ("uk-sanctions", "uk_sanctions_list/uk_sanctions_list_xml_20260907_21designations.xml"),
)
# UN references the EU and UK samples carry, read by hand from the files, and the lists that name
# each party (every one of them is on the UN list of 2026-02-27).
EXPECTED = {
    "LYi.028": {"EU", "UN"},
    "TAe.010": {"UK", "UN"},
    "TAi.002": {"UK", "UN"},
    "QDi.236": {"UK", "UN"},
}

_BY_REFERENCE = """
MATCH (i:Identifier {key: $key})<-[:HAS_IDENTIFIER]-(e:Entity)
RETURN e.id AS id,
       COLLECT { MATCH (s:SourceRecord)-[:DESCRIBES]->(e) RETURN s.dataset ORDER BY s.dataset } AS datasets,
       COLLECT { MATCH (e)-[:LISTED_ON]->(l:List) RETURN DISTINCT l.code } AS lists
"""


@pytest.mark.parametrize("order", [(0, 1, 2), (2, 1, 0)], ids=["un-first", "un-last"])
def test_eu_and_uk_entries_join_the_un_entry_by_its_reference(
    db: Database, schema_ready: None, order: tuple[int, ...]
) -> None:
    db.write("MATCH (n) WHERE NOT n:List DETACH DELETE n")
    for index in order:
        fmt, path = FILES[index]
        report = load_path(db, fmt, Path(REAL / path))
        assert report.status == "succeeded", report
    for reference, lists in EXPECTED.items():
        rows = db.read(_BY_REFERENCE, {"key": f"UN_REF:{reference}"})
        assert len(rows) == 1, f"{reference}: {len(rows)} entities carry it"
        (row,) = rows
        assert set(row["lists"]) == lists, (reference, row)
        assert len(row["datasets"]) == len(lists), (reference, row)  # one record from each list
