"""Relationship batches two at a time without deadlocks: the pattern of Neo4j's parallel Spark
loader (:mod:`kb.loaders.write.partitions`, which ``kb load --engine spark`` uses too), with two
slots: every node in one of four buckets, each relationship in the round and slot where its two
nodes' buckets meet; a round's two slots share no node, and rounds follow one another."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from kb.loaders.write.partitions import round_and_slot

PARALLEL = 2  # transactions at once: the writer's machine has two cores, the server as many
ROUNDS = range(2 * PARALLEL - 1)

Row = dict[str, Any]


def rounds(rows: Sequence[Row], start: str = "a", end: str = "b") -> list[tuple[list[Row], list[Row]]]:
    """``rows`` (each joining the nodes ``row[start]`` and ``row[end]``) in rounds of two lists
    whose rows touch no node in common."""
    found: list[tuple[list[Row], list[Row]]] = [([], []) for _ in ROUNDS]
    for row in rows:
        r, slot = round_and_slot(str(row[start]), str(row[end]), PARALLEL)
        found[r][slot].append(row)
    return found


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
