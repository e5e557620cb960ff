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


Link = Stake | Control


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
    license_requirement: str | None = None  # inherited (bis)
    license_policy: str | None = None


def source_of(link: Link) -> str:
    return link.owner if isinstance(link, Stake) else link.controller


def target_of(link: Link) -> str:
    return link.owned if isinstance(link, Stake) else link.controlled


@dataclass
class Subgraph:
    """Outgoing links per entity, fetched on demand (``fetch``) or given up front."""

    fetch: Callable[[set[str]], Iterable[Link]] | None = None
    out: dict[str, list[Link]] = field(default_factory=dict)
    country: dict[str, str | None] = field(default_factory=dict)

    def expand(self, ids: set[str]) -> None:
        missing = {i for i in ids if i not in self.out}
        if not missing:
            return
        for i in missing:
            self.out[i] = []
        if self.fetch is not None:
            for link in self.fetch(missing):
                self.out.setdefault(source_of(link), []).append(link)

    def add(self, link: Link) -> None:
        self.out.setdefault(source_of(link), []).append(link)


def link_from_row(row: dict[str, Any]) -> Link:
    if row["type"] == "CONTROLS":
        return Control(row["owner"], row["owned"], row["basis"] or "other", row.get("source"),
                       row.get("claim"), row.get("start_date"), row.get("end_date"))  # fmt: skip
    pct, low, high = row.get("pct"), row.get("pct_min"), row.get("pct_max")
    lo, hi = (pct, pct) if pct is not None else (low, high)
    if lo is None and hi is not None:
        lo = 0.0
    if hi is None and lo is not None:
        hi = 100.0
    basis = "equity" if row.get("jv") else (row.get("basis") or "equity")
    return Stake(row["owner"], row["owned"], lo, hi, basis, bool(row.get("jv")), row.get("source"),
                 row.get("claim"), row.get("start_date"), row.get("end_date"))  # fmt: skip


def listing_from_row(row: dict[str, Any]) -> Listing:
    return Listing(row["entity"], row["list"], tuple(row.get("programs") or ()), row.get("start_date"),
                   row.get("end_date"), row.get("citation"), row.get("license_requirement"),
                   row.get("license_policy"), row.get("source"))  # fmt: skip
