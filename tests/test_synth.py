"""Synthetic bundles: reproducible to the byte, valid for kb's reader, shaped like real ownership data,
and loaded into Neo4j exactly as written (a reload writes nothing; a delta writes only the delta)."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest
import typer
from stdnum import lei
from stdnum.cn import uscc
from typer.testing import CliRunner

from kb import loaders, schema
from kb.cli import synth as synth_command
from kb.db import Database
from kb.loaders.formats import bundle
from kb.loaders.formats.bundle import files as bundle_files
from kb.loaders.write import claims, writer
from kb.synth import synth
from kb.synth.delta import delta
from kb.synth.stakes import OVER_100

FILES = ("entities.csv", "ownership.csv", "control.csv", "listings.csv", "jvs.csv")
NEVER = "9999-12-31"
CJK = re.compile(r"[\u4e00-\u9fff]")


def rows(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def digests(folder: Path) -> dict[str, str]:
    return {name: hashlib.sha256((folder / name).read_bytes()).hexdigest() for name in FILES}


def peak_total(stakes: list[dict[str, str]]) -> float:
    """The most the stakes add up to at any date: a range counts at pct_max, an unknown stake as 0."""
    moments = {"0000-00-00"} | {s["start_date"] for s in stakes if s["start_date"]}
    moments |= {s["end_date"] for s in stakes if s["end_date"]}

    def held(stake: dict[str, str], moment: str) -> bool:
        return (stake["start_date"] or "0000-00-00") <= moment < (stake["end_date"] or NEVER)

    return max(
        sum(float(s["pct"] or s["pct_max"] or 0) for s in stakes if held(s, moment)) for moment in moments
    )


def has_cycle(edges: dict[str, list[str]]) -> bool:
    """Iterative three-colour depth-first search over owner -> owned."""
    state: dict[str, int] = {}
    for start in edges:
        if state.get(start):
            continue
        stack = [(start, iter(edges[start]))]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
            elif state.get(child) == 1:
                return True
            elif not state.get(child):
                state[child] = 1
                stack.append((child, iter(edges.get(child, []))))
    return False


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    folder = tmp_path_factory.mktemp("small") / "synth"
    return folder, synth(2_000, 11, folder)


@pytest.fixture(scope="module")
def medium(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    folder = tmp_path_factory.mktemp("medium") / "synth"
    return folder, synth(30_000, 5, folder)


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    first, again, other = (tmp_path / n / "synth" for n in ("a", "b", "c"))
    assert synth(2_000, 7, first) == synth(2_000, 7, again)
    assert digests(first) == digests(again)
    synth(2_000, 8, other)
    assert all(digests(first)[name] != digests(other)[name] for name in FILES)


def observed(folder: Path) -> dict[str, int]:
    """What the files hold, counted from the CSVs alone (the generator's report says the same)."""
    entities, stakes = rows(folder, "entities.csv"), rows(folder, "ownership.csv")
    listings, jvs = rows(folder, "listings.csv"), rows(folder, "jvs.csv")
    parents = {e["id"] for e in entities if e["x_group"] == e["id"]}
    return {
        "entities": len(entities),
        "persons": sum(e["kind"] == "person" for e in entities),
        "companies": sum(e["kind"] == "company" for e in entities),
        "groups": len(parents),
        "ownership_rows": len(stakes),
        "jv_rows": len(jvs),
        "control_rows": len(rows(folder, "control.csv")),
        "listing_rows": len(listings),
        "joint_ventures": len({r["jv_id"] for r in jvs}),
        "listed_parents": len(parents & {r["entity_id"] for r in listings}),
        "max_group_size": max(Counter(e["x_group"] for e in entities if e["x_group"]).values()),
        "ranges": sum(1 for s in stakes if s["pct_min"] and s["pct_max"]),
        "unknown_pct": sum(1 for s in stakes if not (s["pct"] or s["pct_min"] or s["pct_max"])),
        "voting": sum(s["basis"] == "voting" for s in stakes),
        "over_100": sum(s["x_problem"] == OVER_100 for s in stakes),
    }


def layers(folder: Path) -> tuple[int, int]:
    """How deep the groups go, from the files: the most stakes any member is from its group's
    parent at the fewest, and the longest chain of stakes down a group. Ids rise down a group, so
    a stake from a lower to a higher id of one group goes down it."""
    group = {e["id"]: e["x_group"] for e in rows(folder, "entities.csv") if e["x_group"]}
    down = sorted(
        (s["owned_id"], s["owner_id"])
        for s in rows(folder, "ownership.csv")
        if s["owner_id"] in group and group[s["owner_id"]] == group.get(s["owned_id"])
        and s["owner_id"] < s["owned_id"]
    )  # fmt: skip
    fewest = {member: 0 for member, parent in group.items() if member == parent}
    most = dict.fromkeys(group, 0)
    for owned, owner in down:  # in id order: every stake into the owner is counted before
        fewest[owned] = min(fewest.get(owned, len(group)), fewest[owner] + 1)
        most[owned] = max(most[owned], most[owner] + 1)
    assert fewest.keys() == group.keys()  # every member is held from within its group
    return max(fewest.values()), max(most.values())


def test_headers_are_the_bundle_formats(small: tuple[Path, dict[str, int]]) -> None:
    folder, _ = small
    for spec in bundle_files.FILES:
        if spec is bundle_files.TRUST_ROLES_FILE:
            continue  # optional, and synth draws no trusts
        with (folder / spec.name).open(encoding="utf-8", newline="") as handle:
            header = next(csv.reader(handle))
        assert header[: len(spec.columns)] == list(spec.columns), spec.name
        assert all(extra.startswith("x_") for extra in header[len(spec.columns) :]), header
    assert rows(folder, "entities.csv")[0].keys() >= {"x_group"}
    assert rows(folder, "ownership.csv")[0].keys() >= {"x_problem"}


def test_the_reader_finds_no_issue_and_every_row(small: tuple[Path, dict[str, int]]) -> None:
    folder, _ = small
    read = bundle.read_bundle(folder)
    assert [issue.line() for issue in read.issues.issues] == []
    dataset = read.dataset()
    files = observed(folder)
    assert len(dataset.entities) == files["entities"] == 2_000
    assert sum(e["kind"] == "person" for e in dataset.entities) == files["persons"] == 240  # 12%
    assert len(dataset.stakes) == files["ownership_rows"] and len(dataset.jvs) == files["jv_rows"]
    assert len(dataset.listings) == files["listing_rows"] and len(dataset.controls) == files["control_rows"]


def test_ids_are_unique_and_every_reference_is_an_entity(small: tuple[Path, dict[str, int]]) -> None:
    folder, _ = small
    entities = rows(folder, "entities.csv")
    ids = [e["id"] for e in entities]
    assert len(ids) == len(set(ids)) and all(ids)
    kinds = {e["id"]: e["kind"] for e in entities}
    references = {
        "ownership.csv": ("owner_id", "owned_id"),
        "control.csv": ("controller_id", "controlled_id"),
        "listings.csv": ("entity_id",),
        "jvs.csv": ("jv_id", "partner_id"),
    }
    for name, columns in references.items():
        found = rows(folder, name)
        assert found, f"{name} is empty"
        unknown = [(name, row[c]) for row in found for c in columns if row[c] not in kinds]
        assert unknown == []
    assert all(kinds[r["owned_id"]] == "company" for r in rows(folder, "ownership.csv"))
    assert {kinds[r["jv_id"]] for r in rows(folder, "jvs.csv")} == {"company"}
    groups = {e["x_group"] for e in entities if e["x_group"]}
    assert all(kinds[parent] == "company" and parent in groups for parent in groups)
    assert all(not e["x_group"] for e in entities if e["kind"] == "person")


def test_percentages_dates_and_codes_are_valid(medium: tuple[Path, dict[str, int]]) -> None:
    folder, _ = medium
    for name in ("ownership.csv", "jvs.csv"):
        for row in rows(folder, name):
            figures = {c: float(row[c]) for c in ("pct", "pct_min", "pct_max") if row[c]}
            assert all(0 <= v <= 100 for v in figures.values()), (name, row)
            assert not ("pct" in figures and ("pct_min" in figures or "pct_max" in figures)), row
            assert ("pct_min" in figures) == ("pct_max" in figures), row
            assert figures.get("pct_min", 0) <= figures.get("pct_max", 100), row
            start, end = (
                dt.date.fromisoformat(row[c]) if row[c] else None for c in ("start_date", "end_date")
            )
            assert start is None or end is None or start < end, row
    assert {r["basis"] for r in rows(folder, "ownership.csv")} == set(schema.STAKE_BASES)
    assert {r["basis"] for r in rows(folder, "control.csv")} <= set(schema.CONTROL_BASES)
    assert {e["kind"] for e in rows(folder, "entities.csv")} == {"company", "person"}
    assert all(re.fullmatch(r"[A-Z]{2}", e["country"]) for e in rows(folder, "entities.csv"))


def test_claims_and_identifiers_are_unique(small: tuple[Path, dict[str, int]]) -> None:
    """The writer keys a fact by its ends and distinguishing fields: two rows with one key would merge."""
    folder, _ = small
    stakes = Counter(
        (r["owner_id"], r["owned_id"], r["basis"], r["start_date"]) for r in rows(folder, "ownership.csv")
    )
    jvs = Counter((r["jv_id"], r["partner_id"], r["start_date"]) for r in rows(folder, "jvs.csv"))
    listings = Counter((r["entity_id"], r["list"], r["start_date"]) for r in rows(folder, "listings.csv"))
    controls = Counter(
        (r["controller_id"], r["controlled_id"], r["basis"], r["start_date"])
        for r in rows(folder, "control.csv")
    )
    assert max(stakes.values()) == max(jvs.values()) == max(listings.values()) == max(controls.values()) == 1
    entities = rows(folder, "entities.csv")
    identifiers = [i for e in entities for i in e["identifiers"].split("|") if i]
    assert len(identifiers) == len(set(identifiers)) and len(identifiers) > 20
    for identifier in identifiers:
        scheme, _, value = identifier.partition(":")
        assert (lei if scheme == "LEI" else uscc).is_valid(value), identifier


def test_owners_hold_at_most_100_percent_except_the_flagged_cases(
    medium: tuple[Path, dict[str, int]],
) -> None:
    folder, _ = medium
    by_owned: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for row in rows(folder, "ownership.csv"):
        by_owned[row["owned_id"], row["basis"]].append(row)
    flagged = {key for key, stakes in by_owned.items() if any(s["x_problem"] == OVER_100 for s in stakes)}
    assert len(flagged) == observed(folder)["over_100"] > 0  # one flagged row per such company
    assert all(peak_total(by_owned[key]) > 100 for key in flagged)
    assert all(peak_total(stakes) <= 100 + 1e-9 for key, stakes in by_owned.items() if key not in flagged)
    jvs: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows(folder, "jvs.csv"):
        jvs[row["jv_id"]].append(row)
    assert all(peak_total(partners) <= 100 + 1e-9 for partners in jvs.values())


def test_shape_at_scale(medium: tuple[Path, dict[str, int]]) -> None:
    folder, _ = medium
    files = observed(folder)
    assert 1.35 <= files["ownership_rows"] / files["entities"] <= 1.75  # ~1.5 stakes per entity
    assert 1.4 <= 100 * files["listing_rows"] / files["entities"] <= 2.8  # ~2 listings per 100 entities
    assert 0.008 <= files["listed_parents"] / files["groups"] <= 0.012
    assert files["max_group_size"] >= 300
    nearest, longest = layers(folder)
    assert nearest == 8 and longest >= 8  # "1 to 8 layers deep": some member 8 stakes down at the fewest


def test_the_report_describes_the_files(
    small: tuple[Path, dict[str, int]], medium: tuple[Path, dict[str, int]]
) -> None:
    for folder, report in (small, medium):
        files = observed(folder)
        assert {key: report[key] for key in files} == files


def test_structure_looks_like_ownership_data(small: tuple[Path, dict[str, int]]) -> None:
    folder, _ = small
    files = observed(folder)
    entities = rows(folder, "entities.csv")
    stakes = rows(folder, "ownership.csv")
    listings = rows(folder, "listings.csv")
    parents = {e["id"] for e in entities if e["x_group"] == e["id"]}
    listed = {row["entity_id"] for row in listings}
    assert 0.005 <= len(parents & listed) / len(parents) <= 0.015  # ~1% of group parents are listed
    assert {row["list"] for row in listings} <= {"EL", "MEU", "SDN", "1260H", "CMIC", "EU", "UK"}
    assert len({row["list"] for row in listings}) >= 3
    assert any(row["programs"] for row in listings) and any(row["citation"] for row in listings)
    assert files["ranges"] > 0 and files["unknown_pct"] > 0
    assert any(s["end_date"] for s in stakes) and any(s["start_date"] for s in stakes)
    assert any(s["basis"] == "voting" for s in stakes)
    persons = {e["id"] for e in entities if e["kind"] == "person"}
    assert sum(1 for s in stakes if s["owner_id"] in persons) > 100
    edges: dict[str, list[str]] = defaultdict(list)
    for s in stakes:
        edges[s["owner_id"]].append(s["owned_id"])
    assert has_cycle(edges)
    jv_rows = rows(folder, "jvs.csv")
    assert files["joint_ventures"] > 5 and all(
        2 <= n <= 3 for n in Counter(r["jv_id"] for r in jv_rows).values()
    )
    assert sum(1 for e in entities if CJK.search(e["name"])) > 20  # Chinese as the primary name
    assert sum(1 for e in entities if CJK.search(e["names"])) > 100
    assert len({e["country"] for e in entities}) >= 15


def load(db: Database, folder: Path) -> writer.LoadReport:
    options = writer.LoadOptions("bundle", str(folder), loaders.checksum(folder))
    return writer.load(db, bundle.parse(folder), options)


def count(db: Database, pattern: str) -> int:
    return int(db.read(f"MATCH {pattern} RETURN count(*) AS n")[0]["n"])


def test_loads_as_written_and_reloads_nothing(db: Database, schema_ready: None, tmp_path: Path) -> None:
    folder = tmp_path / "synth"
    synth(1_500, 3, folder)
    files = observed(folder)
    first = load(db, folder)
    assert first.status == "succeeded" and first.rejected == 0
    identifiers = {i for e in rows(folder, "entities.csv") for i in e["identifiers"].split("|") if i}
    assert count(db, "(:Entity)") == count(db, "(:SourceRecord)") == files["entities"]
    assert count(db, "(:Person)") == files["persons"]
    assert count(db, "(:JointVenture)") == files["joint_ventures"]
    assert count(db, "(:Identifier)") == count(db, "()-[:HAS_IDENTIFIER]->()") == len(identifiers)
    assert count(db, "()-[:OWNS]->()") == files["ownership_rows"] + files["jv_rows"]
    assert count(db, "()-[:CONTROLS]->()") == files["control_rows"]
    assert count(db, "()-[:LISTED_ON]->()") == files["listing_rows"]
    again = load(db, folder)
    assert {k: v for k, v in again.counts.items() if k.endswith(("_written", "_closed"))} == dict.fromkeys(
        ("entities_written", *(f"{kind.name}_{w}" for kind in claims.KINDS for w in ("written", "closed"))), 0
    )  # fmt: skip
    changed = delta(folder, tmp_path / "next" / "synth", 0.02, 4)
    third = load(db, tmp_path / "next" / "synth")
    assert third.rejected == 0
    assert third.counts["entities_written"] == changed["entities_changed"] > 0
    assert third.counts["stakes_written"] == changed["stakes_changed"] + changed["stakes_added"] > 0
    assert third.counts["listings_closed"] == changed["listings_removed"]
    assert third.counts["stakes_closed"] == third.counts["jvs_written"] == 0


def test_the_synth_command_writes_the_bundle_it_reports(tmp_path: Path) -> None:
    app = typer.Typer()
    app.command()(synth_command.synth)
    result = CliRunner().invoke(
        app, ["--entities", "300", "--seed", "2", str(tmp_path / "cli"), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    reported = json.loads(result.stdout)
    assert reported["bundle"] == str(tmp_path / "cli")
    files = observed(tmp_path / "cli")
    assert files["entities"] == 300 and {key: reported[key] for key in files} == files
    assert CliRunner().invoke(app, ["--entities", "0", str(tmp_path / "none")]).exit_code != 0
    assert not (tmp_path / "none").exists()
