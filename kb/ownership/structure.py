"""Ownership structure as the sources state it: owner and subsidiary trees, paths between two entities,
and the closure of an entity's owners (for effective ownership and ultimate owners).

Only stakes valid on the as-of date count (half-open ``[start_date, end_date)``); derived
look-through figures are left out unless asked for (trees only). Nothing here applies a sanctions
rule: that is the exposure engine's work (docs/rules.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kb.db import Database, Row
from kb.errors import UsageError
from kb.queries import run, wrapper

STEP_FIELDS = (
    "from", "from_name", "from_country", "type", "link", "pct", "pct_min", "pct_max", "basis", "jv",
    "to", "to_name", "to_country", "source", "claim",
)  # fmt: skip
MAX_HOPS = 10  # the longest path cypher/ownership/paths.cypher can find
MAX_ROWS = 10_000  # tree rows before the answer is cut short
MAX_CLOSURE = 5_000  # owners gathered for effective ownership before kb gives up


@dataclass(frozen=True)
class Party:
    id: str
    name: str
    country: str | None
    kind: str | None


@dataclass(frozen=True)
class StatedStake:
    """A stake as its source states it, for display: ``pct``, or ``pct_min``..``pct_max`` with either
    end possibly missing, dates as Neo4j returns them, and whether kb derived it (a look-through
    figure). The exposure rules read :class:`kb.exposure.model.Stake` instead, whose bounds are
    already resolved (a missing end 0 or 100) and which no display needs to take apart again."""

    owner: str
    owned: str
    pct: float | None
    pct_min: float | None
    pct_max: float | None
    basis: str
    jv: bool
    derived: bool
    source: str | None
    claim: str | None
    start_date: Any
    end_date: Any

    def bounds(self) -> tuple[float, float]:
        """Low and high size in percent: a range's missing end is 0 or 100; an unknown size is 0..100."""
        if self.pct is not None:
            return self.pct, self.pct
        return (
            self.pct_min if self.pct_min is not None else 0.0,
            self.pct_max if self.pct_max is not None else 100.0,
        )

    def describe(self) -> str:
        return describe(self.pct, self.pct_min, self.pct_max)

    def fields(self) -> dict[str, Any]:
        return {
            "stake": self.describe(),
            "pct": self.pct,
            "pct_min": self.pct_min,
            "pct_max": self.pct_max,
            "basis": self.basis,
            "jv": self.jv,
            "derived": self.derived,
            "source": self.source,
            "start_date": self.start_date,
            "end_date": self.end_date,
        }


def describe(pct: float | None, low: float | None, high: float | None) -> str:
    """``36%``, ``10-20%`` (a range), ``unknown`` (no size given)."""
    if pct is not None:
        return f"{pct:g}%"
    if low is None and high is None:
        return "unknown"
    return f"{'?' if low is None else format(low, 'g')}-{'?' if high is None else format(high, 'g')}%"


@wrapper("ownership/stakes_in")
def stakes_in(
    db: Database,
    *,
    ids: list[str],
    as_of: dt.date | None = None,
    include_derived: bool | None = None,
    min_pct: float | None = None,
) -> list[Row]:
    return run(
        db, "ownership/stakes_in", ids=ids, as_of=as_of, include_derived=include_derived, min_pct=min_pct
    )


@wrapper("ownership/stakes_of")
def stakes_of(
    db: Database,
    *,
    ids: list[str],
    as_of: dt.date | None = None,
    include_derived: bool | None = None,
    min_pct: float | None = None,
) -> list[Row]:
    return run(
        db, "ownership/stakes_of", ids=ids, as_of=as_of, include_derived=include_derived, min_pct=min_pct
    )


@wrapper("ownership/paths")
def path_rows(
    db: Database, *, from_id: str, to_id: str, max_hops: int | None = None, as_of: dt.date | None = None
) -> list[Row]:
    return run(db, "ownership/paths", from_id=from_id, to_id=to_id, max_hops=max_hops, as_of=as_of)


def _party(row: Row, side: str) -> Party:
    return Party(row[f"{side}_id"], row[f"{side}_name"], row[f"{side}_country"], row[f"{side}_kind"])


def _stake(row: Row) -> StatedStake:
    return StatedStake(
        row["owner_id"], row["owned_id"], row["pct"], row["pct_min"], row["pct_max"], row["basis"],
        row["jv"], row["derived"], row["source"], row["claim"], row["start_date"], row["end_date"],
    )  # fmt: skip


@dataclass
class Graph:
    """Stakes fetched so far, and the parties they link."""

    parties: dict[str, Party]
    stakes: list[StatedStake]

    def add(self, rows: Iterable[Row]) -> set[str]:
        """Add the rows' stakes; returns the ids they link to."""
        linked: set[str] = set()
        for row in rows:
            stake = _stake(row)
            self.stakes.append(stake)
            self.parties.setdefault(stake.owner, _party(row, "owner"))
            self.parties.setdefault(stake.owned, _party(row, "owned"))
            linked |= {stake.owner, stake.owned}
        return linked


