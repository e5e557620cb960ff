"""Determinations against the graph: every regime's fixpoint (``derive``), or one entity's
exposure from the owners above it (``exposure``), at any date."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from kb.db import Database
from kb.exposure import fixpoint
from kb.exposure.model import (
    Determination,
    Link,
    Listing,
    Stake,
    Subgraph,
    link_from_row,
    listing_from_row,
    source_of,
    target_of,
)
from kb.exposure.profiles import Profile
from kb.queries import run, wrapper

BATCH = 20_000  # ids per read of links
SPLIT_ABOVE = 2_000  # ids: a larger set is read in two reads at once
MAX_ROUNDS = 64  # owners above an entity, layer by layer: far deeper than any real group


@wrapper("exposure/seed_listings")
def seed_listings(db: Database, *, lists: list[str], as_of: dt.date) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = run(db, "exposure/seed_listings", lists=lists, as_of=as_of)[0]["listings"]
    return rows


@wrapper("exposure/out_links")
def out_links(db: Database, *, ids: list[str], as_of: dt.date) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = run(db, "exposure/out_links", ids=ids, as_of=as_of)[0]["links"]
    return rows


@wrapper("exposure/holders")
def holders(
    db: Database, *, ids: list[str], as_of: dt.date, marked_only: bool | None = None
) -> list[dict[str, Any]]:
    found = run(db, "exposure/holders", ids=ids, as_of=as_of, marked_only=marked_only)
    rows: list[dict[str, Any]] = found[0]["links"]
    return rows


@wrapper("exposure/subject")
def subject(db: Database, *, id: str, as_of: dt.date) -> dict[str, Any]:
    return run(db, "exposure/subject", id=id, as_of=as_of)[0]


@wrapper("exposure/derivations")
def derivations(db: Database) -> list[dict[str, Any]]:
    return run(db, "exposure/derivations")


def marks_hold(db: Database, profiles: list[Profile], as_of: dt.date) -> bool:
    """Whether the marks of the last ``kb derive`` answer for these profiles on ``as_of``: same
    date, the same profile file with the same content, and no load since."""
    return marks_fresh(derivations(db), profiles, as_of)


def marks_fresh(rows: list[dict[str, Any]], profiles: list[Profile], as_of: dt.date) -> bool:
    """:func:`marks_hold` on the rows of ``exposure/derivations``."""
    found = {row["regime"]: row for row in rows}
    for profile in profiles:
        row = found.get(profile.name)
        if row is None or row["stale"] or row["as_of"].to_native() != as_of:
            return False
        if row.get("profile_digest") != profile.digest or row["profile_path"] != profile.path:
            return False  # derived under another profile, or the same file since edited
    return True


@wrapper("exposure/entity_listings")
def entity_listings(db: Database, *, ids: list[str], as_of: dt.date) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = run(db, "exposure/entity_listings", ids=ids, as_of=as_of)[0]["entities"]
    return rows


@wrapper("exposure/rebuttals")
def rebuttals_in_force(db: Database, *, regimes: list[str], as_of: dt.date) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = run(db, "exposure/rebuttals", regimes=regimes, as_of=as_of)[0]["rebuttals"]
    return rows


def rebutted(db: Database, profiles: list[Profile], as_of: dt.date) -> dict[str, dict[str, dict[str, Any]]]:
    """Regime -> entity -> the rebuttal (`kb rebut`) in force on ``as_of`` (the latest if several):
    what :attr:`kb.exposure.model.Subgraph.rebutted` holds. No read unless a profile is rebuttable."""
    regimes = [p.name for p in profiles if p.rebuttable]
    found: dict[str, dict[str, dict[str, Any]]] = {}
    if not regimes:
        return found
    for row in sorted(rebuttals_in_force(db, regimes=regimes, as_of=as_of), key=lambda r: (r["at"], r["id"])):
        found.setdefault(row["regime"], {})[row["entity"]] = row
    return found


def seeds_of(profile: Profile, listings: Iterable[Listing]) -> dict[str, list[Listing]]:
    seeds: dict[str, list[Listing]] = {}
    for listing in listings:
        if profile.seeds_listing(listing.list, list(listing.programs)):
            seeds.setdefault(listing.entity, []).append(listing)
    return seeds


def derive(db: Database, profile: Profile, as_of: dt.date) -> dict[str, Determination]:
    """Every entity listed, caught or possibly caught under ``profile`` on ``as_of``."""
    return derive_all(db, [profile], as_of)[profile.name]


def derive_all(
    db: Database,
    profiles: list[Profile],
    as_of: dt.date,
    interests: dict[str, dict[str, fixpoint.Interest]] | None = None,
) -> dict[str, dict[str, Determination]]:
    """:func:`derive` for several regimes on one date, reading each link from the graph once:
    their fixpoints share one Subgraph, so a holder one regime reached is not read again.

    ``interests``, if given, receives each regime's interests in property through a trust
    (:func:`kb.exposure.fixpoint.interests`): what ``kb derive`` marks besides the statuses."""
    lists = sorted({code for profile in profiles for code in profile.seeds})
    rows = seed_listings(db, lists=lists, as_of=as_of)
    listings = [listing_from_row(row) for row in rows]
    graph = Subgraph(rebutted=rebutted(db, profiles, as_of))
    graph.fetch = lambda ids: fetch_out(db, ids, as_of, graph.country)
    graph.country.update({row["entity"]: row["country"] for row in rows})
    found: dict[str, dict[str, Determination]] = {}
    with _no_cycle_collection():
        for profile in profiles:
            seeds = seeds_of(profile, listings)
            found[profile.name] = fixpoint.determine(profile, as_of, seeds, graph)
            if interests is not None:
                interests[profile.name] = fixpoint.interests(
                    profile, as_of, seeds, graph, found[profile.name]
                )
    return found


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector: a million-entity derive allocates a few hundred thousand
    links and determinations, none in reference cycles, and the collector's repeated passes over
    them cost a quarter of its time. Whatever became garbage is collected when it resumes."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def fetch_out(db: Database, ids: set[str], as_of: dt.date, countries: dict[str, str | None]) -> list[Link]:
    """The links ``ids`` hold, noting the country of each entity they reach (bis: US or not).

    A large set is read as two halves at once: the server runs each read on one core."""
    ordered = sorted(ids)
    size = min(BATCH, max(SPLIT_ABOVE, -(-len(ordered) // 2)))
    chunks = [ordered[start : start + size] for start in range(0, len(ordered), size)]
    if len(chunks) > 1:
        with ThreadPoolExecutor(2) as pool:
            answers = list(pool.map(lambda chunk: out_links(db, ids=chunk, as_of=as_of), chunks))
    else:
        answers = [out_links(db, ids=chunk, as_of=as_of) for chunk in chunks]
    links: list[Link] = []
    for rows in answers:
        for row in rows:
            links.append(link_from_row(row))
            countries[row["owned"]] = row["country"]
    return links


@dataclass
class Upstream:
    """An entity and everything above it on a date: owners, controllers, their listings."""

    entity: str
    graph: Subgraph
    listings: list[Listing] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)
    holders: list[Link] = field(default_factory=list)  # every link held in the starting entities
    marked_only: bool = False

    def describe(self, row: dict[str, Any]) -> None:
        """Note an entity's name, country and listings (a row with ``id`` or ``owner``)."""
        entity = row.get("id") or row["owner"]
        self.names[entity] = row["name"]
        self.graph.country[entity] = row["country"]
        self.listings += [listing_from_row(x) for x in row["listings"] if x is not None]


