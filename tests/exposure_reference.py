"""An independent, in-memory reference for kb's exposure rules, to test the Neo4j engine against.

It reads plain rows (the rows the tests write into a bundle), never Neo4j, and it iterates
naively: every round looks again at every entity the current members hold or control, until a
round adds nothing. It is meant to be obviously right, not fast (though it must finish on the
benchmark's million entities). :func:`bundle_files` writes the same rows as bundle folders.

What it computes, for one profile P and one date ``on`` (docs/rules.md is the legal reading):

1. **Validity.** A row counts when ``start <= on < end`` (a missing start or end is open).
2. **Seeds** are the entities with a valid listing for which ``P.seeds_listing(list, programs)``.
   Each is reported ``listed`` with ``pct_min = pct_max = None`` and ``listed_owners = ()``.
   If ``not P.catches_affiliates(on)`` only the seeds are reported.
3. **Stakes.** Valid, non-derived ``ownership.csv`` rows whose basis is in ``P.bases``, plus valid
   ``jvs.csv`` rows (basis equity). A claim is *sized* when it gives pct, pct_min or pct_max:
   ``pct`` is [pct, pct]; a range is [pct_min, pct_max], a missing pct_min counting 0 and a
   missing pct_max 100. Per (owner, owned, basis) the claims form one interval
   [min of the sized lows, max of the sized highs]; with no sized claim, [0, 100]. Any valid
   claim, sized or not, makes the owner a *stake holder* of the owned entity on that basis.
   Nothing is normalised (sums above 100 stay as they are).
4. **Control.** Valid ``control.csv`` rows. "Catching" bases are ``P.control_catches``;
   "possible" bases are ``P.control_catches + P.control_possible``.
5. **Aggregate regimes** (the threshold in force on ``on`` aggregates). With ``L_b(t, S)`` = sum of the lows of the stakes held
   in t on basis b by members of S and ``U_b(t, S)`` the same with highs:
   - C (caught) is the least set containing the seeds and every t for which some basis b has
     ``reached(L_b(t, C))`` or ``reached_alone(l)`` for the low l of one member of C's stake, or a
     member of C controls t on a catching basis;
   - Q (caught or possible) is the least set containing the seeds and every t for which some b has
     ``reached(U_b(t, Q))`` or ``reached_alone(u)`` for the high u of one member of Q's stake, or a
     member of Q controls t on a possible basis, or (only when ``P.below_threshold_possible``)
     ``U_b(t, Q) > 0``. C is a subset of Q.
   Both are computed from the seeds by rounds until nothing is added; a round looks again at
   every entity in which some member holds a stake or which some member controls (no other
   entity can join: its sums are 0 and no member controls it).
   A non-seed t in C is ``caught``; one in Q but not C is ``possible``; the others are clear.
6. **UK**, and OFAC before 2014-08-13 (the threshold does not aggregate). For every seed D separately: C_D and Q_D as in 5 but starting
   from {D} alone (other seeds count for D only once they are themselves caught / possible for
   D). t's status is the best over all D (caught > possible); ``listed_owners`` are the D's that
   give that status.
7. **foreign_only** (BIS). The sets C and Q include US entities (so they pass their stakes on),
   but a non-seed entity whose country is ``US`` is left out of the answer. A missing country is
   foreign.
8. **pct_min / pct_max** of a caught (possible) entity t. Candidate bases are those where
   stakes catch t as in 5 (for possible: could catch it); if none (t got its status
   from control alone), every basis in ``P.bases`` is a candidate. Each candidate gives the pair
   ``(L_b(t, C), U_b(t, Q))``; the answer is the largest pair, comparing pct_min first and pct_max
   second. For UK the candidates are the (D, b) with D giving the best status, and the sums use
   C_D and Q_D. A candidate with no stake holders gives (0, 0).
9. **listed_owners** (aggregate regimes). The *contributing owners* of a caught t are the members
   of C holding any stake in t (any basis in ``P.bases``, any size, even 0) or controlling t on a
   catching basis; those of a possible t are the members of Q holding any stake in t or
   controlling it on a possible basis. ``LO(t)`` is the union over contributing owners o of {o}
   if o is a seed, else ``LO(o)`` (o's own reported set: caught-level if o is in C, else
   possible-level). It is the least solution, computed by rounds: first for C, then for Q - C.
   Reported sorted.
10. **Rebuttals** (``kb rebut``). A rebutted t joins C or Q by control only: its stakes reach
   nothing (items 5 and 8 treat every basis as not reached for it).
11. **Trust roles** (``trust_roles.csv``, CJEU C-483/23). A valid row (party, trust, role, powers)
   is a control of the trust by the party: a catching one when the role is in
   ``P.trust_catches`` and a power other than ``none`` is recorded; none at all when the role is in
   ``P.trust_catches`` and ``none`` is recorded; else a possible one when the role is in
   ``P.trust_possible``; else nothing. Items 4-9 then treat it as any control.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from kb.exposure.profiles import Profile

# ---------------------------------------------------------------------------------------------
# Rows


@dataclass(frozen=True)
class EntityRow:
    id: str
    country: str | None = None
    kind: str = "company"


@dataclass(frozen=True)
class StakeRow:
    owner: str
    owned: str
    pct: float | None = None
    pct_min: float | None = None
    pct_max: float | None = None
    basis: str = "equity"
    start: dt.date | None = None
    end: dt.date | None = None
    derived: bool = False


@dataclass(frozen=True)
class JvRow:
    jv: str
    partner: str
    pct: float | None = None
    pct_min: float | None = None
    pct_max: float | None = None
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass(frozen=True)
class ControlRow:
    controller: str
    controlled: str
    basis: str
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass(frozen=True)
class TrustRoleRow:
    party: str
    trust: str
    role: str  # settlor | trustee | protector | beneficiary
    powers: tuple[str, ...] = ()  # ("none",): recorded none; (): not known
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass(frozen=True)
class ListingRow:
    entity: str
    list: str
    programs: tuple[str, ...] = ()
    start: dt.date | None = None
    end: dt.date | None = None
    requirement: str = ""  # license_requirement (BIS)
    policy: str = ""  # license_policy (BIS)


@dataclass(frozen=True)
class Graph:
    entities: tuple[EntityRow, ...]
    stakes: tuple[StakeRow, ...] = ()
    jvs: tuple[JvRow, ...] = ()
    controls: tuple[ControlRow, ...] = ()
    listings: tuple[ListingRow, ...] = ()
    trust_roles: tuple[TrustRoleRow, ...] = ()


@dataclass(frozen=True)
class Answer:
    status: str  # listed | caught | possible
    pct_min: float | None = None
    pct_max: float | None = None
    listed_owners: tuple[str, ...] = ()


# ---------------------------------------------------------------------------------------------
# The rules


def valid(start: dt.date | None, end: dt.date | None, on: dt.date) -> bool:
    return (start is None or start <= on) and (end is None or on < end)


Interval = tuple[float, float]
Stakes = dict[str, dict[str, dict[str, Interval]]]  # basis -> owned -> owner -> (low, high)


def _interval(pct: float | None, low: float | None, high: float | None) -> Interval | None:
    if pct is not None:
        return (pct, pct)
    if low is None and high is None:
        return None
    return (0.0 if low is None else low, 100.0 if high is None else high)


def stakes_on(graph: Graph, bases: Iterable[str], on: dt.date) -> Stakes:
    claims: dict[tuple[str, str, str], list[Interval | None]] = defaultdict(list)
    for s in graph.stakes:
        if not s.derived and s.basis in bases and valid(s.start, s.end, on):
            claims[(s.basis, s.owned, s.owner)].append(_interval(s.pct, s.pct_min, s.pct_max))
    if "equity" in bases:
        for j in graph.jvs:
            if valid(j.start, j.end, on):
                claims[("equity", j.jv, j.partner)].append(_interval(j.pct, j.pct_min, j.pct_max))
    out: Stakes = {b: defaultdict(dict) for b in bases}
    for (basis, owned, owner), found in claims.items():
        sized = [c for c in found if c is not None]
        out[basis][owned][owner] = (
            (min(c[0] for c in sized), max(c[1] for c in sized)) if sized else (0.0, 100.0)
        )
    return out


@dataclass
class _Rules:
    profile: Profile
    on: dt.date
    entities: list[str]
    stakes: Stakes
    controls: list[tuple[str, str, str]]  # controller, controlled, basis
    rebutted: frozenset[str] = frozenset()  # entities whose stakes catch nothing (item 10)

    @property
    def catching(self) -> set[str]:
        return set(self.profile.control_catches) | {TRUST_CATCHES}

    @property
    def possible_bases(self) -> set[str]:
        return set(self.profile.control_catches) | set(self.profile.control_possible) | TRUST_BASES

    def reached(self, value: float) -> bool:
        threshold = self.profile.threshold(self.on)
        assert threshold is not None
        return threshold.reached(value)

    def total(self, t: str, basis: str, members: set[str], bound: int) -> float:
        return sum((iv[bound] for o, iv in self.stakes[basis].get(t, {}).items() if o in members), 0.0)

    def controls_of(self, t: str) -> list[tuple[str, str, str]]:
        """The control links onto ``t`` (indexed once: the benchmark runs this on a million entities)."""
        if not hasattr(self, "_onto"):
            onto: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
            for link in self.controls:
                onto[link[1]].append(link)
            self._onto = onto
        return self._onto.get(t, [])

    def alone(self, t: str, basis: str, members: set[str], bound: int) -> bool:
        """One member's stake reaches the threshold by itself (item 5)."""
        threshold = self.profile.threshold(self.on)
        assert threshold is not None
        return any(
            threshold.reached_alone(iv[bound])
            for o, iv in self.stakes[basis].get(t, {}).items()
            if o in members
        )

    def by_stakes(self, t: str, basis: str, members: set[str], bound: int) -> bool:
        if t in self.rebutted:
            return False
        return self.reached(self.total(t, basis, members, bound)) or self.alone(t, basis, members, bound)

    def joins(self, t: str, members: set[str], bound: int, control_bases: set[str]) -> bool:
        if any(self.by_stakes(t, b, members, bound) for b in self.profile.bases):
            return True
        below = bound == 1 and self.profile.below_threshold_possible and t not in self.rebutted  # dod805
        if below and any(self.total(t, b, members, 1) > 0 for b in self.profile.bases):
            return True
        return any(c in members and basis in control_bases for c, _, basis in self.controls_of(t))

    def held_by(self, holder: str) -> set[str]:
        """Every entity ``holder`` holds a stake in (any basis counted) or controls."""
        if not hasattr(self, "_held"):
            held: dict[str, set[str]] = defaultdict(set)
            for basis in self.profile.bases:
                for owned, owners in self.stakes[basis].items():
                    for owner in owners:
                        held[owner].add(owned)
            for controller, controlled, _ in self.controls:
                held[controller].add(controlled)
            self._held = held
        return self._held.get(holder, set())

    def grow(self, start: set[str], bound: int, control_bases: set[str]) -> set[str]:
        """The least fixpoint: rounds over every entity the members hold, until one adds nothing."""
        members = set(start)
        while True:
            candidates = {t for m in members for t in self.held_by(m)} - members
            added = {t for t in candidates if self.joins(t, members, bound, control_bases)}
            if not added:
                return members
            members |= added

    def contributors(self, t: str, members: set[str], control_bases: set[str]) -> set[str]:
        holders = {o for b in self.profile.bases for o in self.stakes[b].get(t, {}) if o in members}
        return holders | {c for c, _, basis in self.controls_of(t) if c in members and basis in control_bases}

    def figures(self, t: str, caught: set[str], possible: set[str], status: str) -> list[Interval]:
        """(pct_min, pct_max) of every candidate basis (item 8 of the module docstring)."""
        pairs = [(b, self.total(t, b, caught, 0), self.total(t, b, possible, 1)) for b in self.profile.bases]
        members, bound = (caught, 0) if status == "caught" else (possible, 1)
        chosen = [(lo, hi) for b, lo, hi in pairs if self.by_stakes(t, b, members, bound)]
        return chosen or [(lo, hi) for _, lo, hi in pairs]