def gather(
    db: Database,
    root: str,
    *,
    up: bool,
    as_of: dt.date,
    levels: int | None,
    include_derived: bool = False,
    min_pct: float = 0.0,
    max_entities: int | None = None,
) -> Graph:
    """The stakes around ``root``, one level at a time: towards its owners (``up``) or its subsidiaries,
    for ``levels`` levels (None: until no new entity appears)."""
    fetch = stakes_in if up else stakes_of
    graph = Graph({}, [])
    seen, frontier, level = {root}, [root], 0
    while frontier and (levels is None or level < levels):
        rows = fetch(db, ids=frontier, as_of=as_of, include_derived=include_derived, min_pct=min_pct)
        linked = graph.add(rows)
        frontier = sorted(linked - seen)
        seen |= linked
        level += 1
        if max_entities is not None and len(seen) > max_entities:
            raise UsageError(
                f"the {'owners' if up else 'subsidiaries'} of {root} reach more than {max_entities} "
                "entities: too many for this command"
            )
    return graph


@dataclass(frozen=True)
class Tree:
    rows: list[dict[str, Any]]
    truncated: bool


def tree(
    db: Database,
    root: str,
    *,
    up: bool,
    depth: int = 5,
    min_pct: float = 0.0,
    as_of: dt.date | None = None,
    include_derived: bool = False,
    limit: int = MAX_ROWS,
) -> Tree:
    """The owners (``up``) or subsidiaries of ``root`` to ``depth`` levels: one row per step of a path
    from ``root``, depth first; no path visits an entity twice, so cycles end."""
    if depth < 1:
        raise UsageError(f"--depth {depth}: give 1 or more")
    if min_pct < 0 or min_pct > 100:
        raise UsageError(f"--min-pct {min_pct:g}: give a percentage from 0 to 100")
    graph = gather(
        db, root, up=up, as_of=as_of or dt.date.today(), levels=depth,
        include_derived=include_derived, min_pct=min_pct,
    )  # fmt: skip
    links: dict[str, list[StatedStake]] = {}
    for stake in graph.stakes:
        links.setdefault(stake.owned if up else stake.owner, []).append(stake)
    for found in links.values():
        found.sort(
            key=lambda s: (-s.bounds()[0], -s.bounds()[1], graph.parties[s.owner if up else s.owned].name)
        )
    link_name = ("holds_in", "holds_in_name") if up else ("held_by", "held_by_name")
    rows: list[dict[str, Any]] = []
    done: set[tuple[int, int]] = set()
    truncated, budget = False, limit * 100  # path steps walked, duplicates included

    def walk(at: str, level: int, path: frozenset[str]) -> None:
        nonlocal truncated, budget
        for stake in links.get(at, []):
            other = stake.owner if up else stake.owned
            if other in path or truncated:
                continue
            budget -= 1
            if budget < 0:
                truncated = True
                return
            if (level, id(stake)) not in done:
                if len(rows) >= limit:
                    truncated = True
                    return
                done.add((level, id(stake)))
                party, via = graph.parties[other], graph.parties[at]
                rows.append(
                    {"depth": level, "id": party.id, "name": party.name, "country": party.country,
                     "kind": party.kind, link_name[0]: via.id, link_name[1]: via.name, **stake.fields()}
                )  # fmt: skip
            if level < depth:
                walk(other, level + 1, path | {other})

    walk(root, 1, frozenset({root}))
    return Tree(rows, truncated)


def paths(
    db: Database, source: str, target: str, *, max_hops: int = 6, as_of: dt.date | None = None
) -> list[dict[str, Any]]:
    """The shortest ownership and control paths from ``source`` down to ``target`` (at most 20)."""
    if not 1 <= max_hops <= MAX_HOPS:
        raise UsageError(f"--max-hops {max_hops}: give 1 to {MAX_HOPS}")
    if source == target:
        raise UsageError("the two entities are the same: give two different ones")
    found = path_rows(db, from_id=source, to_id=target, max_hops=max_hops, as_of=as_of)
    result = []
    for number, row in enumerate(found, start=1):
        steps = []
        for step in row["steps"]:
            owns = step["type"] == "OWNS"
            link = describe(step["pct"], step["pct_min"], step["pct_max"]) if owns else "control"
            basis = step["basis"] or ("equity" if owns else None)
            filled = {**step, "link": link, "basis": basis}
            steps.append({key: filled[key] for key in STEP_FIELDS})
        result.append({"path": number, "hops": row["hops"], "steps": steps})
    return result
