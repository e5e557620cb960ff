"""FtM, BODS and PSC samples through the graph writer, and registry meets sanctions on identifiers."""

from __future__ import annotations

from pathlib import Path

from loading import REAL, load_path

from kb.db import Database


def test_ftm_cluster_lands_with_stakes_listings_and_officers(db: Database, schema_ready: None) -> None:
    path = REAL / "ftm_opensanctions" / "zala_cluster_entities.ftm.jsonl"
    report = load_path(db, "ftm", path)
    assert report.status == "succeeded"
    cst = "ftm:NK-abdzbEBkqyT29GyREbiURZ"
    lists = db.read(
        "MATCH (:Entity {id: $id})-[r:LISTED_ON]->(l:List) RETURN l.code AS code ORDER BY code", {"id": cst}
    )
    built_in = [row["code"] for row in lists if ":" not in row["code"]]
    assert built_in == ["EL", "EU", "SDN", "UK"]  # and the lists of OpenSanctions datasets: test_source_lists
    el = db.read(
        "MATCH (:Entity {id: $id})-[r:LISTED_ON]->(:List {code: 'EL'}) RETURN r.citation AS citation",
        {"id": cst},
    )
    assert el == [{"citation": "88 FR 76128"}]
    kalashnikov = db.read(
        "MATCH (o:Entity {id: 'ftm:NK-nR5AXM9AVPq4pQaSPSaVam'})-[s:OWNS]->(:Entity {id: $id})"
        " WHERE s.pct IS NOT NULL RETURN s.pct AS pct",
        {"id": cst},
    )
    assert kalashnikov == [{"pct": 49.0}]
    officers = db.read(
        "MATCH (:Person)-[o:OFFICER_OF]->(:Entity {id: $id}) RETURN o.role AS role", {"id": cst}
    )
    assert "ГЕНЕРАЛЬНЫЙ ДИРЕКТОР" in {row["role"] for row in officers}


def test_bods_range_stake_and_uk_company_number(db: Database, schema_ready: None) -> None:
    path = REAL / "bods" / "v0.4_examples" / "bods-package-entity-owning-entity.json"
    load_path(db, "bods", path)
    stake = db.read(
        "MATCH (o:Entity)-[s:OWNS]->(e:Entity)-[:HAS_IDENTIFIER]->(:Identifier {key: 'GB_COH:03209885'})"
        " RETURN o.name AS owner, e.name AS owned, s.pct AS pct, s.pct_min AS low, s.pct_max AS high"
    )
    assert (
        len(stake) == 1 and stake[0]["pct"] is None and (stake[0]["low"], stake[0]["high"]) == (75.0, 100.0)
    )
    assert "MVJ" in stake[0]["owner"] and "JENEX" in stake[0]["owned"]


def test_bods_trust_roles_load_and_reload_writes_nothing(db: Database, schema_ready: None) -> None:
    path = Path(__file__).resolve().parent / "fixtures" / "bods" / "family-trust.json"
    first = load_path(db, "bods", path)
    assert first.status == "succeeded" and first.counts["trust_roles_written"] == 4
    roles = db.read(
        "MATCH (p:Entity)-[r:TRUST_ROLE]->(t:Entity {id: 'bods:trust000001'})"
        " RETURN p.name AS party, r.role AS role, r.powers AS powers ORDER BY role"
    )
    assert [(r["party"], r["role"], r["powers"]) for r in roles] == [
        ("Clara Hollis", "beneficiary", ["benefit"]),
        ("Irene Castell", "protector", []),
        ("Marcus Hollis", "settlor", ["benefit"]),
        ("Saint Helier Trustees Ltd", "trustee", []),
    ]
    again = load_path(db, "bods", path)
    written = {k: v for k, v in again.counts.items() if k.endswith(("_written", "_closed"))}
    assert written == dict.fromkeys(written, 0) and again.counts["trust_roles_unchanged"] == 4


def test_psc_company_merges_with_a_bundle_record_on_its_company_number(
    db: Database, schema_ready: None, tmp_path: Path
) -> None:
    folder = tmp_path / "research"
    folder.mkdir()
    (folder / "entities.csv").write_text("id,name,identifiers\nacme,Acme Widgets Ltd,GB_COH:01234567\n")
    load_path(db, "bundle", folder)
    path = REAL / "uk_psc" / "psc_individual.json"
    load_path(db, "psc", path)
    rows = db.read(
        "MATCH (p:Entity)-[s:OWNS]->(c:Entity)-[:HAS_IDENTIFIER]->(:Identifier {key: 'GB_COH:01234567'})"
        " RETURN c.id AS company, c.name AS name, s.pct_min AS low, s.pct_max AS high, s.basis AS basis ORDER BY basis"
    )
    assert {row["company"] for row in rows} == {"acme"}, "the PSC's company is the bundle's entity"
    assert rows[0]["name"] == "Acme Widgets Ltd"
    assert [(r["basis"], r["low"], r["high"]) for r in rows] == [
        ("equity", 25.0, 50.0),
        ("voting", 25.0, 50.0),
    ]