def downstream(db: Database, ids: list[str], as_of: dt.date, links: list[Link] | None = None) -> set[str]:
    """``ids`` and everything they hold stakes in or control, layer by layer, cycles included;
    the links read on the way go to ``links`` (every link the returned set holds)."""
    seen, frontier = set(ids), sorted(set(ids))
    for _ in range(MAX_ROUNDS):
        if not frontier:
            break
        read = fetch_out(db, set(frontier), as_of, {})
        if links is not None:
            links += read
        found = {target_of(link) for link in read}
        frontier = sorted(found - seen)
        seen |= found
    return seen


def upstream(
    db: Database,
    entity: str,
    as_of: dt.date,
    marked_only: bool = False,
    also: Iterable[str] = (),
    inside: Iterable[Link] | None = None,
    profiles: Iterable[Profile] = (),
) -> Upstream:
    """Walk up the owners and controllers of ``entity`` (and of ``also``), one layer per read,
    cycles included.

    ``marked_only``: only through holders the last ``kb derive`` marked (valid when
    :func:`marks_hold`): every owner that can carry a determination is marked, so the walk stops
    at the edge of the answer instead of climbing every unrelated shareholder.

    ``profiles``: the regimes whose rebuttals (`kb rebut`) the walk reads.

    ``inside``: the links among the starting entities, already read (what-if starts from a set
    closed downwards, whose links :func:`downstream` read). With ``marked_only`` they are used,
    the first layer reads marked holders only, like the others, and ``holders`` stays empty."""
    up = Upstream(entity, Subgraph(), marked_only=marked_only)
    up.graph.rebutted = rebutted(db, list(profiles), as_of)
    start = sorted({entity, *also})
    for row in entity_listings(db, ids=start, as_of=as_of):
        up.describe(row)
    every_holder = inside is None or not marked_only
    if not every_holder:
        for link in inside or ():
            up.graph.add(link)
    _climb(db, up, start, as_of, every_holder)
    return up


