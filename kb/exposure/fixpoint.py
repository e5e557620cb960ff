"""The least fixpoint of a regime's ownership rule, from its seeds, over a Subgraph.

Two sets grow together from the seeds until nothing changes: ``caught`` (the lower bounds of the
stakes caught owners hold reach the threshold) and ``reach`` (caught or possibly caught: the
upper bounds held by owners in ``reach`` would). A caught intermediary passes on its full stake,
one outside passes nothing, and nothing is ever multiplied along a chain (OFAC FAQ 401). Both
sets only grow and only from the seeds, so cycles end and never catch themselves. Outgoing links
are fetched only for entities that join ``reach``: the work is the size of the answer.

Regimes that do not aggregate (uk) run one fixpoint per designated person. See docs/rules.md.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, replace

from kb.exposure.model import Control, Determination, Link, Listing, Stake, Subgraph, target_of
from kb.exposure.profiles import Profile, Threshold

UNKNOWN = (0.0, 100.0)  # a stake known to exist, size unknown


@dataclass
class _Sums:
    basis: str | None
    low: float  # lower bounds held by caught owners
    high: float  # upper bounds held by owners caught or possibly caught


class _Closure:
    def __init__(self, profile: Profile, threshold: Threshold, group: set[str], graph: Subgraph) -> None:
        self.profile, self.threshold, self.group, self.graph = profile, threshold, group, graph
        self.caught = set(group)
        self.reach = set(group)
        self.incoming: dict[str, list[Link]] = {}
        self._carried: dict[str, list[Link]] = {}

    def run(self) -> None:
        frontier, pending = set(self.group), set[str]()
        while frontier or pending:
            if frontier:
                self.graph.expand(frontier)
                for owner in frontier:
                    for link in self.graph.out.get(owner, ()):
                        self.incoming.setdefault(target_of(link), []).append(link)
                        pending.add(target_of(link))
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

    def sums(self, entity: str) -> list[_Sums]:
        pairs: dict[tuple[str, str], list[Stake]] = {}
        for link in self.incoming.get(entity, ()):
            if isinstance(link, Stake) and link.basis in self.profile.bases and link.owner in self.reach:
                pairs.setdefault((link.basis, link.owner), []).append(link)
        totals = {basis: _Sums(basis, 0.0, 0.0) for basis in self.profile.bases}
        for (basis, owner), claims in pairs.items():
            low, high = pair_range(claims)
            totals[basis].high += high
            if owner in self.caught:
                totals[basis].low += low
        return list(totals.values())

    def judge(self, entity: str) -> tuple[bool, bool]:
        sums = self.sums(entity)
        caught = any(self.threshold.reached(s.low) for s in sums)
        possible = any(self.threshold.reached(s.high) for s in sums)
        for link in self.incoming.get(entity, ()):
            if isinstance(link, Control) and link.controller in self.reach:
                if link.basis in self.profile.control_catches:
                    caught = caught or link.controller in self.caught
                    possible = True
                elif link.basis in self.profile.control_possible:
                    possible = True
        return caught, possible

    def carried_by(self, entity: str) -> list[Link]:
        """The links from owners in reach that count under this profile (once the sets are final)."""
        if entity not in self._carried:
            self._carried[entity] = self._counted(entity)
        return self._carried[entity]

    def _counted(self, entity: str) -> list[Link]:
        counted: list[Link] = []
        for link in self.incoming.get(entity, ()):
            if isinstance(link, Stake):
                if link.basis in self.profile.bases and link.owner in self.reach:
                    counted.append(link)
            elif link.controller in self.reach and link.basis in (
                *self.profile.control_catches,
                *self.profile.control_possible,
            ):
                counted.append(link)
        return counted


def pair_range(claims: Iterable[Stake]) -> tuple[float, float]:
    """Claims of one pair from several sources are a range, never a sum."""
    sized = [c for c in claims if c.lo is not None and c.hi is not None]
    if not sized:
        return UNKNOWN
    return min(c.lo for c in sized if c.lo is not None), max(c.hi for c in sized if c.hi is not None)


def _owners_of(closure: _Closure) -> dict[str, set[str]]:
    """Which seeds of the group carry each entity: a caught one through caught holders and the
    links that catch; a possible one through any holder in reach (cycles included)."""
    owners = {seed: {seed} for seed in closure.group}
    catching = set(closure.profile.control_catches)
    caught = closure.caught - closure.group
    _spread(closure, owners, caught, closure.caught, catching)
    _spread(closure, owners, closure.reach - closure.caught, closure.reach, None)
    return owners


def _spread(
    closure: _Closure,
    owners: dict[str, set[str]],
    targets: set[str],
    holders: set[str],
    controls: set[str] | None,
) -> None:
    feeds: dict[str, list[str]] = {}
    for entity in targets:
        for link in closure.carried_by(entity):
            holder = link.owner if isinstance(link, Stake) else link.controller
            if holder in holders and (controls is None or isinstance(link, Stake) or link.basis in controls):
                feeds.setdefault(holder, []).append(entity)
    queue = deque(holder for holder in feeds if holder in owners)
    while queue:  # grow each target's set from its holders' until nothing grows
        holder = queue.popleft()
        for entity in feeds.get(holder, ()):
            known = owners.setdefault(entity, set())
            if not owners[holder] <= known:
                known |= owners[holder]
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
    if threshold is None or not profile.catches_affiliates(on):
        return found
    groups = [set(seeds)] if profile.aggregate else [{seed} for seed in sorted(seeds)]
    if not profile.aggregate and seeds:
        # Each designated person reaches a subset of what all of them reach together: fetch that
        # once, in a few large reads, instead of a few small reads per person.
        _Closure(profile, threshold, set(seeds), graph).run()
    best: dict[str, Determination] = {}
    for group in groups:
        if not group:
            continue
        closure = _Closure(profile, threshold, group, graph)
        closure.run()
        owners = _owners_of(closure)
        for entity in closure.reach - set(seeds):
            if profile.foreign_only and graph.country.get(entity) == "US":
                continue  # passes its stakes on, but is not itself caught (docs/rules.md, bis)
            candidate = _determination(profile, closure, entity, owners.get(entity, set()), seeds)
            best[entity] = _better(best.get(entity), candidate)
    return {**best, **found}


def _determination(
    profile: Profile, closure: _Closure, entity: str, owners: set[str], seeds: dict[str, list[Listing]]
) -> Determination:
    caught = entity in closure.caught
    every = closure.sums(entity)
    carrying = [s for s in every if closure.threshold.reached(s.low if caught else s.high)]
    sums = max(carrying or every, key=lambda s: (s.low, s.high))  # the basis that carries it, if any
    by_stake = closure.threshold.reached(sums.low if caught else sums.high)
    listings = tuple(listing for owner in sorted(owners) for listing in seeds.get(owner, ()))
    requirement, policy = inherit(profile, listings) if profile.name == "bis" else (None, None)
    return Determination(
        entity, profile.name, "caught" if caught else "possible", round(sums.low, 6), round(sums.high, 6),
        sums.basis, tuple(sorted(owners)), not by_stake, tuple(closure.carried_by(entity)), listings,
        requirement, policy,
    )  # fmt: skip


def _better(old: Determination | None, new: Determination) -> Determination:
    """Across designated persons (uk): the best status, its best figures, and every person that
    reaches that status alone."""
    if old is None:
        return new
    rank = {"caught": 2, "possible": 1}
    if rank[new.status] != rank[old.status]:
        return new if rank[new.status] > rank[old.status] else old

    def figures(d: Determination) -> tuple[float, float]:
        return d.pct_min or 0.0, d.pct_max or 0.0

    best = new if figures(new) > figures(old) else old
    return replace(best, listed_owners=tuple(sorted({*old.listed_owners, *new.listed_owners})))


def _rank(text: str | None, order: tuple[str, ...]) -> int:
    lowered = (text or "").lower()
    return next((i for i, known in enumerate(order) if known in lowered), len(order))


def inherit(profile: Profile, listings: Iterable[Listing]) -> tuple[str | None, str | None]:
    """The most restrictive license requirement and policy among the listed owners' listings."""
    rows = [x for x in listings if x.license_requirement or x.license_policy]
    if not rows:
        return None, None
    requirement = min(rows, key=lambda x: _rank(x.license_requirement, profile.license_requirements))
    policy = min(rows, key=lambda x: _rank(x.license_policy, profile.license_policies))
    return requirement.license_requirement, policy.license_policy
