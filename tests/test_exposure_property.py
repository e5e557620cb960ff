"""Random ownership graphs through the real loader and the Neo4j engine, against the reference.

Each example is a graph of 5-25 entities (some in the US, some without a country) with stakes given
as a percentage, a range, half a range or no size, on equity or voting, some derived, some
repeated by another source, JV partner stakes, control on every basis, trust roles with and without powers, cycles, and listings on
SDN / EL / MEU / EU / UK / SSI with programs that do and do not seed BIS, all with dates around the
regimes' turning points. It is written as bundle folders, loaded with kb's loader into an emptied
database, and ``engine.derive_all`` (every regime over one shared subgraph, as ``kb derive``
runs them) on three dates must agree with
``exposure_reference.reference`` on every entity's status, pct_min, pct_max and listed owners.
"""

from __future__ import annotations

import datetime as dt
import itertools
import tempfile
from pathlib import Path
from typing import Any

from exposure_reference import (
    ControlRow,
    EntityRow,
    Graph,
    JvRow,
    ListingRow,
    StakeRow,
    TrustRoleRow,
    bundle_files,
    differences,
    reference,
)
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from test_load_bundle import load, write_bundle

from kb import admin
from kb.db import Database
from kb.exposure import engine, profiles
from kb.schema import CONTROL_BASES, TRUST_ROLES

D = dt.date
# Fact dates: open, long ago, and the regimes' turning points (EU threshold, BIS windows).
FACT_DATES = [D(2020, 1, 1), D(2024, 7, 3), D(2025, 9, 29), D(2025, 10, 15), D(2025, 11, 10), D(2026, 11, 10)]
AS_OF = [
    D(2024, 7, 2), D(2024, 7, 3), D(2025, 9, 28), D(2025, 9, 29), D(2025, 10, 15), D(2025, 11, 9),
    D(2025, 11, 10), D(2026, 1, 15), D(2026, 11, 9), D(2026, 11, 10), D(2026, 11, 25),
]  # fmt: skip
OPEN_START = D(2000, 1, 1)  # before every date tested
COUNTRIES = ["CN", "CN", "RU", "HK", "US", "US", None]
LISTS = ["SDN", "SDN", "EL", "MEU", "EU", "UK", "UK", "SSI"]
PROGRAMS = ["RUSSIA-EO14024", "CUBA", "SDGT", "IRAN"]
EXAMPLES = 50  # each loads once and checks 4 regimes on 3 dates: 600 comparisons, 50-90 s on 2 busy cores

percent = st.one_of(
    st.sampled_from([0.0, 10.0, 25.0, 30.0, 40.0, 49.0, 50.0, 51.0, 60.0, 100.0]),
    st.integers(0, 100).map(float),
    st.integers(0, 200).map(lambda n: n / 2),
)
big = st.sampled_from([50.0, 50.5, 51.0, 60.0, 75.0, 100.0])  # the sizes that pass a chain on


@st.composite
def validity(draw: st.DrawFn) -> tuple[dt.date | None, dt.date | None]:
    if draw(st.integers(0, 9)) < 7:
        return None, None
    start = draw(st.sampled_from([None, *FACT_DATES]))
    later = [d for d in FACT_DATES if start is None or d > start]
    end = draw(st.sampled_from([None, *later]))
    return start, end


@st.composite
def size(draw: st.DrawFn) -> tuple[float | None, float | None, float | None]:
    """(pct, pct_min, pct_max): a figure, a range, half a range, or nothing."""
    kind = draw(st.sampled_from(["pct", "pct", "pct", "range", "unknown", "low", "high"]))
    if kind == "pct":
        return draw(percent), None, None
    if kind == "range":
        a, b = draw(percent), draw(percent)
        return None, min(a, b), max(a, b)
    if kind == "low":
        return None, draw(percent), None
    if kind == "high":
        return None, None, draw(percent)
    return None, None, None