TRUST_CATCHES, TRUST_POSSIBLE = "trust role: catches", "trust role: possible"  # no control basis
TRUST_BASES = {TRUST_CATCHES, TRUST_POSSIBLE}


def trust_controls(graph: Graph, profile: Profile, on: dt.date) -> list[tuple[str, str, str]]:
    """The valid trust roles as controls (item 11), each with one of the two bases above."""
    out = []
    for row in graph.trust_roles:
        if not valid(row.start, row.end, on):
            continue
        kept = [p for p in row.powers if p != "none"]
        if row.role in profile.trust_catches and kept:
            out.append((row.party, row.trust, TRUST_CATCHES))
        elif row.role in profile.trust_catches and "none" in row.powers:
            continue
        elif row.role in profile.trust_possible:
            out.append((row.party, row.trust, TRUST_POSSIBLE))
    return out


def seeds_on(graph: Graph, profile: Profile, on: dt.date) -> set[str]:
    return {
        row.entity
        for row in graph.listings
        if valid(row.start, row.end, on) and profile.seeds_listing(row.list, list(row.programs))
    }


def reference(
    graph: Graph, profile: Profile, on: dt.date, rebutted: frozenset[str] = frozenset()
) -> dict[str, Answer]:
    """Every listed, caught or possible entity under ``profile`` on ``on`` (clear ones absent);
    ``rebutted``: the entities a rebuttal in force covers under ``profile`` (item 10)."""
    seeds = seeds_on(graph, profile, on)
    out = {s: Answer("listed") for s in sorted(seeds)}
    if not profile.catches_affiliates(on):
        return out
    rules = _Rules(
        profile,
        on,
        sorted({e.id for e in graph.entities}),
        stakes_on(graph, profile.bases, on),
        [(c.controller, c.controlled, c.basis) for c in graph.controls if valid(c.start, c.end, on)]
        + trust_controls(graph, profile, on),
        rebutted,
    )
    foreign = {e.id: e.country != "US" for e in graph.entities}

    def reported(t: str) -> bool:
        return t not in seeds and (foreign.get(t, True) or not profile.foreign_only)

    threshold = profile.threshold(on)
    assert threshold is not None
    if threshold.aggregate:
        caught = rules.grow(seeds, 0, rules.catching)
        possible = rules.grow(seeds, 1, rules.possible_bases)
        assert caught <= possible
        owners = _listed_owners(rules, seeds, caught, possible)
        for t in sorted(possible):
            if reported(t):
                status = "caught" if t in caught else "possible"
                lo, hi = max(rules.figures(t, caught, possible, status))
                out[t] = Answer(status, lo, hi, tuple(sorted(owners[t])))
        return out

    per_seed = {
        d: (rules.grow({d}, 0, rules.catching), rules.grow({d}, 1, rules.possible_bases)) for d in seeds
    }
    reaching: dict[tuple[str, int], list[str]] = defaultdict(list)  # (t, 0 caught | 1 possible) -> D's
    for d, sets in sorted(per_seed.items()):
        for index in (0, 1):
            for t in sets[index]:
                reaching[(t, index)].append(d)
    for t in rules.entities:
        if not reported(t):
            continue
        for status, index in (("caught", 0), ("possible", 1)):
            ds = reaching.get((t, index), [])
            if ds:
                figures = [f for d in ds for f in rules.figures(t, *per_seed[d], status)]
                lo, hi = max(figures)
                out[t] = Answer(status, lo, hi, tuple(ds))
                break
    return out


