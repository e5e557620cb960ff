"""Regime profiles: each legal regime's ownership rule as dated data, not code.

The profiles ship in ``kb/regimes/<name>.toml``; a file of the same name in
``$KB_HOME/regimes/`` replaces the shipped one (to record a new BIS suspension window, say). The
reading each profile encodes, with its sources, is in docs/rules.md.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from kb.errors import UsageError
from kb.paths import kb_home

SHIPPED = Path(__file__).resolve().parent.parent / "regimes"
REGIMES = ("ofac", "bis", "eu", "uk")
BASES = ("equity", "voting")


@dataclass(frozen=True)
class Threshold:
    start: dt.date
    end: dt.date | None
    pct: float
    inclusive: bool  # True: pct or more catches; False: more than pct

    def reached(self, value: float) -> bool:
        return value >= self.pct if self.inclusive else value > self.pct

    def describe(self) -> str:
        return f"{'>=' if self.inclusive else '>'} {self.pct:g}%"


@dataclass(frozen=True)
class Window:
    start: dt.date
    end: dt.date | None
    status: str  # active | suspended
    citation: str = ""


@dataclass(frozen=True)
class Profile:
    name: str
    title: str
    version: str
    citation: str
    seeds: tuple[str, ...]  # list codes
    aggregate: bool
    bases: tuple[str, ...]
    control_catches: tuple[str, ...]
    control_possible: tuple[str, ...]
    foreign_only: bool
    thresholds: tuple[Threshold, ...]
    windows: tuple[Window, ...] = ()
    seed_programs: dict[str, tuple[str, ...]] = field(default_factory=dict)  # list -> programs that seed
    license_policies: tuple[str, ...] = ()  # most restrictive first
    license_requirements: tuple[str, ...] = ()
    path: str = ""

    def threshold(self, on: dt.date) -> Threshold | None:
        """The threshold in force on ``on``; None before the rule existed."""
        return next((t for t in self.thresholds if _within(on, t.start, t.end)), None)

    def window(self, on: dt.date) -> Window | None:
        return next((w for w in self.windows if _within(on, w.start, w.end)), None)

    def catches_affiliates(self, on: dt.date) -> bool:
        """False while the rule is suspended or not yet in force: only listed parties count then."""
        if self.threshold(on) is None:
            return False
        window = self.window(on)
        return window.status == "active" if self.windows and window else not self.windows

    def seeds_listing(self, code: str, programs: list[str]) -> bool:
        if code not in self.seeds:
            return False
        wanted = self.seed_programs.get(code)
        return wanted is None or any(p.upper() in wanted for p in programs)


def _within(on: dt.date, start: dt.date, end: dt.date | None) -> bool:
    return start <= on and (end is None or on < end)


def _date(raw: Any, where: str) -> dt.date:
    if isinstance(raw, dt.date):
        return raw
    raise UsageError(f"{where}: expected a date (YYYY-MM-DD without quotes), got {raw!r}")


def parse(path: Path) -> Profile:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"{path}: not a readable regime profile: {exc}") from None
    try:
        thresholds = tuple(
            Threshold(
                _date(t["from"], f"{path} thresholds"), t.get("to"), float(t["pct"]), bool(t["inclusive"])
            )
            for t in raw["thresholds"]
        )
        windows = tuple(
            Window(
                _date(w["from"], f"{path} windows"), w.get("to"), str(w["status"]), str(w.get("citation", ""))
            )
            for w in raw.get("windows", [])
        )
        licence = raw.get("license", {})
        profile = Profile(
            name=str(raw["name"]), title=str(raw["title"]), version=str(raw["version"]),
            citation=str(raw.get("citation", "")), seeds=tuple(raw["seeds"]), aggregate=raw["aggregate"],
            bases=tuple(raw["bases"]), control_catches=tuple(raw.get("control_catches", ())),
            control_possible=tuple(raw.get("control_possible", ())), foreign_only=bool(raw["foreign_only"]),
            thresholds=thresholds, windows=windows,
            seed_programs={k: tuple(p.upper() for p in v) for k, v in raw.get("seed_programs", {}).items()},
            license_policies=tuple(p.lower() for p in licence.get("policies", ())),
            license_requirements=tuple(r.lower() for r in licence.get("requirements", ())),
            path=str(path),
        )  # fmt: skip
    except (KeyError, TypeError, ValueError) as exc:
        raise UsageError(f"{path}: bad regime profile: {type(exc).__name__} {exc}") from None
    if bad := [b for b in profile.bases if b not in BASES]:
        raise UsageError(f"{path}: unknown stake basis {bad[0]!r} (known: {', '.join(BASES)})")
    if bad_status := [w.status for w in windows if w.status not in ("active", "suspended")]:
        raise UsageError(f"{path}: window status {bad_status[0]!r} is not active or suspended")
    return profile


@cache
def _load(name: str, override_dir: str) -> Profile:
    override = Path(override_dir) / f"{name}.toml"
    return parse(override if override.exists() else SHIPPED / f"{name}.toml")


def load(name: str) -> Profile:
    """The profile of ``name``: the user's override if there is one, else the shipped one."""
    if name not in REGIMES:
        raise UsageError(f"unknown regime {name!r} (known: {', '.join(REGIMES)})")
    return _load(name, str(kb_home() / "regimes"))


def load_all(names: tuple[str, ...] | list[str] = REGIMES) -> list[Profile]:
    return [load(name) for name in names]
