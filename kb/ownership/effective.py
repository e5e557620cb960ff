"""Effective ownership: over every path from an owner down to a target, the product of the stakes
along the path, summed — exactly, cross-holdings included.

**This is not what the sanctions rules use.** OFAC, BIS, the EU and the UK never multiply stakes:
an owner that a rule catches passes its whole stake on (docs/rules.md, section 7). Effective
ownership is shown for information (beneficial-ownership questions) and never decides exposure.

The walk sums solve a linear system. With ``w(u, v)`` u's direct stake in v (a fraction) and
``y(u)`` u's effective ownership of the target T::

    y(u) = sum over v of w(u, v) * ([v = T] + y(v))

which counts every walk from u to T, around cycles as often as they go (A 50% of B and B 20% of
A, X 60% of A: X's effective share of A is 0.6 / (1 - 0.5 * 0.2) = 2/3). kb solves it one strongly
connected component at a time, owned before owners, by exact Gaussian elimination over fractions
(floats for components of more than ``EXACT_LIMIT`` entities).

Sizes: a stake's low and high bounds are its ``pct``, or ``pct_min``..``pct_max`` (a missing end is
0 or 100), or 0..100 when its size is unknown; several claims on one pair give the range from the
smallest low to the largest high, never a sum. Solving once with every low and once with every high
gives the minimum and maximum. A value above 100% (claims adding to more than the whole, unknown
sizes in a cycle) is capped at 100% and marked ``capped``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from kb.db import Database
from kb.errors import UsageError
from kb.ownership.structure import MAX_CLOSURE, Graph, StatedStake, describe, gather
from kb.schema import STAKE_BASES

Number = Fraction | float
Weights = dict[str, dict[str, Fraction]]  # owner -> owned -> share of the owned (0..1)

EXACT_LIMIT = 60  # component size up to which elimination is exact
TOLERANCE = 1e-12
MAX_ITERATIONS = 100_000
NOTE = (
    "effective ownership multiplies stakes along paths; no sanctions regime does (docs/rules.md, "
    "section 7): it never decides exposure"
)


def share(pct: float) -> Fraction:
    """A percentage as an exact fraction of the decimal it was written as (37.6 -> 376/1000)."""
    return Fraction(repr(float(pct))) / 100


def pair_weights(stakes: Iterable[StatedStake], basis: str) -> tuple[Weights, Weights]:
    """Low and high weights per (owner, owned) pair on one basis: one range over all its claims."""
    low: Weights = {}
    high: Weights = {}
    for stake in stakes:
        if stake.basis != basis or stake.derived or stake.owner == stake.owned:
            continue
        lo, hi = (share(b) for b in stake.bounds())
        old_lo, old_hi = low.get(stake.owner, {}).get(stake.owned), high.get(stake.owner, {}).get(stake.owned)
        low.setdefault(stake.owner, {})[stake.owned] = lo if old_lo is None else min(lo, old_lo)
        high.setdefault(stake.owner, {})[stake.owned] = hi if old_hi is None else max(hi, old_hi)
    return low, high


@dataclass(frozen=True)
class Solution:
    value: dict[str, Number]  # every node's effective ownership of the target, 0..1
    capped: set[str]  # nodes whose value was cut down to 1


def walk_sums(weights: Weights, target: str, nodes: set[str]) -> Solution:
    """Every node's effective ownership of ``target`` within ``nodes`` (which holds ``target``)."""
    succ = {u: {v: w for v, w in weights.get(u, {}).items() if v in nodes and w} for u in nodes}
    value: dict[str, Number] = {}
    capped: set[str] = set()

    def z(v: str) -> Number:
        return (1 if v == target else 0) + value[v]

    for component in _components(succ):
        members = set(component)
        constant: dict[str, Number] = {}
        for u in component:
            total: Number = Fraction(0)
            for v, w in succ[u].items():
                total += w * (z(v) if v not in members else (1 if v == target else 0))
            constant[u] = total
        if len(component) == 1 and component[0] not in succ[component[0]]:
            solved: dict[str, Number] | None = dict(constant)
        else:
            solved = _eliminate(component, succ, constant)
        if solved is None or any(y < 0 or y > 1 + TOLERANCE for y in solved.values()):
            solved, over = _iterate(component, succ, constant)
            capped |= over
        for u, y in solved.items():
            if y > 1:
                capped.add(u)
                y = Fraction(1)
            value[u] = y
    return Solution(value, capped)


