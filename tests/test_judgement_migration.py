"""A graph an older kb wrote, with merges and their decisions, converts to judgements between
records losing none: the same graph as judging the same pairs today (issue 17)."""

from __future__ import annotations

from pathlib import Path

from test_judgements import canonical
from test_load_bundle import load, write_bundle
from test_resolve import LISTING, REGISTRY

from kb import admin
from kb.db import Database
from kb.decisions import merge

OTHER = {"entities": "id,name,kind,country\nx-corp,X Components Ltd,company,CN\n"}

# What kb resolve accept did before judgements: B's records and facts recreated on A, B deleted,
# the decision linked to A; a reject linked to both Entities. Claims had no records at their ends.
OLD_ACCEPT = """
MATCH (a:Entity {id: 'el-acme'}), (b:Entity {id: 'reg-acme'})
MATCH (s:SourceRecord)-[d:DESCRIBES]->(b)
CREATE (s)-[:DESCRIBES]->(a)
DELETE d
WITH a, b
MATCH (b)-[r:OWNS]->(t)
CREATE (a)-[n:OWNS]->(t) SET n = properties(r)
DELETE r
WITH a, b
DETACH DELETE b
WITH a
CREATE (r:Resolution {id: 'res-old-accept', a: 'el-acme', b: 'reg-acme', decision: 'accept',
  by: 'analyst-1', at: datetime('2026-12-01T10:00:00Z'), why: 'same company', score: 0.95,
  reasons: ['names equal'], state: 'active', records: ['registry|reg-acme'], snapshot: '{}', moved: []})
CREATE (r)-[:DECIDES]->(a)
"""
OLD_REJECT = """
MATCH (a:Entity {id: 'reg-acme-sub'}), (b:Entity {id: 'x-corp'})
CREATE (r:Resolution {id: 'res-old-reject', a: 'reg-acme-sub', b: 'x-corp', decision: 'reject',
  by: 'analyst-2', at: datetime('2026-12-02T10:00:00Z'), why: 'two parties', score: 0.4,
  reasons: [], state: 'active'})
CREATE (r)-[:DECIDES]->(a), (r)-[:DECIDES]->(b)
"""
OLD_CLAIMS = """
MATCH ()-[r]->() WHERE r.claim IS NOT NULL REMOVE r.a_record, r.b_record
WITH count(*) AS n
MATCH (s:Source) SET s.claim_format = 2
"""


def _load_all(db: Database, tmp_path: Path) -> None:
    load(db, write_bundle(tmp_path / "el-notice", **LISTING))
    load(db, write_bundle(tmp_path / "registry", **REGISTRY))
    load(db, write_bundle(tmp_path / "other", **OTHER))


def older_graph(db: Database, tmp_path: Path) -> dict[str, list[str]]:
    """Today's graph of the same loads and judgements (a canonical dump), then the graph rebuilt as
    an older kb left it: merges as DECIDES decisions, claims without their records."""
    _load_all(db, tmp_path)
    merge.accept(db, "el-acme", "reg-acme")
    merge.reject(db, "reg-acme-sub", "x-corp")
    today = canonical(db)
    admin.wipe(db)
    _load_all(db, tmp_path)
    for query in (OLD_ACCEPT, OLD_REJECT, OLD_CLAIMS):
        db.write(query)
    return today


def test_an_older_graph_with_merge_decisions_converts_losing_none(
    db: Database, schema_ready: None, tmp_path: Path
) -> None:
    today = older_graph(db, tmp_path)
    assert db.read("MATCH ()-[r]->() WHERE r.a_record IS NULL AND r.claim IS NOT NULL RETURN count(r) AS n")

    admin.init(db)
    now = canonical(db)
    for part in ("nodes", "rels"):
        assert set(now[part]) ^ set(today[part]) == set(), part
    found = {d["id"]: d for d in merge.decisions(db)}
    assert set(found) == {"res-old-accept", "res-old-reject"}
    accept, reject = found["res-old-accept"], found["res-old-reject"]
    assert (accept["a"], accept["b"], accept["by"], accept["why"]) == (
        "el-notice|el-acme", "registry|reg-acme", "analyst-1", "same company",
    )  # fmt: skip
    assert (reject["a"], reject["b"], reject["state"]) == ("registry|reg-acme-sub", "other|x-corp", "active")
    assert db.read("MATCH (:Resolution)-[r]->(:Entity) RETURN r") == []
    assert db.read("MATCH (r:Resolution) WHERE r.snapshot IS NOT NULL RETURN r") == []
    # converted judgements work as today's: undo the accept and the two records part
    merge.undo(db, "res-old-accept")
    ids = db.read("MATCH (s:SourceRecord)-[:DESCRIBES]->(e) RETURN s.key AS s, e.id AS e ORDER BY s")
    assert {r["s"]: r["e"] for r in ids}["registry|reg-acme"] == "reg-acme"
    admin.init(db)  # again: nothing left to convert, nothing changes
    assert len(merge.decisions(db)) == 2
