"""The least fixpoint of a regime's ownership rule, from its seeds, over a Subgraph.

Two sets grow together from the seeds until nothing changes: ``caught`` (the lower bounds of the
stakes caught owners hold reach the threshold) and ``reach`` (caught or possibly caught: the
upper bounds held by owners in ``reach`` would). A caught intermediary passes on its full stake,
one outside passes nothing, and nothing is ever multiplied along a chain (OFAC FAQ 401). Both
sets only grow and only from the seeds, so cycles end and never catch themselves. Outgoing links
are fetched only for entities that join ``reach``: the work is the size of the answer.

A trust role (settlor, protector, beneficiary of a trust) is a control link whose effect the
profile's trust rules decide (:func:`control_effect`, CJEU C-483/23). Under a profile with
``interest_roles`` (ofac) :func:`interests` flags, without changing any status, the trusts in which
a listed or caught party has such a role and what they hold by the usual rules.

Regimes that do not aggregate (uk, dod805) run one fixpoint per designated person. Under a profile
with ``below_threshold_possible`` (dod805) any stake above 0 held by an owner in ``reach`` also
puts its target in ``reach``. See docs/rules.md.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Literal, NamedTuple

from kb.exposure.model import (
    UNKNOWN,
    Control,
    Determination,
    Link,
    Listing,
    Stake,
    Subgraph,
    TrustRole,
    source_of,
    target_of,
)
from kb.exposure.profiles import Profile, Threshold

_Bounds = dict[str, float]  # per basis


class _Carried(NamedTuple):
    basis: str  # the basis that carries the entity (the largest if none does: control alone)
    low: float  # lower bounds held on it by caught owners
    high: float  # upper bounds held on it by owners caught or possibly caught
    caught: bool
    by_stake: bool  # False: control carries it


Effect = Literal["catches", "possible"] | None


def control_effect(profile: Profile, link: Control) -> Effect:
    """What a control link, or a trust role, held by an owner in reach does under ``profile``.

    A trust role in ``trust_catches`` with a recorded power catches (a caught holder) or gives
    possible (a holder in reach); with ``none`` recorded it does nothing: without such powers the
    assets are not the settlor's (C-483/23). With no powers recorded, or in ``trust_possible``
    only, it gives possible: kb cannot tell whether a power was kept (docs/rules.md, 3.2)."""
    if isinstance(link, TrustRole):
        if link.role in profile.trust_catches:
            if link.kept:
                return "catches"
            if "none" in link.powers:
                return None
        return "possible" if link.role in profile.trust_possible else None
    if link.basis in profile.control_catches:
        return "catches"
    if link.basis in profile.control_possible:
        return "possible"
    return None


class _Closure:
    def __init__(self, profile: Profile, threshold: Threshold, group: set[str], graph: Subgraph) -> None:
        self.profile, self.threshold, self.group, self.graph = profile, threshold, group, graph
        self.caught = set(group)
        self.reach = set(group)
        # entities whose presumed control by their holders a recorded rebuttal sets aside (kb rebut)
        self.rebutted = graph.rebutted.get(profile.name, {})
        self._carried: dict[str, list[Link]] = {}

    def run(self) -> None:
        frontier, pending = set(self.group), set[str]()
        while frontier or pending:
            if frontier:
                self.graph.expand(frontier)
                pending |= {target_of(link) for owner in frontier for link in self.graph.out.get(owner, ())}
                frontier = set()
            changed: set[str] = set()
            for entity in pending - self.group:
                caught, possible = self.judge(entity)
                if caught and entity not in self.caught:
                    self.caught.add(entity)
                    changed.add(entity)
                if (caught or possible) and entity not in self.reach:
                    self.reach.add(entity)
                    frontier.add(entity)
            pending = {target_of(link) for e in changed - frontier for link in self.graph.out.get(e, ())}

    def totals(self, entity: str) -> tuple[dict[str, float], dict[str, float]]:
        """Per basis, the lower bounds held by caught owners and the upper bounds held by owners in
        reach. Only links of owners in reach count: the graph may hold links of owners other
        fixpoints expanded."""
        low, high, _, _ = self.sums(entity)
        return low, high

    def sums(
        self, entity: str
    ) -> tuple[dict[str, float], dict[str, float], dict[str, float], dict[str, float]]:
        """:meth:`totals`, and per basis the largest lower bound one caught owner holds and the
        largest upper bound one owner in reach holds (a threshold may let one holder's stake catch
        where the sum of several's must be higher: eu before 2024-07-03)."""
        reach, caught, bases = self.reach, self.caught, self.profile.bases
        low: dict[str, float] = {}
        high: dict[str, float] = {}
        low_one: dict[str, float] = {}
        high_one: dict[str, float] = {}
        for (basis, owner), (lo, hi, _) in self.graph.pairs.get(entity, {}).items():
            if owner in reach and basis in bases:
                high[basis] = high.get(basis, 0.0) + hi
                high_one[basis] = max(high_one.get(basis, 0.0), hi)
                if owner in caught:
                    low[basis] = low.get(basis, 0.0) + lo
                    low_one[basis] = max(low_one.get(basis, 0.0), lo)
        return low, high, low_one, high_one

    def reaching(self, entity: str) -> tuple[set[str], set[str]]:
        """The bases on which stakes catch ``entity`` (lower bounds of caught owners) and those on
        which they could (upper bounds of owners in reach): the sum reaches the threshold, or one
        holder's stake alone does. None while a rebuttal sets the presumption aside."""
        if entity in self.rebutted:
            return set(), set()
        low, high, low_one, high_one = self.sums(entity)
        reached, alone = self.threshold.reached, self.threshold.reached_alone
        caught = {b for b in self.profile.bases if reached(low.get(b, 0.0)) or alone(low_one.get(b, 0.0))}
        possible = {b for b in self.profile.bases if reached(high.get(b, 0.0)) or alone(high_one.get(b, 0.0))}
        return caught, possible

    def judge(self, entity: str) -> tuple[bool, bool]:
        by_low, by_high = self.reaching(entity)
        caught, possible = bool(by_low), bool(by_high)
        if self.profile.below_threshold_possible and not possible and entity not in self.rebutted:
            possible = any(value > 0 for value in self.totals(entity)[1].values())  # may carry control
        for link in self.graph.controls_in.get(entity, ()):
            if link.controller in self.reach:
                effect = control_effect(self.profile, link)
                if effect == "catches":
                    caught = caught or link.controller in self.caught
                    possible = True
                elif effect == "possible":
                    possible = True
        return caught, possible

    def carried_by(self, entity: str) -> list[Link]:
        """The links from owners in reach that count under this profile (once the sets are final)."""
        if entity not in self._carried:
            self._carried[entity] = self._counted(entity)
        return self._carried[entity]

    def _counted(self, entity: str) -> list[Link]:
        counted: list[Link] = []
        for link in self.graph.incoming.get(entity, ()):
            if isinstance(link, Stake):
                if link.basis in self.profile.bases and link.owner in self.reach:
                    counted.append(link)
            elif link.controller in self.reach and control_effect(self.profile, link) is not None:
                counted.append(link)
        return counted


def pair_range(claims: Iterable[Stake]) -> tuple[float, float]:
    """Claims of one pair from several sources are a range, never a sum."""
    sized = [c for c in claims if c.lo is not None and c.hi is not None]
    if not sized:
        return UNKNOWN
    return min(c.lo for c in sized if c.lo is not None), max(c.hi for c in sized if c.hi is not None)


def _owners_of(closure: _Closure) -> dict[str, list[str]]:
    """Which seeds of the group carry each entity, in id order: a caught one through caught
    holders and the links that catch; a possible one through any holder in reach (cycles
    included). The sets travel as bit masks (one bit a seed): a large group passes thousands of
    seeds down thousands of links, and or-ing integers is far cheaper than merging sets."""
    order = sorted(closure.group)
    masks = {seed: 1 << i for i, seed in enumerate(order)}
    caught = closure.caught - closure.group
    _spread(closure, masks, caught, closure.caught, catching_only=True)
    _spread(closure, masks, closure.reach - closure.caught, closure.reach, catching_only=False)
    return {entity: _decode(mask, order) for entity, mask in masks.items()}


def _decode(mask: int, order: list[str]) -> list[str]:
    found = []
    while mask:
        lowest = mask & -mask
        found.append(order[lowest.bit_length() - 1])
        mask ^= lowest
    return found


def _spread(
    closure: _Closure,
    masks: dict[str, int],
    targets: set[str],
    holders: set[str],
    catching_only: bool,
) -> None:
    feeds: dict[str, list[str]] = {}
    for entity in targets:
        for link in closure.carried_by(entity):
            holder = source_of(link)
            if holder in holders and (
                not catching_only
                or isinstance(link, Stake)
                or control_effect(closure.profile, link) == "catches"
            ):
                feeds.setdefault(holder, []).append(entity)
    queue = deque(holder for holder in feeds if holder in masks)
    while queue:  # grow each target's mask from its holders' until nothing grows
        holder = queue.popleft()
        held = masks[holder]
        for entity in feeds.get(holder, ()):
            known = masks.get(entity, 0)
            if known | held != known:
                masks[entity] = known | held
                queue.append(entity)


def determine(
    profile: Profile, on: dt.date, seeds: dict[str, list[Listing]], graph: Subgraph
) -> dict[str, Determination]:
    """Every listed, caught or possibly caught entity under ``profile`` on ``on``."""
    found = {
        entity: Determination(entity, profile.name, "listed", listings=tuple(listings))
        for entity, listings in seeds.items()
    }
    threshold = profile.threshold(on)
    if threshold is None or not profile.catches_affiliates(on) or not seeds:
        return found
    if not threshold.aggregate:
        return {**_per_person(profile, threshold, seeds, graph), **found}
    closure = _Closure(profile, threshold, set(seeds), graph)
    closure.run()
    owners = _owners_of(closure)
    return {
        **{
            entity: _determination(profile, closure, entity, owners.get(entity, []), seeds)
            for entity in closure.reach - set(seeds)
            if _reported(profile, graph, entity)
        },
        **found,
    }


def _reported(profile: Profile, graph: Subgraph, entity: str) -> bool:
    """bis: a US entity passes its stakes on, but is not itself caught (docs/rules.md)."""
    return not (profile.foreign_only and graph.country.get(entity) == "US")


def _per_person(
    profile: Profile, threshold: Threshold, seeds: dict[str, list[Listing]], graph: Subgraph
) -> dict[str, Determination]:
    """Regimes that do not aggregate (uk): one fixpoint per designated person. An entity gets
    the best status any one person gives it, the best figures among the persons giving that
    status (the first in id order on a tie), and every one of those persons as listed owners."""
    # Each person reaches a subset of what all of them reach together: fetch that once, in a few
    # large reads, instead of a few small reads per person.
    _Closure(profile, threshold, set(seeds), graph).run()
    best: dict[str, tuple[int, tuple[float, float], _Closure]] = {}
    persons: dict[str, list[str]] = {}
    for seed in sorted(seeds):
        closure = _Closure(profile, threshold, {seed}, graph)
        closure.run()
        for entity in closure.reach - set(seeds):
            if not _reported(profile, graph, entity):
                continue
            carried = _carrying(closure, entity)
            rank, figures = (2 if carried.caught else 1), (round(carried.low, 6), round(carried.high, 6))
            known = best.get(entity)
            if known is None or rank > known[0]:
                best[entity], persons[entity] = (rank, figures, closure), [seed]
            elif rank == known[0]:
                persons[entity].append(seed)
                if figures > known[1]:
                    best[entity] = (rank, figures, closure)
    return {
        entity: _determination(profile, closure, entity, persons[entity], seeds)
        for entity, (_, _, closure) in best.items()
    }


def _carrying(closure: _Closure, entity: str) -> _Carried:
    caught = entity in closure.caught
    low, high = closure.totals(entity)
    figures = {basis: (low.get(basis, 0.0), high.get(basis, 0.0)) for basis in closure.profile.bases}
    by_low, by_high = closure.reaching(entity)
    carrying = [basis for basis in figures if basis in (by_low if caught else by_high)]
    basis = max(carrying or figures, key=figures.__getitem__)
    lo, hi = figures[basis]
    below = not caught and closure.profile.below_threshold_possible and hi > 0  # a smaller stake
    return _Carried(basis, lo, hi, caught, bool(carrying) or below)


def _determination(
    profile: Profile, closure: _Closure, entity: str, owners: list[str], seeds: dict[str, list[Listing]]
) -> Determination:
    """``owners``: the listed parties carrying it, in id order."""
    carried = _carrying(closure, entity)
    listings = tuple(listing for owner in owners for listing in seeds.get(owner, ()))
    requirements, policies = inherit(profile, listings) if profile.license_inherit else ((), ())
    return Determination(
        entity, profile.name, "caught" if carried.caught else "possible", round(carried.low, 6),
        round(carried.high, 6), carried.basis, tuple(owners), not carried.by_stake,
        tuple(closure.carried_by(entity)), listings, requirements, policies,
    )  # fmt: skip


@dataclass(frozen=True)
class Interest:
    """An interest in property through a trust (ofac): ``party`` (listed, or caught) has ``role``
    in ``trust``; ``path`` runs from that role down to the entity flagged."""

    entity: str
    party: str
    trust: str
    path: tuple[Link, ...]


def interests(
    profile: Profile,
    on: dt.date,
    seeds: dict[str, list[Listing]],
    graph: Subgraph,
    found: dict[str, Determination],
) -> dict[str, Interest]:
    """Under a profile with ``interest_roles`` (ofac): the entities that are neither listed nor
    caught but hold property in which a listed or caught party has an interest through a trust:
    the trust in which it has such a role, and what the trust holds or controls by the profile's
    own rules, as though the trust were listed. No status changes (docs/rules.md, 3.2)."""
    threshold = profile.threshold(on)
    if not profile.interest_roles or not seeds or threshold is None:
        return {}
    holders = sorted(set(seeds) | {e for e, d in found.items() if d.status == "caught"})
    graph.expand(set(holders))
    roles: dict[str, TrustRole] = {}
    for holder in holders:
        for link in graph.out.get(holder, ()):
            if isinstance(link, TrustRole) and link.role in profile.interest_roles:
                known = roles.get(link.controlled)
                if known is None or (link.controller, link.role) < (known.controller, known.role):
                    roles[link.controlled] = link
    if not roles:
        return {}
    trusts = set(roles)
    closure = _Closure(profile, threshold, set(seeds) | trusts, graph)
    closure.run()
    blocked = {e for e, d in found.items() if d.status in ("listed", "caught")}
    parent: dict[str, Link] = {}
    queue = deque(sorted(trusts))
    while queue:  # breadth first from the trusts: the shortest path to each entity, in id order
        holder = queue.popleft()
        for link in sorted(graph.out.get(holder, ()), key=lambda x: (target_of(x), x.claim or "")):
            entity = target_of(link)
            if entity in parent or entity in trusts or entity in seeds or entity not in closure.reach:
                continue
            if link in closure.carried_by(entity):
                parent[entity] = link
                queue.append(entity)
    flagged: dict[str, Interest] = {}
    for entity in sorted((trusts | set(parent)) - blocked):
        path: list[Link] = []
        at = entity
        while at in parent:
            path.append(parent[at])
            at = source_of(parent[at])
        role = roles[at]
        flagged[entity] = Interest(entity, role.controller, at, (role, *reversed(path)))
    return flagged


@cache
def _rank(text: str, order: tuple[str, ...]) -> int:
    """The place of the first known phrase ``text`` contains; ``len(order)``: none (unrankable)."""
    lowered = text.lower()
    return next((i for i, known in enumerate(order) if known in lowered), len(order))


def _most_restrictive(texts: Iterable[str | None], order: tuple[str, ...]) -> tuple[str, ...]:
    """The texts of the most restrictive rank, and every text that matches no rank: two
    requirements kb cannot rank against each other are both kept (docs/rules.md, section 8).
    Texts equal but for case, spaces and a final full stop count once; order of first appearance."""
    distinct: dict[str, str] = {}
    for text in texts:
        if text and text.strip():
            distinct.setdefault(" ".join(text.lower().split()).rstrip("."), text)
    if not distinct:
        return ()
    ranks = {text: _rank(text, order) for text in distinct.values()}
    best = min(ranks.values())
    return tuple(text for text, rank in ranks.items() if rank == best or rank == len(order))


def inherit(profile: Profile, listings: Iterable[Listing]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The license requirements and review policies a caught affiliate inherits from its listed
    owners' listings: the most restrictive, plus any that cannot be ranked."""
    rows = list(listings)
    return (
        _most_restrictive((x.license_requirement for x in rows), profile.license_requirements),
        _most_restrictive((x.license_policy for x in rows), profile.license_policies),
    )