@st.composite
def graphs(draw: st.DrawFn) -> Graph:
    """Listings first, then chains of stakes down from listed entities, then noise on top."""
    n = draw(st.integers(5, 25))
    ids = [f"e{i:02d}" for i in range(n)]
    entities = tuple(EntityRow(i, draw(st.sampled_from(COUNTRIES))) for i in ids)

    def pair() -> tuple[str, str]:
        a, b = draw(st.lists(st.sampled_from(ids), min_size=2, max_size=2, unique=True))
        return a, b

    def stake(owner: str, owned: str, figures: tuple[float | None, float | None, float | None]) -> StakeRow:
        start, end = draw(validity())
        basis = draw(st.sampled_from(["equity", "equity", "voting"]))
        derived = draw(st.integers(0, 9)) == 0
        return StakeRow(owner, owned, *figures, basis=basis, start=start, end=end, derived=derived)

    listings = []
    for _ in range(draw(st.integers(1, 5))):
        entity = draw(st.sampled_from(ids))
        if draw(st.integers(0, 3)) == 0:  # a party on every regime's seed list at once
            start, end = draw(validity())
            listings += [ListingRow(entity, code, programs, start, end)
                         for code, programs in (("SDN", ("RUSSIA-EO14024",)), ("EU", ()), ("UK", ()))]  # fmt: skip
            continue
        code = draw(st.sampled_from(LISTS))
        programs = tuple(draw(st.lists(st.sampled_from(PROGRAMS), max_size=2, unique=True)))
        listings.append(ListingRow(entity, code, programs, *draw(validity())))
    listed = sorted({row.entity for row in listings})

    stakes: list[StakeRow] = []
    for _ in range(draw(st.integers(1, 4))):  # chains down from a listed entity
        path = draw(st.lists(st.sampled_from(ids), min_size=2, max_size=5, unique=True))
        path[0] = draw(st.sampled_from(listed))
        for owner, owned in itertools.pairwise(path):
            if owner != owned:
                figures = draw(st.one_of(size(), big.map(lambda x: (x, None, None))))
                stakes.append(stake(owner, owned, figures))
    stakes += [stake(*pair(), draw(size())) for _ in range(draw(st.integers(0, min(n, 20))))]
    for _ in range(draw(st.integers(0, 2))):  # cycles and cross-holdings
        ring = draw(st.lists(st.sampled_from(ids), min_size=2, max_size=4, unique=True))
        for a, b in zip(ring, ring[1:] + ring[:1], strict=True):
            stakes.append(stake(a, b, (draw(st.sampled_from([30.0, 50.0, 60.0])), None, None)))
    for _ in range(draw(st.integers(0, 2))):  # another claim on a pair already held
        if stakes:
            was = draw(st.sampled_from(stakes))
            # The same source with an earlier open start (as valid on every date tested), or another
            # source (a second bundle folder, as the claim key is taken in the first).
            start = OPEN_START if was.start is None and draw(st.booleans()) else was.start
            stakes.append(StakeRow(was.owner, was.owned, *draw(size()), basis=was.basis, start=start,
                                   end=was.end, derived=was.derived))  # fmt: skip
    jvs = []
    for jv in draw(st.lists(st.sampled_from(ids), max_size=2, unique=True)):
        others = [i for i in ids if i != jv]
        partners = draw(st.lists(st.sampled_from(others), min_size=1, max_size=3, unique=True))
        jvs += [JvRow(jv, p, *draw(size()), *draw(validity())) for p in partners]
    controls = []
    for _ in range(draw(st.integers(0, max(1, n // 3)))):
        controller, controlled = pair()
        if draw(st.booleans()):
            controller = draw(st.sampled_from([x for x in listed if x != controlled] or [controller]))
        controls.append(
            ControlRow(controller, controlled, draw(st.sampled_from(CONTROL_BASES)), *draw(validity()))
        )
    trust_roles = []
    for _ in range(draw(st.integers(0, 2))):  # a listed or other party's role in a trust
        party, trust = pair()
        if draw(st.booleans()):
            party = draw(st.sampled_from([x for x in listed if x != trust] or [party]))
        role = draw(st.sampled_from(TRUST_ROLES))
        powers = draw(st.sampled_from([(), ("none",), ("revoke",), ("benefit", "replace_trustee")]))
        trust_roles.append(TrustRoleRow(party, trust, role, powers, *draw(validity())))
    return Graph(entities, tuple(stakes), tuple(jvs), tuple(controls), tuple(listings), tuple(trust_roles))


def load_graph(db: Database, folder: Path, graph: Graph) -> None:
    admin.wipe(db)
    for number, files in enumerate(bundle_files(graph), start=1):
        report = load(db, write_bundle(folder / f"src{number}", **files))
        assert report.status == "succeeded" and report.rejected == 0, report


def describe(graph: Graph) -> str:
    return "\n".join(f"--- src{n}/{stem}.csv\n{text}" for n, files in enumerate(bundle_files(graph), 1)
                     for stem, text in files.items())  # fmt: skip


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,  # nothing written into the tree; a failure prints its graph and how to reproduce it
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(graph=graphs(), dates=st.lists(st.sampled_from(AS_OF), min_size=3, max_size=3, unique=True))
def test_engine_agrees_with_reference(
    db: Database, schema_ready: None, graph: Graph, dates: list[dt.date]
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        load_graph(db, Path(tmp), graph)
    found: list[str] = []
    for on in dates:
        every = engine.derive_all(db, profiles.load_all(), on)  # one subgraph shared by the regimes
        for profile in profiles.load_all():
            got: dict[str, Any] = dict(every[profile.name])
            want = reference(graph, profile, on)
            for answer in want.values():
                event(f"{profile.name}: {answer.status}")
            found += [f"{profile.name} {on}: {line}" for line in differences(got, want)]
    assert not found, "\n".join(found) + "\n" + describe(graph)