def _listed_owners(
    rules: _Rules, seeds: set[str], caught: set[str], possible: set[str]
) -> dict[str, set[str]]:
    owners: dict[str, set[str]] = {t: set() for t in possible}
    for members, counted, bases in (
        (caught, caught, rules.catching),
        (possible - caught, possible, rules.possible_bases),
    ):
        changed = True
        while changed:
            changed = False
            for t in sorted(members - seeds):
                found: set[str] = set()
                for o in rules.contributors(t, counted, bases):
                    found |= {o} if o in seeds else owners[o]
                if found != owners[t]:
                    owners[t] = found
                    changed = True
    return owners


# ---------------------------------------------------------------------------------------------
# Comparing with the engine


def differences(engine: Mapping[str, object], expected: Mapping[str, Answer], tol: float = 1e-6) -> list[str]:
    """Readable differences between the engine's determinations and the reference's answers."""

    def close(a: float | None, b: float | None) -> bool:
        return (a is None and b is None) or (
            a is not None and b is not None and math.isclose(a, b, abs_tol=tol)
        )

    out = []
    for entity in sorted(set(engine) | set(expected)):
        got, want = engine.get(entity), expected.get(entity)
        if got is None or want is None:
            shown = answer_of(got) if got is not None else None
            out.append(f"{entity}: engine {shown}, reference {want}")
            continue
        mine = answer_of(got)
        if (
            mine.status != want.status
            or not close(mine.pct_min, want.pct_min)
            or not close(mine.pct_max, want.pct_max)
            or mine.listed_owners != want.listed_owners
        ):
            out.append(f"{entity}: engine {mine}, reference {want}")
    return out