def _climb(db: Database, up: Upstream, start: list[str], as_of: dt.date, every_holder: bool = True) -> None:
    """The layers above ``start``. With ``every_holder`` the first keeps every holder in
    ``up.holders`` (the over-100% flag and the picture read them all); else the holders within
    ``start`` are known already. If ``up.marked_only`` the walk goes on through marked holders
    and those in ``start`` only (what-if starts from every entity the change can reach, marked
    or not)."""
    starting = set(start)
    seen, frontier = set(start), start
    for depth in range(MAX_ROUNDS):
        if not frontier:
            break
        first = depth == 0 and every_holder
        rows = holders(db, ids=frontier, as_of=as_of, marked_only=up.marked_only and not first)
        frontier = []
        for row in rows:
            if not every_holder and row["owner"] in starting:
                continue  # a link among the starting entities: known already
            link = link_from_row(row)
            if first:
                up.holders.append(link)
                up.names.setdefault(row["owner"], row["name"])
            if up.marked_only and not row["marked"] and row["owner"] not in starting:
                continue
            up.graph.add(link)
            if row["owner"] not in seen:
                seen.add(row["owner"])
                frontier.append(row["owner"])
                up.describe(row)
    for node in seen:
        up.graph.out.setdefault(node, [])


def exposure(db: Database, entity: str, profiles: list[Profile], as_of: dt.date) -> dict[str, Any]:
    """``entity`` under each regime: its determination (None: clear), and the chain of
    determinations of every owner that carries it, up to the listed parties.

    One read for the entity and the freshness of the marks, then one per layer of owners: when
    the marks hold, only the layers of marked owners."""
    start = subject(db, id=entity, as_of=as_of)
    graph = Subgraph(rebutted=rebutted(db, profiles, as_of))
    up = Upstream(entity, graph, marked_only=marks_fresh(start["derivations"], profiles, as_of))
    if start["entity"] is not None:
        up.describe(start["entity"])
    _climb(db, up, [entity], as_of)
    regimes: dict[str, Any] = {}
    for profile in profiles:
        seeds = seeds_of(profile, up.listings)
        found = fixpoint.determine(profile, as_of, seeds, up.graph)
        flagged = fixpoint.interests(profile, as_of, seeds, up.graph, found)
        regimes[profile.name] = {
            "determination": found.get(entity), "chain": chain(found, entity),
            "rebuttals": rebuttals_above(up, profile.name), "interest": flagged.get(entity),
        }  # fmt: skip
    return {"upstream": up, "regimes": regimes, "over_100": over_100(up.holders)}


def rebuttals_above(up: Upstream, regime: str) -> list[dict[str, Any]]:
    """The rebuttals in force on the entity or an owner the walk read above it, oldest first: the
    presumptions its answer sets aside."""
    seen = set(up.graph.out) | {up.entity}
    found = [r for entity, r in up.graph.rebutted.get(regime, {}).items() if entity in seen]
    return sorted(found, key=lambda r: (r["at"], r["id"]))


def chain(found: dict[str, Determination], entity: str) -> list[Determination]:
    """The determinations of the owners that carry ``entity``, nearest first, each once."""
    chain: list[Determination] = []
    seen = {entity}
    queue = [entity]
    while queue:
        current = found.get(queue.pop(0))
        if current is None or current.status == "listed":
            continue
        for link in current.evidence:
            owner = source_of(link)
            if owner not in seen and owner in found:
                seen.add(owner)
                chain.append(found[owner])
                queue.append(owner)
    return chain


def over_100(incoming: Iterable[Link]) -> list[str]:
    """Bases on which the known lower bounds of an entity's owners add up to more than 100%."""
    pairs: dict[tuple[str, str], list[Stake]] = {}
    for link in incoming:
        if isinstance(link, Stake):
            pairs.setdefault((link.basis, link.owner), []).append(link)
    totals: dict[str, float] = {}
    for (basis, _), claims in pairs.items():
        totals[basis] = totals.get(basis, 0.0) + fixpoint.pair_range(claims)[0]
    return sorted(basis for basis, total in totals.items() if total > 100.0 + 1e-9)