def _components(succ: dict[str, dict[str, Fraction]]) -> list[list[str]]:
    """Strongly connected components (Tarjan, iterative), each after every component it reaches."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(succ):
        if start in index:
            continue
        work = [(start, iter(sorted(succ[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(succ[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                found.append(sorted(component))
    return found


def _eliminate(
    component: list[str], succ: dict[str, dict[str, Fraction]], constant: dict[str, Number]
) -> dict[str, Number] | None:
    """Solve (I - W) y = c on one component by Gauss-Jordan elimination; None if singular."""
    exact = len(component) <= EXACT_LIMIT
    position = {u: i for i, u in enumerate(component)}
    n = len(component)
    rows: list[list[Number]] = []
    for u in component:
        row: list[Number] = [Fraction(0)] * (n + 1)
        row[position[u]] = Fraction(1)
        for v, w in succ[u].items():
            if v in position:
                row[position[v]] -= w
        row[n] = constant[u]
        rows.append(row if exact else [float(x) for x in row])
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(float(rows[r][col])))
        if rows[pivot][col] == 0 or (not exact and abs(float(rows[pivot][col])) <= TOLERANCE):
            return None
        rows[col], rows[pivot] = rows[pivot], rows[col]
        head = rows[col][col]
        rows[col] = [x / head for x in rows[col]]
        for r in range(n):
            factor = rows[r][col]
            if r != col and factor:
                rows[r] = [x - factor * p for x, p in zip(rows[r], rows[col], strict=True)]
    return {u: rows[position[u]][n] for u in component}


def _iterate(
    component: list[str], succ: dict[str, dict[str, Fraction]], constant: dict[str, Number]
) -> tuple[dict[str, Number], set[str]]:
    """The least solution capped at 1, by Gauss-Seidel from 0 (monotone, so it converges)."""
    members = set(component)
    y: dict[str, float] = dict.fromkeys(component, 0.0)
    for _ in range(MAX_ITERATIONS):
        change = 0.0
        for u in component:
            new = float(constant[u]) + sum(float(w) * y[v] for v, w in succ[u].items() if v in members)
            new = min(1.0, new)
            change, y[u] = max(change, abs(new - y[u])), new
        if change < TOLERANCE:
            break
    over = {
        u
        for u in component
        if float(constant[u]) + sum(float(w) * y[v] for v, w in succ[u].items() if v in members) > 1
    }
    return dict(y), over


def _reach(edges: dict[str, set[str]], start: str) -> set[str]:
    seen, todo = {start}, [start]
    while todo:
        for nxt in edges.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def _upward(
    db: Database, target: str, as_of: dt.date, basis: str
) -> tuple[Graph, Weights, Weights, set[str]]:
    """Every owner of ``target``, however indirect, on one basis; the pair weights; who reaches it."""
    if basis not in STAKE_BASES:
        raise UsageError(f"--basis {basis!r}: give {' or '.join(STAKE_BASES)}")
    graph = gather(db, target, up=True, as_of=as_of, levels=None, max_entities=MAX_CLOSURE)
    low, high = pair_weights(graph.stakes, basis)
    owners: dict[str, set[str]] = {}
    for u, owned in high.items():
        for v in owned:
            owners.setdefault(v, set()).add(u)
    return graph, low, high, _reach(owners, target)


def _percent(value: Number) -> float:
    return float(value * 100)


def effective(
    db: Database, owner: str, target: str, *, as_of: dt.date | None = None, basis: str = "equity"
) -> dict[str, Any]:
    """``owner``'s effective ownership of ``target`` as a [min, max] range of percentages."""
    if owner == target:
        raise UsageError("ENTITY and --in are the same entity: give two different ones")
    on = as_of or dt.date.today()
    _, low, high, ancestors = _upward(db, target, on, basis)
    below = {u: set(owned) for u, owned in high.items()}
    nodes = (_reach(below, owner) & ancestors) | {target} if owner in ancestors else set()
    lows, highs = walk_sums(low, target, nodes), walk_sums(high, target, nodes)
    lo = _percent(lows.value.get(owner, 0))
    hi = _percent(highs.value.get(owner, 0))
    return {
        "min_pct": lo,
        "max_pct": hi,
        "effective": describe(lo, None, None) if lo == hi else describe(None, lo, hi),
        "capped": bool((highs.capped | lows.capped) & nodes),
        "connected": bool(nodes),
        "entities": len(nodes),
        "as_of": on.isoformat(),
        "basis": basis,
        "note": NOTE,
    }


def ultimate_owners(
    db: Database, entity: str, *, threshold: float = 25.0, as_of: dt.date | None = None, basis: str = "equity"
) -> list[dict[str, Any]]:
    """The ultimate owners of ``entity``: owners with no owner of their own on ``basis`` (roots), and
    natural persons anywhere above it, whose effective ownership can reach ``threshold`` percent
    (by its maximum). Most first."""
    if not 0 < threshold <= 100:
        raise UsageError(f"--threshold {threshold:g}: give a percentage above 0, up to 100")
    on = as_of or dt.date.today()
    graph, low, high, ancestors = _upward(db, entity, on, basis)
    lows, highs = walk_sums(low, entity, ancestors), walk_sums(high, entity, ancestors)
    owned_by = {v for owned in high.values() for v in owned}
    below = {u: set(owned) & ancestors for u, owned in high.items()}
    rows: list[dict[str, Any]] = []
    for u in sorted(ancestors - {entity}):
        party = graph.parties[u]
        reasons = [r for r, yes in (("root", u not in owned_by), ("person", party.kind == "person")) if yes]
        lo, hi = _percent(lows.value[u]), _percent(highs.value[u])
        if reasons and hi >= threshold - 1e-9:
            rows.append(
                {"id": u, "name": party.name, "country": party.country, "kind": party.kind,
                 "reason": "+".join(reasons), "min_pct": lo, "max_pct": hi,
                 "effective": describe(lo, None, None) if lo == hi else describe(None, lo, hi),
                 "capped": bool((highs.capped | lows.capped) & _reach(below, u))}
            )  # fmt: skip
    rows.sort(key=lambda r: (-r["max_pct"], -r["min_pct"], r["id"]))
    return rows
