"""The exposure commands through the real CLI, on the Inspur demo bundle in a real Neo4j."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import Run

from kb import loaders
from kb.db import Database
from kb.exposure import engine, profiles
from kb.exposure.profiles import load_all
from kb.loaders.formats import bundle
from kb.loaders.write import writer

INSPUR = Path(__file__).resolve().parents[1] / "docs" / "examples" / "inspur"
Kb = Callable[..., Run]
CAUGHT = {"inspur-overseas-investment", "inspur-cloud-investment", "inspur-digital", "inspur-cisco-jv"}


@pytest.fixture
def inspur(db: Database, schema_ready: None) -> Database:
    writer.load(db, bundle.parse(INSPUR), writer.LoadOptions("bundle", str(INSPUR), loaders.checksum(INSPUR)))
    return db


def as_json(run: Run) -> Any:
    assert run.code == 0, run.err
    return json.loads(run.out)


def test_affiliates_follow_the_bis_windows(inspur: Database, kb: Kb) -> None:
    in_force = as_json(kb("affiliates", "--regime", "bis", "--as-of", "2025-10-15", "-f", "json"))
    assert {r["id"] for r in in_force if r["status"] == "caught"} == CAUGHT
    digital = next(r for r in in_force if r["id"] == "inspur-digital")
    # 37.6% + 16.98% held by two wholly owned (so caught) holding companies: aggregated, not multiplied
    assert digital["aggregate_pct"] == pytest.approx(54.58) and digital["listed_owners"] == ["inspur-group"]
    assert set(digital) >= {"id", "name", "regime", "status", "aggregate_pct", "listed_owners"}
    ibm = next(r for r in in_force if r["id"] == "inspur-ibm-jv")
    assert ibm["status"] == "possible" and ibm["pct_max"] == 100.0  # a listed partner, stake of unknown size
    assert "inspur-electronic" not in {r["id"] for r in in_force}  # 36% only
    assert "inspur-software" not in {r["id"] for r in in_force}  # only a derived look-through figure
    suspended = as_json(kb("affiliates", "--regime", "bis", "--as-of", "2026-01-15", "-f", "json"))
    assert suspended == []
    back = as_json(
        kb("affiliates", "--regime", "bis", "--as-of", "2026-11-25", "--of", "inspur-group", "-f", "json")
    )
    assert {r["id"] for r in back if r["status"] == "caught"} == CAUGHT
    assert as_json(kb("affiliates", "--regime", "bis", "--list", "MEU", "-f", "json")) == []
    # each row carries its listed owners' lists, on every list, with dates
    [listed] = digital["listed_owner_listings"]
    assert listed["id"] == "inspur-group" and digital["listings"] == []
    assert [(x["list"], x["start_date"]) for x in listed["listings"]] == [
        ("1237", "2020-06-24"), ("1260H", "2021-06-03"), ("EL", "2023-03-02")
    ]  # fmt: skip
    table = kb("affiliates", "--regime", "bis", "--as-of", "2025-10-15", "-f", "csv")
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(table.out))}
    assert rows["inspur-digital"]["lists"] == (
        "owner Inspur Group Co., Ltd.: 1237 (2020-06-24), 1260H (2021-06-03), EL (2023-03-02)"
    )


def test_exposure_of_the_cisco_jv_names_its_evidence(inspur: Database, kb: Kb) -> None:
    report = as_json(kb("exposure", "inspur-cisco-jv", "--as-of", "2026-11-25", "-f", "json"))
    regimes = {r["regime"]: r for r in report["regimes"]}
    assert set(regimes) == {"ofac", "bis", "eu", "uk", "dod805"}
    dod = regimes["dod805"]  # Inspur Group is on the 1260H list, and holds 51% of the JV
    assert dod["status"] == "caught" and dod["pct_min"] == 51.0 and dod["rule_in_force"]
    assert dod["threshold"] == "> 50%" and "805(a)(1)(A)" in dod["window"]["citation"]
    assert [x["list"] for x in dod["listings"]] == ["1260H"] and dod["warning"] is None
    bis = regimes["bis"]
    assert bis["status"] == "caught" and bis["pct_min"] == 51.0 and bis["rule_in_force"]
    [owner] = bis["listed_owners"]
    assert (owner["id"], owner["name"]) == ("inspur-group", "Inspur Group Co., Ltd.")
    # every list the listed owner is on, not only the Entity List the rule reads
    assert [(x["list"], x["start_date"]) for x in owner["listings"]] == [
        ("1237", "2020-06-24"), ("1260H", "2021-06-03"), ("EL", "2023-03-02")
    ]  # fmt: skip
    assert report["entity"]["listings"] == []  # the JV itself is on no list
    [stake] = bis["evidence"]
    assert (stake["kind"], stake["from"], stake["pct"], stake["source"]) == (
        "jv_stake", "inspur-group", "51%", "bloomberg-2023-partner",
    )  # fmt: skip
    assert bis["listings"][0]["citation"] == "FR Doc. 2023-04558"
    assert regimes["ofac"]["status"] == "clear"  # Inspur is on the Entity List, not the SDN list
    suspended = as_json(kb("exposure", "inspur-cisco-jv", "--as-of", "2026-01-15", "-r", "bis", "-f", "json"))
    assert suspended["regimes"][0]["status"] == "clear" and not suspended["regimes"][0]["rule_in_force"]
    chain = as_json(kb("exposure", "inspur-digital", "-r", "bis", "-f", "json"))["regimes"][0]["chain"]
    assert [c["id"] for c in chain][-1] == "inspur-group" and chain[-1]["status"] == "listed"
    table = kb("exposure", "浪潮集团有限公司")  # a name in Chinese finds the group itself
    assert table.code == 0 and "listed" in table.out
    # each regime's row names every list the group is on, with dates: 1237 seeds no regime
    lists = "1237 (2020-06-24), 1260H (2021-06-03), EL (2023-03-02)"
    assert table.out.count(lists) == 5 and lists in table.err  # and the line above the table


def test_a_name_matching_several_entities_lists_them_and_fails(inspur: Database, kb: Kb) -> None:
    run = kb("exposure", "Inspur Digital")  # the Cayman company, and Inspur Taiwan's alias "Digital Cloud"
    assert run.code == 2 and "inspur-digital" in run.err and "inspur-taiwan" in run.err and run.out == ""
    assert as_json(kb("exposure", "Inspur", "-f", "json"))["entity"]["id"] == "inspur-group"  # an exact alias


def test_jv_exposure_of_cisco_reaches_the_jv_through_its_hk_subsidiary(inspur: Database, kb: Kb) -> None:
    rows = as_json(kb("jv-exposure", "cisco-systems", "-r", "bis", "-f", "json"))
    assert [(r["member_id"], r["level"], r["jv_id"], r["partner_id"], r["partner_status"]) for r in rows] == [
        ("cisco-hk", 1, "inspur-cisco-jv", "inspur-group", "listed")
    ]
    # the partner's every list, with dates (its listed owners': none, it is listed itself)
    assert [(x["list"], x["start_date"]) for x in rows[0]["partner_listings"]] == [
        ("1237", "2020-06-24"), ("1260H", "2021-06-03"), ("EL", "2023-03-02")
    ]  # fmt: skip
    assert rows[0]["partner_listed_owner_listings"] == []
    table = kb("jv-exposure", "cisco-systems", "-r", "bis", "-f", "csv")
    [row] = csv.DictReader(io.StringIO(table.out))
    assert row["partner_lists"] == "1237 (2020-06-24), 1260H (2021-06-03), EL (2023-03-02)"
    assert as_json(kb("jv-exposure", "cisco-systems", "--depth", "0", "-f", "json")) == []


def test_what_if_and_diff_explain_changes(inspur: Database, kb: Kb, tmp_path: Path) -> None:
    changes = as_json(kb("what-if", "--list", "EL", "--add", "inspur-electronic", "-r", "bis", "-f", "json"))
    assert [(c["id"], c["before"], c["after"]) for c in changes] == [("inspur-electronic", "clear", "listed")]
    removed = as_json(kb("what-if", "--list", "EL", "--remove", "inspur-group", "-r", "bis", "-f", "json"))
    assert {c["id"] for c in removed if c["after"] == "clear"} >= CAUGHT
    portfolio = tmp_path / "portfolio.txt"
    portfolio.write_text("id\ninspur-digital\n")
    only = as_json(kb("what-if", "--list", "EL", "--remove", "inspur-group", "-r", "bis",
                      "--portfolio", str(portfolio), "-f", "json"))  # fmt: skip
    assert [c["id"] for c in only] == ["inspur-digital"]
    diff = as_json(kb("diff", "--from", "2025-10-15", "--to", "2026-01-15", "-r", "bis", "-f", "json"))
    assert {d["id"] for d in diff} == CAUGHT | {"inspur-ibm-jv"}
    assert all(d["to"] == "clear" and "suspended" in d["why"] for d in diff)
    listed = as_json(kb("diff", "--from", "2023-01-01", "--to", "2023-06-01", "-r", "bis", "-f", "json"))
    # Inspur Group joined the Entity List on 2023-03-02; the Affiliates Rule was not yet in force
    assert [(d["id"], d["from"], d["to"], d["why"]) for d in listed] == [
        ("inspur-group", "clear", "listed", "listed")
    ]


def test_derive_writes_labels_bloom_can_style(inspur: Database, kb: Kb) -> None:
    counts = {r["regime"]: r for r in as_json(kb("derive", "--as-of", "2025-10-15", "-f", "json"))}
    assert (counts["bis"]["listed"], counts["bis"]["caught"], counts["bis"]["possible"]) == (2, 4, 1)
    caught = inspur.read("MATCH (e:BisCaught) RETURN e.id AS id, e.bis_pct_min AS pct ORDER BY id")
    assert {row["id"] for row in caught} == CAUGHT
    kb("derive", "--as-of", "2026-01-15", "-r", "bis")  # suspended: the old marks go
    assert inspur.read("MATCH (e:BisCaught) RETURN count(e) AS n") == [{"n": 0}]
    info = inspur.read("MATCH (d:Derivation {regime: 'bis'}) RETURN d.as_of AS on, d.caught AS caught")
    assert str(info[0]["on"]) == "2026-01-15" and info[0]["caught"] == 0


def test_regimes_show_the_dated_bis_windows(kb: Kb) -> None:
    shown = as_json(kb("regimes", "show", "bis", "-f", "json"))
    assert shown["windows"][1].startswith("[2025-11-10, 2026-11-10): suspended")
    assert "RUSSIA-EO14024" in shown["seed_programs"]["SDN"]
    bad = kb("exposure", "x", "--regime", "fr")
    assert bad.code == 2 and "unknown regime 'fr'" in bad.err


def test_fresh_marks_give_the_same_answers_and_a_load_refreshes_them(
    inspur: Database, kb: Kb, tmp_path: Path
) -> None:
    ids = ["inspur-cisco-jv", "inspur-digital", "inspur-ibm-jv", "inspur-electronic", "cisco-hk"]
    on = "2025-10-15"
    computed = {i: as_json(kb("exposure", i, "--as-of", on, "-f", "json")) for i in ids}
    kb("derive", "--as-of", on)
    assert engine.marks_hold(inspur, load_all(), dt.date(2025, 10, 15))
    assert {i: as_json(kb("exposure", i, "--as-of", on, "-f", "json")) for i in ids} == computed
    extra = (
        tmp_path / "analyst-notes"
    )  # a second source: the cloud holding also holds 20% of Inspur Electronic
    extra.mkdir()
    (extra / "entities.csv").write_text("id,name\n")
    (extra / "ownership.csv").write_text(
        "owner_id,owned_id,pct,source\ninspur-cloud-investment,inspur-electronic,20,analyst\n"
    )
    assert kb("load", "bundle", str(extra), "--partial", "-f", "json").code == 0  # re-derives the marks
    assert engine.marks_hold(inspur, load_all(), dt.date(2025, 10, 15))
    caught = inspur.read("MATCH (e:BisCaught {id: 'inspur-electronic'}) RETURN e.bis_pct_min AS pct")
    assert caught == [{"pct": 56.0}]  # 36% + 20%, both held by caught or listed parties
    now = as_json(kb("exposure", "inspur-electronic", "--as-of", on, "-r", "bis", "-f", "json"))
    assert now["regimes"][0]["status"] == "caught" and now["regimes"][0]["pct_min"] == 56.0


def test_an_override_extending_the_bis_suspension_changes_affiliates_today(
    inspur: Database, kb: Kb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KB_HOME", str(tmp_path))
    today = as_json(kb("affiliates", "--regime", "bis", "-f", "json"))
    assert {r["id"] for r in today if r["status"] == "caught"} == CAUGHT  # the suspension has ended
    shipped = (profiles.SHIPPED / "bis.toml").read_text(encoding="utf-8")
    (tmp_path / "regimes").mkdir()
    # an analyst records an extension of the suspension, open-ended until BIS says more
    (tmp_path / "regimes" / "bis.toml").write_text(_extended(shipped), encoding="utf-8")
    shown = as_json(kb("regimes", "show", "bis", "-f", "json"))
    assert shown["path"] == str(tmp_path / "regimes" / "bis.toml")
    assert as_json(kb("affiliates", "--regime", "bis", "-f", "json")) == []
    bad = tmp_path / "regimes" / "bis.toml"
    bad.write_text(
        _extended(shipped).replace("foreign_only = true", 'foreign_only = "true"'), encoding="utf-8"
    )
    failed = kb("affiliates", "--regime", "bis")
    assert failed.code == 2 and f"{bad}: foreign_only: expected true or false" in failed.err


def _extended(shipped: str) -> str:
    """The shipped BIS profile with the suspension running on with no end date."""
    start = shipped.index("[[windows]]\nfrom = 2025-11-10")
    return shipped[:start] + (
        '[[windows]]\nfrom = 2025-11-10\nstatus = "suspended"\n'
        'citation = "extension recorded by an analyst"\nconfirmed = false\n'
    )


def test_answers_resting_on_an_unconfirmed_window_say_so(inspur: Database, kb: Kb) -> None:
    today = kb("exposure", "inspur-cisco-jv", "-r", "bis")
    assert today.code == 0 and "warning: bis as of" in today.err and "NOT CONFIRMED" in today.err
    report = as_json(kb("exposure", "inspur-cisco-jv", "-r", "bis", "-f", "json"))
    bis = report["regimes"][0]
    assert bis["window"]["confirmed"] is False and bis["window"]["from"] == "2026-11-10"
    assert "Federal Register" in bis["warning"]
    confirmed = as_json(kb("exposure", "inspur-cisco-jv", "-r", "bis", "--as-of", "2025-10-15", "-f", "json"))
    assert (
        confirmed["regimes"][0]["window"]["confirmed"] is True and confirmed["regimes"][0]["warning"] is None
    )
    quiet = kb("exposure", "inspur-cisco-jv", "-r", "bis", "--as-of", "2025-10-15")
    assert "warning" not in quiet.err
    affiliates = kb("affiliates", "-r", "bis")
    assert "NOT CONFIRMED" in affiliates.err
    shown = kb("regimes", "show", "bis", "-f", "json")
    assert json.loads(shown.out)["unconfirmed_windows"] == [
        w for w in json.loads(shown.out)["windows"] if "NOT CONFIRMED" in w
    ]
    assert len(json.loads(shown.out)["unconfirmed_windows"]) == 1 and "warning: 1 window(s)" in shown.err


def test_a_trust_caught_through_its_settlor_reads_in_a_table(
    db: Database, schema_ready: None, kb: Kb
) -> None:
    kestrel = Path(__file__).resolve().parent / "fixtures" / "cookbook" / "kestrel-research"
    writer.load(
        db, bundle.parse(kestrel), writer.LoadOptions("bundle", str(kestrel), loaders.checksum(kestrel))
    )
    [row] = list(
        csv.DictReader(io.StringIO(kb("exposure", "kestrel-staff-trust", "-r", "eu", "-f", "csv").out))
    )
    assert row["status"] == "caught"  # a listed settlor that can revoke (docs/rules.md 3.2)
    assert (
        "-settlor (revoke, replace_trustee)-> Kestrel Staff Benefit Trust [example-trust-deed]"
        in row["evidence"]
    )
    assert row["lists"].startswith("owner Kestrel Defence Holdings JSC: EU (")
