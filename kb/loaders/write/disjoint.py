"""Relationship batches two at a time without deadlocks: the pattern of Neo4j's parallel Spark
loader for a graph of one node kind. Every node falls in one of four groups (a hash of its id);
each relationship in the bucket of the two groups it joins. A round writes two buckets that share
no group, so its two transactions never lock the same node, and rounds follow one another."""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

GROUPS = 4
# Every pair of groups once, two pairs with no group in common per round.
ROUNDS: tuple[tuple[tuple[int, int], tuple[int, int]], ...] = (
    ((0, 1), (2, 3)),
    ((0, 2), (1, 3)),
    ((0, 3), (1, 2)),
    ((0, 0), (1, 1)),
    ((2, 2), (3, 3)),
)

Row = dict[str, Any]


def _group(node: str) -> int:
    return zlib.crc32(node.encode()) % GROUPS


def rounds(rows: Sequence[Row], start: str = "a", end: str = "b") -> list[tuple[list[Row], list[Row]]]:
    """``rows`` (each joining the nodes ``row[start]`` and ``row[end]``) in rounds of two lists
    whose rows touch no node in common."""
    buckets: dict[tuple[int, int], list[Row]] = {}
    for row in rows:
        x, y = sorted((_group(row[start]), _group(row[end])))
        buckets.setdefault((x, y), []).append(row)
    return [(buckets.get(left, []), buckets.get(right, [])) for left, right in ROUNDS]


def write_round(
    left: Sequence[Row], right: Sequence[Row], batch_size: int, write: Callable[[Sequence[Row]], None]
) -> None:
    """The two sides at once, each batch by batch; returns when both are written (the first
    error raised)."""

    def side(rows: Sequence[Row]) -> None:
        for at in range(0, len(rows), batch_size):
            write(rows[at : at + batch_size])

    with ThreadPoolExecutor(2, thread_name_prefix="kb-round") as pool:
        futures = [pool.submit(side, rows) for rows in (left, right) if rows]
        for future in futures:
            future.result()
