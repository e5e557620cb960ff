"""The facts the exposure rules read, as plain values, and what they conclude."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Stake:
    """One source's claim of a direct stake; lo/hi None means its size is unknown."""

    owner: str
    owned: str
    lo: float | None
    hi: float | None
    basis: str
    jv: bool = False
    source: str | None = None
    claim: str | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None

    @property
    def sized(self) -> bool:
        return self.lo is not None and self.hi is not None


@dataclass(frozen=True)
class Control:
    controller: str
    controlled: str
    basis: str
    source: str | None = None
    claim: str | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None


@dataclass(frozen=True)
class TrustRole(Control):
    """A party's role in a trust (``controller`` the party, ``controlled`` the trust; ``basis`` is
    the role). It acts as a control link whose effect the profile's trust rules decide
    (:func:`kb.exposure.fixpoint.control_effect`, docs/rules.md section 3.2)."""

    role: str = ""  # settlor | trustee | protector | beneficiary
    powers: tuple[str, ...] = ()  # kept over the trust's assets or trustee; ("none",): none; (): unknown

    @property
    def kept(self) -> tuple[str, ...]:
        """The powers the party is recorded to keep (not ``none``)."""
        return tuple(p for p in self.powers if p != "none")


Link = Stake | Control  # a TrustRole is a Control


@dataclass(frozen=True)
class Listing:
    entity: str
    list: str
    programs: tuple[str, ...] = ()
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    citation: str | None = None
    license_requirement: str | None = None
    license_policy: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class Determination:
    entity: str
    regime: str
    status: str  # listed | caught | possible
    pct_min: float | None = None  # lower bounds held by caught owners (the basis that counts most)
    pct_max: float | None = None  # upper bounds held by caught or possibly caught owners
    basis: str | None = None
    listed_owners: tuple[str, ...] = ()
    via_control: bool = False
    evidence: tuple[Link, ...] = ()  # the direct stakes and control links that carry it
    listings: tuple[Listing, ...] = ()  # its own listings (listed) or its listed owners' (caught)
    license_requirements: tuple[str, ...] = ()  # inherited (bis): the most restrictive, and any
    license_policies: tuple[str, ...] = ()  # that cannot be ranked (docs/rules.md, section 8)


def source_of(link: Link) -> str:
    return link.owner if isinstance(link, Stake) else link.controller


def target_of(link: Link) -> str:
    return link.owned if isinstance(link, Stake) else link.controlled


Range = tuple[float, float]
UNKNOWN: Range = (0.0, 100.0)  # a stake known to exist, size unknown


@dataclass
class Subgraph:
    """Links fetched on demand (``fetch``) or given up front, indexed as they arrive: outgoing per
    holder, incoming (and control links alone) per target, and per target the range of each
    (basis, owner) pair, so that a fixpoint, or several (one per regime or designated person),
    never regroups them."""

    fetch: Callable[[set[str]], Iterable[Link]] | None = None
    out: dict[str, list[Link]] = field(default_factory=dict)
    incoming: dict[str, list[Link]] = field(default_factory=dict)
    controls_in: dict[str, list[Control]] = field(default_factory=dict)
    # per target, (basis, owner) -> (low, high, sized): 0-100 and not sized until a sized claim comes
    pairs: dict[str, dict[tuple[str, str], tuple[float, float, bool]]] = field(default_factory=dict)
    country: dict[str, str | None] = field(default_factory=dict)
    # regime -> entity -> the rebuttal in force (kb rebut): its holders' presumed control is set aside
    rebutted: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)

    def expand(self, ids: set[str]) -> None:
        missing = {i for i in ids if i not in self.out}
        if not missing:
            return
        for i in missing:
            self.out[i] = []
        if self.fetch is not None:
            for link in self.fetch(missing):
                self.add(link)

    def add(self, link: Link) -> None:
        if isinstance(link, Control):
            self.out.setdefault(link.controller, []).append(link)
            self.incoming.setdefault(link.controlled, []).append(link)
            self.controls_in.setdefault(link.controlled, []).append(link)
            return
        owner, owned, lo, hi = link.owner, link.owned, link.lo, link.hi
        self.out.setdefault(owner, []).append(link)
        self.incoming.setdefault(owned, []).append(link)
        pairs = self.pairs.setdefault(owned, {})
        key = (link.basis, owner)
        known = pairs.get(key)
        if lo is None or hi is None:
            if known is None:
                pairs[key] = (*UNKNOWN, False)
        elif known is None or not known[2]:
            pairs[key] = (lo, hi, True)
        else:  # claims of one pair from several sources are a range, never a sum
            pairs[key] = (min(known[0], lo), max(known[1], hi), True)


def _day(value: Any) -> dt.date | None:
    """Link queries send dates as ISO text: far cheaper to decode than Bolt date values."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def link_from_row(row: dict[str, Any]) -> Link:
    start, end = _day(row.get("start_date")), _day(row.get("end_date"))
    if row["type"] == "TRUST_ROLE":
        role = row.get("role") or ""
        return TrustRole(row["owner"], row["owned"], role, row.get("source"), row.get("claim"), start, end,
                         role, tuple(row.get("powers") or ()))  # fmt: skip
    if row["type"] == "CONTROLS":
        return Control(row["owner"], row["owned"], row["basis"] or "other", row.get("source"),
                       row.get("claim"), start, end)  # fmt: skip
    pct, low, high = row.get("pct"), row.get("pct_min"), row.get("pct_max")
    lo, hi = (pct, pct) if pct is not None else (low, high)
    if lo is None and hi is not None:
        lo = 0.0
    if hi is None and lo is not None:
        hi = 100.0
    basis = "equity" if row.get("jv") else (row.get("basis") or "equity")
    return Stake(row["owner"], row["owned"], lo, hi, basis, bool(row.get("jv")), row.get("source"),
                 row.get("claim"), start, end)  # fmt: skip


def listing_from_row(row: dict[str, Any]) -> Listing:
    return Listing(row["entity"], row["list"], tuple(row.get("programs") or ()), row.get("start_date"),
                   row.get("end_date"), row.get("citation"), row.get("license_requirement"),
                   row.get("license_policy"), row.get("source"))  # fmt: skip