def answer_of(determination: object) -> Answer:
    def number(name: str) -> float | None:
        value = getattr(determination, name)
        return None if value is None else float(value)

    return Answer(
        str(getattr(determination, "status")),  # noqa: B009 - typed object: the reference imports no engine type
        number("pct_min"),
        number("pct_max"),
        tuple(getattr(determination, "listed_owners")),  # noqa: B009 - as above
    )


# ---------------------------------------------------------------------------------------------
# The rows as bundle folders


@dataclass
class _Folder:
    keys: set[tuple[object, ...]] = field(default_factory=set)
    files: dict[str, list[list[str]]] = field(default_factory=dict)


def _day(value: dt.date | None) -> str:
    return "" if value is None else value.isoformat()


def _num(value: float | None) -> str:
    return "" if value is None else format(value, "g")


HEADERS = {
    "entities": ["id", "name", "kind", "country"],
    "ownership": [
        "owner_id",
        "owned_id",
        "pct",
        "pct_min",
        "pct_max",
        "basis",
        "start_date",
        "end_date",
        "derived",
    ],
    "jvs": ["jv_id", "partner_id", "pct", "pct_min", "pct_max", "start_date", "end_date"],
    "control": ["controller_id", "controlled_id", "basis", "start_date", "end_date"],
    "trust_roles": ["party_id", "trust_id", "role", "powers", "start_date", "end_date"],
    "listings": [
        "entity_id",
        "list",
        "programs",
        "start_date",
        "end_date",
        "license_requirement",
        "license_policy",
    ],
}


