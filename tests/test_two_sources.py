"""Two sources on one fact in one bundle are two claims: the exposure rules read them as a range
(never a sum) on every load path, and claims written under the older key (without the cited
source) are upgraded by `kb db init` or the next load."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from backend import Backend
from conftest import Run
from test_bulk import _normal, bulk_load_cli
from test_line_delta import graph
from test_load_bundle import load, snapshot, write_bundle

from kb.db import Database
from kb.loaders.write import claims as claim_keys
from kb.loaders.write import writer

Kb = Callable[..., Run]
SOURCE = "two-reports"  # the bundle's folder name: the loaded source
ENTITIES = """id,name,kind,country
holder,Listed Holder Ltd,company,CN
above,Above Trading Ltd,company,HK
straddle,Straddle Trading Ltd,company,HK
below,Below Trading Ltd,company,HK
jv,Holder-Partner Networks Co. Ltd.,company,CN
partner,Partner Systems Inc,company,US
ctrl,Board Controlled Ltd,company,HK
"""
# Two reports on each stake. OFAC's 50 Percent Rule: 50-60% is caught, 45-55% possible, 30-35% clear
# (added up, 30% + 35% would be 65% and caught).
OWNERSHIP = """owner_id,owned_id,pct,basis,start_date,source
holder,above,50,equity,2020-01-01,report-a
holder,above,60,equity,2020-01-01,report-b
holder,straddle,45,,,report-a
holder,straddle,55,,,report-b
holder,below,30,,,report-a
holder,below,35,,,report-b
"""
JVS = """jv_id,partner_id,pct,start_date,purpose,source
jv,holder,50,2019-05-01,networking,report-a
jv,holder,55,2019-05-01,networking,report-b
jv,partner,45,2019-05-01,networking,report-a
"""
CONTROL = """controller_id,controlled_id,basis,source
holder,ctrl,board_appointment,report-a
holder,ctrl,board_appointment,report-b
"""
LISTINGS = """entity_id,list,programs,start_date,source
holder,SDN,SDGT,2021-01-01,ofac-notice
holder,SDN,SDGT,2021-01-01,press
"""
FILES = {"entities": ENTITIES, "ownership": OWNERSHIP, "jvs": JVS, "control": CONTROL, "listings": LISTINGS}


def only(text: str, source: str) -> str:
    """The file as a bundle citing ``source`` alone would give it."""
    head, *rows = text.splitlines(keepends=True)
    return head + "".join(row for row in rows if row.rstrip("\n").endswith("," + source))


OLD_FILES = {
    "entities": ENTITIES, "ownership": only(OWNERSHIP, "report-a"), "jvs": only(JVS, "report-a"),
    "control": only(CONTROL, "report-a"), "listings": only(LISTINGS, "ofac-notice"),
}  # fmt: skip


def without(text: str, row: str) -> str:
    assert row + "\n" in text
    return text.replace(row + "\n", "")


def as_json(run: Run) -> Any:
    assert run.code == 0, run.err
    return json.loads(run.out)


def claims(db: Database) -> dict[str, list[tuple[str, str, bool]]]:
    """Per relationship type: (pair, cited source, open) for every claim, sorted."""
    rows = db.read(
        "MATCH (a)-[r]->(b) WHERE r.claim IS NOT NULL "
        "RETURN type(r) AS type, a.id + '>' + coalesce(b.id, b.code) AS pair, r.source AS source, "
        "r.closed_by IS NULL AS open"
    )
    found: dict[str, list[tuple[str, str, bool]]] = {}
    for row in rows:
        found.setdefault(row["type"], []).append((row["pair"], row["source"], row["open"]))
    return {kind: sorted(items) for kind, items in found.items()}


def keys(db: Database) -> list[str]:
    return sorted(
        row["claim"] for row in db.read("MATCH ()-[r]->() WHERE r.claim IS NOT NULL RETURN r.claim AS claim")
    )


def ofac(kb: Kb, entity: str) -> dict[str, Any]:
    report = as_json(kb("exposure", entity, "--regime", "ofac", "-f", "json"))
    [regime] = report["regimes"]
    return dict(regime)


def cited(regime: dict[str, Any]) -> list[tuple[str, float | None]]:
    return sorted((item["source"], item["pct_min"]) for item in regime["evidence"])


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A kb home of the test's own: CLI loads keep their snapshots and issues files there."""
    monkeypatch.setenv("KB_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    return write_bundle(tmp_path / "1" / SOURCE, **FILES)


def test_two_sources_on_one_fact_are_two_claims_and_a_range(
    db: Database, schema_ready: None, home: Path, bundle: Path, kb: Kb
) -> None:
    loaded = kb("load", "bundle", str(bundle), "-f", "json")
    assert loaded.code == 0, loaded.err
    counts = json.loads(loaded.out)
    assert counts["rejected"] == 0
    assert (counts["stakes_written"], counts["jvs_written"]) == (6, 3)
    assert (counts["controls_written"], counts["listings_written"]) == (2, 2)
    two_sourced = ("holder>above", "holder>straddle", "holder>below", "holder>jv")
    assert claims(db) == {
        "OWNS": sorted(
            [(pair, s, True) for pair in two_sourced for s in ("report-a", "report-b")]
            + [("partner>jv", "report-a", True)]
        ),
        "CONTROLS": [("holder>ctrl", "report-a", True), ("holder>ctrl", "report-b", True)],
        "LISTED_ON": [("holder>SDN", "ofac-notice", True), ("holder>SDN", "press", True)],
    }

    above = ofac(kb, "above")
    assert (above["status"], above["pct_min"], above["pct_max"]) == ("caught", 50.0, 60.0)
    assert cited(above) == [("report-a", 50.0), ("report-b", 60.0)]
    assert sorted(x["source"] for x in above["listings"]) == ["ofac-notice", "press"]
    straddle = ofac(kb, "straddle")
    assert (straddle["status"], straddle["pct_min"], straddle["pct_max"]) == ("possible", 45.0, 55.0)
    assert cited(straddle) == [("report-a", 45.0), ("report-b", 55.0)]
    assert ofac(kb, "below")["status"] == "clear"  # a range up to 35%; a sum would make it 65%
    joint = ofac(kb, "jv")
    assert (joint["status"], joint["pct_min"], joint["pct_max"]) == ("caught", 50.0, 55.0)
    assert {item["kind"] for item in joint["evidence"]} == {"jv_stake"}
    assert cited(joint) == [("report-a", 50.0), ("report-b", 55.0)]

    affiliates = as_json(kb("affiliates", "--regime", "ofac", "-f", "json"))
    found = {
        row["id"]: (row["status"], row["aggregate_pct"], row["pct_min"], row["pct_max"]) for row in affiliates
    }
    assert found == {
        "above": ("caught", 50.0, 50.0, 60.0),
        "jv": ("caught", 50.0, 50.0, 55.0),
        "straddle": ("possible", 55.0, 45.0, 55.0),
    }

    owners = as_json(kb("owners", "above", "-f", "json"))
    assert sorted((row["id"], row["source"], row["pct"]) for row in owners) == [
        ("holder", "report-a", 50.0), ("holder", "report-b", 60.0),
    ]  # fmt: skip
    effective = as_json(kb("ownership", "holder", "--in", "straddle", "-f", "json"))
    assert (effective["min_pct"], effective["max_pct"]) == (45.0, 55.0)


@pytest.mark.parametrize(
    ("name", "text", "repeated"),
    [
        ("ownership", OWNERSHIP, "holder,above,58,equity,2020-01-01,report-b"),
        ("jvs", JVS, "jv,holder,57,2019-05-01,networking,report-b"),
        ("control", CONTROL, "holder,ctrl,board_appointment,report-b"),
        ("listings", LISTINGS, "holder,SDN,SDGT|SDNTK,2021-01-01,press"),
    ],
)
def test_only_a_row_repeating_source_parties_basis_and_start_is_a_duplicate(
    db: Database, schema_ready: None, tmp_path: Path, name: str, text: str, repeated: str
) -> None:
    folder = write_bundle(tmp_path / SOURCE, **{**FILES, name: text + repeated + "\n"})
    report = load(db, folder)
    line = len(text.splitlines()) + 1  # after the header and the rows given before it
    assert [(i["file"], i["row"], i["reason"]) for i in _issues(db, report.run_id)] == [
        (f"{name}.csv", line, writer.DUPLICATE_FACT)
    ]
    assert sum(len(items) for items in claims(db).values()) == 9 + 2 + 2  # both sources, once each


def _issues(db: Database, run_id: str) -> list[dict[str, Any]]:
    stored = db.read("MATCH (r:LoadRun {id: $id}) RETURN r.rejected_rows AS rows", {"id": run_id})
    return [json.loads(row) for row in stored[0]["rows"]]


def _cli_sequence(kb: Kb, snapshots: list[Path], *options: str) -> list[dict[str, Any]]:
    reports = []
    for folder in snapshots:
        run = kb("load", "bundle", str(folder), "--no-derive", "-f", "json", *options)
        assert run.code == 0, run.err
        reports.append({**json.loads(run.out), "note": run.err})
    return reports


def test_reloads_write_nothing_and_a_snapshot_closes_one_of_two_claims(
    db: Database, schema_ready: None, home: Path, bundle: Path, tmp_path: Path, kb: Kb
) -> None:
    second = write_bundle(
        tmp_path / "2" / SOURCE,
        **{**FILES, "ownership": without(OWNERSHIP, "holder,above,60,equity,2020-01-01,report-b"),
           "listings": without(LISTINGS, "holder,SDN,SDGT,2021-01-01,press")},
    )  # fmt: skip
    changed_lines = _cli_sequence(kb, [bundle, bundle, second])
    assert "loading the lines changed since the last snapshot" in changed_lines[2]["note"]
    reload, closing = changed_lines[1], changed_lines[2]
    assert {k: v for k, v in reload.items() if k.endswith(("_written", "_closed"))} == dict.fromkeys(
        [k for k in reload if k.endswith(("_written", "_closed"))], 0
    )
    assert (reload["stakes_unchanged"], reload["jvs_unchanged"], reload["listings_unchanged"]) == (6, 3, 2)
    assert (closing["stakes_closed"], closing["listings_closed"], closing["stakes_written"]) == (1, 1, 0)
    assert closing["stakes_unchanged"] == 5
    today = dt.date.today()
    closed = db.read(
        "MATCH (:Entity {id: 'holder'})-[r:OWNS]->(:Entity {id: 'above'}) "
        "RETURN r.source AS source, r.end_date AS end, r.closed_by IS NOT NULL AS closed ORDER BY source"
    )
    assert [(r["source"], r["end"], r["closed"]) for r in closed] == [
        ("report-a", None, False), ("report-b", today, True),
    ]  # fmt: skip
    above = ofac(kb, "above")
    assert (above["status"], above["pct_min"], above["pct_max"]) == ("caught", 50.0, 50.0)
    assert cited(above) == [("report-a", 50.0)]
    assert [x["source"] for x in above["listings"]] == ["ofac-notice"]
    expected = graph(db)

    db.write("MATCH (n) DETACH DELETE n")
    full = _cli_sequence(kb, [bundle, bundle, second], "--full-diff")
    assert "loading the lines changed" not in "".join(r["note"] for r in full)
    assert [{k: v for k, v in r.items() if k not in ("run", "note")} for r in full] == [
        {k: v for k, v in r.items() if k not in ("run", "note", "line_delta")} for r in changed_lines
    ]
    assert graph(db) == expected


def _downgrade(db: Database, keep: str) -> int:
    """Claims as an older kb wrote them: keys without the cited source, the Source not upgraded.
    The claims of ``keep`` already carry the new key, as if an upgrade had been cut short."""
    rows = db.write(
        "MATCH ()-[r]->(b) WHERE r.claim IS NOT NULL AND r.source <> r.dataset AND coalesce(b.id, '') <> $keep "
        "SET r.claim = left(r.claim, size(r.claim) - size(r.source) - 1) RETURN count(r) AS n",
        {"keep": keep},
    )
    db.write("MATCH (s:Source) REMOVE s.claim_format")
    return int(rows[0]["n"])


def test_db_init_upgrades_claims_written_under_the_old_key(
    db: Database, schema_ready: None, home: Path, tmp_path: Path, kb: Kb
) -> None:
    # What an older kb kept of the two-source bundle: the first row of each pair (it rejected the
    # second as "the same fact given twice").
    first = write_bundle(tmp_path / "old" / SOURCE, **OLD_FILES)
    assert kb("load", "bundle", str(first), "--no-derive").code == 0
    upgraded = keys(db)
    assert f"{SOURCE}|stakes|holder|above|equity|False|2020-01-01|report-a" in upgraded
    assert _downgrade(db, keep="ctrl") == 6
    assert f"{SOURCE}|stakes|holder|above|equity|False|2020-01-01" in keys(db)  # the old key
    assert claim_keys.outdated_sources(db) == [SOURCE]

    init = kb("db", "init")
    assert init.code == 0, init.err
    assert "Upgraded 6 claim keys" in init.err
    assert keys(db) == upgraded and claim_keys.outdated_sources(db) == []
    again = kb("db", "init")
    assert again.code == 0 and "Upgraded" not in again.err
    assert keys(db) == upgraded

    both = write_bundle(tmp_path / "new" / SOURCE, **FILES)
    [report] = _cli_sequence(kb, [both], "--full-diff")
    assert (report["stakes_written"], report["stakes_unchanged"], report["stakes_closed"]) == (3, 3, 0)
    assert (report["jvs_written"], report["listings_written"], report["controls_closed"]) == (1, 1, 0)
    assert ofac(kb, "straddle")["pct_max"] == 55.0


def test_a_load_upgrades_old_claim_keys_before_reading_them(
    db: Database, schema_ready: None, home: Path, bundle: Path, kb: Kb
) -> None:
    load(db, bundle)
    upgraded = keys(db)
    assert _downgrade(db, keep="nobody") == 13
    report = load(db, bundle)
    assert report.counts["stakes_closed"] == 0 and report.counts["stakes_written"] == 0
    assert {k: v for k, v in report.counts.items() if k.endswith(("_written", "_closed"))} == dict.fromkeys(
        [k for k in report.counts if k.endswith(("_written", "_closed"))], 0
    )
    assert keys(db) == upgraded and claim_keys.outdated_sources(db) == []


def test_bulk_load_keeps_both_claims_as_the_writer_does(
    own_server: Backend, db: Database, schema_ready: None, bundle: Path, kb: Kb,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    assert own_server.home is not None
    load(db, bundle)
    expected = _normal(snapshot(db))
    assert bulk_load_cli(kb, monkeypatch, own_server, bundle)["stakes_written"] == 6
    with Database(own_server.connection) as bulk_db:
        assert _normal(snapshot(bulk_db)) == expected
        assert claim_keys.outdated_sources(bulk_db) == []
        again = load(bulk_db, bundle)
        assert (again.counts["stakes_unchanged"], again.counts["stakes_written"]) == (6, 0)
        assert (again.counts["listings_unchanged"], again.counts["listings_closed"]) == (2, 0)
