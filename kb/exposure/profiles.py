"""Regime profiles: each legal regime's ownership rule as dated data, not code.

The profiles ship in ``kb/regimes/<name>.toml``; a file of the same name in
``$KB_HOME/regimes/`` replaces the shipped one (to record a new BIS suspension window, say). The
reading each profile encodes, with its sources, is in docs/rules.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from pydantic import ValidationError

from kb.errors import UsageError
from kb.exposure.profile_schema import ProfileSpec, one_line
from kb.paths import kb_home
from kb.schema import REGIMES

SHIPPED = Path(__file__).resolve().parent.parent / "regimes"
__all__ = ["Profile", "Threshold", "Window", "load", "load_all", "parse"]


@dataclass(frozen=True)
class Threshold:
    start: dt.date
    end: dt.date | None
    pct: float
    inclusive: bool  # True: pct or more catches; False: more than pct
    aggregate: bool = True  # stakes of different listed owners add up
    citation: str = ""
    one_holder_inclusive: bool = False  # one holder's pct or more catches even if several need more

    def reached(self, value: float) -> bool:
        return value >= self.pct if self.inclusive else value > self.pct

    def reached_alone(self, value: float) -> bool:
        """Whether one holder's stake catches by itself (the sum of several may need more)."""
        return value >= self.pct if self.inclusive or self.one_holder_inclusive else value > self.pct

    def describe(self) -> str:
        alone = f" (one holder: >= {self.pct:g}%)" if self.one_holder_inclusive and not self.inclusive else ""
        return f"{'>=' if self.inclusive else '>'} {self.pct:g}%{alone}"

    def summary(self) -> str:
        added = "aggregated" if self.aggregate else "not aggregated"
        cited = f" ({self.citation})" if self.citation else ""
        return f"[{self.start}, {self.end or 'open'}): {self.describe()}, {added}{cited}"


@dataclass(frozen=True)
class Window:
    start: dt.date
    end: dt.date | None
    status: str  # active | suspended
    citation: str = ""
    confirmed: bool = False  # checked against the Federal Register (or official journal)

    def describe(self) -> str:
        checked = "confirmed" if self.confirmed else "NOT CONFIRMED against the Federal Register"
        return f"[{self.start}, {self.end or 'open'}): {self.status}, {checked} ({self.citation})"


@dataclass(frozen=True)
class Profile:
    name: str
    title: str
    version: str
    citation: str
    seeds: tuple[str, ...]  # list codes
    bases: tuple[str, ...]
    control_catches: tuple[str, ...]
    control_possible: tuple[str, ...]
    foreign_only: bool
    thresholds: tuple[Threshold, ...]
    windows: tuple[Window, ...] = ()
    seed_programs: dict[str, tuple[str, ...]] = field(default_factory=dict)  # list -> programs that seed
    license_inherit: bool = False  # caught affiliates inherit their listed owners' license terms
    license_policies: tuple[str, ...] = ()  # most restrictive first
    license_requirements: tuple[str, ...] = ()
    rebuttable: bool = False  # `kb rebut` may set an owner's presumed control aside (eu)
    # A stake below the threshold, held by a listed, caught or possibly caught owner, makes its
    # target possible: the rule turns on control, which a minority stake may carry (dod805).
    below_threshold_possible: bool = False
    trust_catches: tuple[str, ...] = ()  # trust roles that, with a recorded power, catch the trust
    trust_possible: tuple[str, ...] = ()  # trust roles that give possible (docs/rules.md, 3.2)
    interest_roles: tuple[str, ...] = ()  # trust roles flagged as an interest in property (ofac)
    path: str = ""
    digest: str = ""  # of the file's bytes: marks derived under another content are not fresh

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

    def unconfirmed_window(self, on: dt.date) -> Window | None:
        """The window in force on ``on`` when its status has not been checked against the
        official text (a suspension that ends "unless extended", say): the answer rests on it."""
        window = self.window(on)
        return window if window is not None and not window.confirmed else None

    def seeds_listing(self, code: str, programs: list[str]) -> bool:
        if code not in self.seeds:
            return False
        wanted = self.seed_programs.get(code)
        return wanted is None or any(p.upper() in wanted for p in programs)


def _within(on: dt.date, start: dt.date, end: dt.date | None) -> bool:
    return start <= on and (end is None or on < end)


def parse(path: Path) -> Profile:
    """Read and check one profile file; any problem is one line naming the file and the key."""
    try:
        data = path.read_bytes()
        raw = tomllib.loads(data.decode("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"{path}: not a readable regime profile: {exc}") from None
    try:
        spec = ProfileSpec.model_validate(raw)
    except ValidationError as exc:
        raise UsageError(f"{path}: {one_line(exc)}") from None
    if spec.name != path.stem:
        raise UsageError(f"{path}: name: {spec.name!r} must be the file's name ({path.stem!r})")
    thresholds = tuple(
        Threshold(t.start, t.end, t.pct, t.inclusive, spec.aggregate if t.aggregate is None else t.aggregate,
                  t.citation, t.one_holder_inclusive)
        for t in spec.thresholds
    )  # fmt: skip
    return Profile(
        name=spec.name, title=spec.title, version=spec.version, citation=spec.citation,
        seeds=tuple(spec.seeds), bases=tuple(spec.bases), control_catches=tuple(spec.control_catches),
        control_possible=tuple(spec.control_possible), foreign_only=spec.foreign_only, thresholds=thresholds,
        windows=tuple(Window(w.start, w.end, w.status, w.citation, w.confirmed) for w in spec.windows),
        seed_programs={k: tuple(p.upper() for p in v) for k, v in spec.seed_programs.items()},
        license_inherit=spec.license.inherit,
        license_policies=tuple(p.lower() for p in spec.license.policies),
        license_requirements=tuple(r.lower() for r in spec.license.requirements),
        rebuttable=spec.rebuttable, below_threshold_possible=spec.below_threshold_possible,
        trust_catches=tuple(spec.trust_catches), trust_possible=tuple(spec.trust_possible),
        interest_roles=tuple(spec.interest_roles), path=str(path), digest=hashlib.sha256(data).hexdigest(),
    )  # fmt: skip


@cache
def _parse_once(path: str, mtime_ns: int, size: int) -> Profile:
    """Parsed once per file version: an override written or edited later is read again."""
    return parse(Path(path))


def load(name: str) -> Profile:
    """The profile of ``name``: the user's override if there is one, else the shipped one."""
    if name not in REGIMES:
        raise UsageError(f"unknown regime {name!r} (known: {', '.join(REGIMES)})")
    override = kb_home() / "regimes" / f"{name}.toml"
    path = override if override.exists() else SHIPPED / f"{name}.toml"
    try:
        stat = path.stat()
    except OSError as exc:
        raise UsageError(f"{path}: not a readable regime profile: {exc.strerror}") from None
    return _parse_once(str(path), stat.st_mtime_ns, stat.st_size)


def load_all(names: tuple[str, ...] | list[str] = REGIMES) -> list[Profile]:
    return [load(name) for name in names]