def bundle_files(graph: Graph) -> list[dict[str, str]]:
    """The rows as bundle folders, each {file stem: CSV text}, to load in order.

    A bundle holds one claim per (folder, kind, parties, basis, derived, start date); a row whose
    claim is taken in the first folder goes to the next one (another source), which has an
    entities.csv of just its header and refers to the first folder's entities. A row equal to one
    already written is left out (it could change no answer).
    """
    folders: list[_Folder] = []

    def put(file: str, key: tuple[object, ...], cells: list[str]) -> None:
        if any(cells in folder.files.get(file, []) for folder in folders):
            return  # the very same row again says nothing new
        for folder in folders:
            if key not in folder.keys:
                break
        else:
            folder = _Folder()
            folders.append(folder)
        folder.keys.add(key)
        folder.files.setdefault(file, []).append(cells)

    put("entities", ("entities",), [])  # the first folder holds the entities
    first = folders[0]
    first.files["entities"] = [[e.id, f"Entity {e.id}", e.kind, e.country or ""] for e in graph.entities]
    for s in graph.stakes:
        put("ownership", ("s", s.owner, s.owned, s.basis, s.derived, s.start),
            [s.owner, s.owned, _num(s.pct), _num(s.pct_min), _num(s.pct_max), s.basis, _day(s.start),
             _day(s.end), "true" if s.derived else "false"])  # fmt: skip
    for j in graph.jvs:
        put("jvs", ("j", j.partner, j.jv, j.start),
            [j.jv, j.partner, _num(j.pct), _num(j.pct_min), _num(j.pct_max), _day(j.start), _day(j.end)])  # fmt: skip
    for c in graph.controls:
        put("control", ("c", c.controller, c.controlled, c.basis, c.start),
            [c.controller, c.controlled, c.basis, _day(c.start), _day(c.end)])  # fmt: skip
    for t in graph.trust_roles:
        put("trust_roles", ("t", t.party, t.trust, t.role, t.start),
            [t.party, t.trust, t.role, "|".join(t.powers), _day(t.start), _day(t.end)])  # fmt: skip
    for li in graph.listings:
        put("listings", ("l", li.entity, li.list, li.start),
            [li.entity, li.list, "|".join(li.programs), _day(li.start), _day(li.end), li.requirement,
             li.policy])  # fmt: skip
    out = []
    for folder in folders:
        texts = {}
        for stem, header in HEADERS.items():
            if stem == "entities" or folder.files.get(stem):
                buffer = io.StringIO()
                writer = csv.writer(buffer, lineterminator="\n")
                writer.writerow(header)
                writer.writerows(folder.files.get(stem, []))
                texts[stem] = buffer.getvalue()
        out.append(texts)
    return out
