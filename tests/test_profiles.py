"""Regime profiles as data: the shipped files, strict checking of a user's override (one line
naming the file and the key), and the dated readings of docs/rules.md. No Neo4j needed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kb import schema
from kb.errors import UsageError
from kb.exposure import profiles, render
from kb.exposure.fixpoint import inherit
from kb.exposure.model import Listing

D = dt.date
BIS = (profiles.SHIPPED / "bis.toml").read_text(encoding="utf-8")


def _override(tmp_path: Path, text: str, name: str = "bis") -> Path:
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _replace(old: str, new: str) -> str:
    assert old in BIS, old
    return BIS.replace(old, new, 1)


@pytest.mark.parametrize("name", schema.REGIMES)
def test_every_shipped_profile_parses_and_is_named_for_its_file(name: str) -> None:
    profile = profiles.parse(profiles.SHIPPED / f"{name}.toml")
    assert profile.name == name and profile.thresholds and len(profile.digest) == 64


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("to = 2026-11-10", 'to = "2026-11-10"',
         "windows[1].to: expected a date written YYYY-MM-DD without quotes, got '2026-11-10'"),
        ("inclusive = true", 'inclusive = "false"',
         "thresholds[0].inclusive: expected true or false without quotes, got 'false'"),
        ("foreign_only = true", 'foreign_only = "false"',
         "foreign_only: expected true or false without quotes, got 'false'"),
        ("aggregate = true", "aggregate = true\nagregate = false", "agregate: unknown key"),
        ('status = "suspended"', 'status = "suspended"\nuntil = 2027-01-01', "windows[1].until: unknown key"),
        ("from = 2026-11-10", "from = 2026-10-01",
         "windows[2] overlaps windows[1], which runs to 2026-11-10"),
        ("from = 2026-11-10", "from = 2025-10-01",
         "windows[2].from: 2025-10-01 comes before windows[1].from (2025-11-10)"),
        ("to = 2026-11-10", "to = 2025-11-01", "windows[1]: 'to' (2025-11-01) must come after 'from'"),
        ('status = "suspended"', 'status = "paused"', "windows[1].status:"),
        ('bases = ["equity", "voting"]', 'bases = ["equity", "votes"]', "bases[1]: 'votes' is not one of"),
        ("pct = 50", 'pct = "50"', "thresholds[0].pct:"),
        ("pct = 50", "pct = 150", "thresholds[0].pct:"),
        ('name = "bis"', 'name = "bis-2"', "name: 'bis-2' must be the file's name ('bis')"),
        ("inherit = true", "inherit = 1", "license.inherit: expected true or false without quotes, got 1"),
        ('seeds = ["EL", "MEU", "SDN"]', 'seeds = ["EL", "MEU", "SDNN"]', "seeds[2]: 'SDNN' is not a kb list code"),
        ('seeds = ["EL", "MEU", "SDN"]', 'seeds = ["EL", "au:dfat"]', "seeds[1]: 'au:dfat' is not a source-defined"),
        ("SDN = [", "SDX = [", "seed_programs.SDX: 'SDX' is not a kb list code"),
    ],
)  # fmt: skip
def test_a_bad_profile_fails_with_one_line_naming_the_file_and_key(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    path = _override(tmp_path, _replace(old, new))
    with pytest.raises(UsageError) as raised:
        profiles.parse(path)
    text = str(raised.value)
    assert text.startswith(f"{path}: ") and message in text and "\n" not in text


def test_a_profile_may_seed_from_a_list_a_source_defines(tmp_path: Path) -> None:
    seeds = 'seeds = ["EL", "MEU", "SDN", "os:au_dfat_sanctions", "csl:561"]'
    profile = profiles.parse(_override(tmp_path, _replace('seeds = ["EL", "MEU", "SDN"]', seeds)))
    assert profile.seeds == ("EL", "MEU", "SDN", "os:au_dfat_sanctions", "csl:561")
    assert profile.seeds_listing("os:au_dfat_sanctions", []) and not profile.seeds_listing("os:other", [])


def test_a_profile_that_is_not_toml_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"bis\.toml: not a readable regime profile"):
        profiles.parse(_override(tmp_path, "name = bis"))


def test_an_override_in_kb_home_replaces_the_shipped_profile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KB_HOME", str(tmp_path))
    (tmp_path / "regimes").mkdir()
    extended = _replace(
        'from = 2026-11-10\nstatus = "active"', 'from = 2026-11-10\nto = 2027-11-10\nstatus = "suspended"'
    )
    path = _override(tmp_path / "regimes", extended)
    bis = profiles.load("bis")
    assert bis.path == str(path) and not bis.catches_affiliates(D(2026, 12, 6))
    assert bis.digest != profiles.parse(profiles.SHIPPED / "bis.toml").digest


def test_ofac_thresholds_are_dated_2008_then_aggregated_from_2014() -> None:
    ofac = profiles.parse(profiles.SHIPPED / "ofac.toml")
    assert ofac.threshold(D(2008, 2, 13)) is None and not ofac.catches_affiliates(D(2008, 2, 13))
    before = ofac.threshold(D(2010, 1, 1))
    after = ofac.threshold(D(2014, 8, 13))
    assert before is not None and after is not None
    assert (before.pct, before.inclusive, before.aggregate) == (50, True, False)
    assert (after.pct, after.inclusive, after.aggregate) == (50, True, True)
    assert "2008" in before.citation and "2014" in after.citation


def test_bis_window_after_the_suspension_is_marked_unconfirmed() -> None:
    bis = profiles.parse(profiles.SHIPPED / "bis.toml")
    assert bis.unconfirmed_window(D(2026, 1, 15)) is None  # the suspension itself is confirmed
    window = bis.unconfirmed_window(D(2026, 12, 6))
    assert window is not None and window.status == "active" and window.start == D(2026, 11, 10)
    assert "NOT CONFIRMED" in window.describe()


def _listing(requirement: str | None, policy: str | None) -> Listing:
    return Listing("L", "EL", license_requirement=requirement, license_policy=policy)


def test_inherit_ranks_known_phrases_and_keeps_what_it_cannot_rank() -> None:
    bis = profiles.parse(profiles.SHIPPED / "bis.toml")
    rows = [
        _listing("Items subject to the EAR listed in Supplement No. 2", "Case-by-case review"),
        _listing("For all items subject to the EAR.", "Presumption of approval"),
        _listing("for all items subject to the EAR", None),  # the same text again: counted once
        _listing("ECCN 3A001 only", "Policy of denial."),
    ]
    requirements, policies = inherit(bis, rows)
    assert requirements == ("For all items subject to the EAR.", "ECCN 3A001 only")
    assert policies == ("Policy of denial.",)
    assert inherit(bis, [_listing(None, None)]) == ((), ())


def test_dod805_shows_its_reading_of_control() -> None:
    """kb regimes show dod805: a smaller stake is possible, and both prohibitions' dates are there."""
    record = render.profile_record(profiles.load("dod805"))
    assert record["seeds"] == ["1260H"] and record["below_threshold_possible"] is True
    assert [w[:26] for w in record["windows"]] == ["[2026-06-30, 2027-06-30): ", "[2027-06-30, open): active"]
    assert record["unconfirmed_windows"] == []
    assert not any(p.below_threshold_possible for p in profiles.load_all() if p.name != "dod805")
