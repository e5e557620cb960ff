"""Each Entity's partners for ``kb resolve suggest``, from the graph's blocking index read in bulk.

The rule is ``resolve/candidate_pairs``'s (kept as the reference, ``tests/test_suggest_reference.py``):
two Entities are candidates when they share a usable key (an identifier key, or a name key held
by at most ``max_block`` Entities); of an Entity's partners of greater id only the ``per_entity``
sharing most keys are scored, an identifier key counting 1,000, ties to the smaller id. That query
asked Neo4j, page by page, to expand every key of every Entity and read the id of every member
of every block: work that grows with the square of the blocks and one round trip per page. Here
the match keys are read once, key by key in index order (``resolve/match_key_blocks``), each
Entity becomes a number in id order, and the shared keys of every pair are counted with numpy, a
few million pair-and-key entries at a time, so memory holds the blocks (a few integers per
match key) and one chunk of entries, never every pair.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from kb.db import Database, Row
from kb.queries import run, wrapper

Progress = Callable[[str, int, int], None]  # (stage, done, total)
Ints = npt.NDArray[np.int64]
KEYS_PAGE = 20_000  # match keys one read returns
CHUNK = 4_000_000  # (Entity, partner, key) entries counted at once: ~100 MB of numpy arrays
IDENTIFIER_WEIGHT = 1_000  # as resolve/candidate_pairs: an identifier outranks any number of words


@wrapper("resolve/match_key_blocks")
def match_key_blocks(
    db: Database, *, after: str, limit: int | None = None, max_block: int | None = None
) -> list[Row]:
    return run(db, "resolve/match_key_blocks", after=after, limit=limit, max_block=max_block)


@dataclass(frozen=True)
class Blocks:
    """The usable blocks of the graph: ``ids`` (every Entity in one, in id order) and, for each
    block, its members as positions in ``ids`` (ascending) and its weight."""

    ids: list[str]
    members: list[Ints]
    weights: list[int]


def read_blocks(db: Database, max_block: int, progress: Progress | None = None) -> Blocks:
    """Every usable block of the graph's match keys, in a read per ``KEYS_PAGE`` keys."""
    seen: dict[str, int] = {}  # id -> order first seen; renumbered in id order below
    members: list[list[int]] = []
    weights: list[int] = []
    after, read = "", 0
    while rows := match_key_blocks(db, after=after, limit=KEYS_PAGE, max_block=max_block):
        for row in rows:
            if row["members"]:
                members.append([seen.setdefault(id_, len(seen)) for id_ in row["members"]])
                weights.append(IDENTIFIER_WEIGHT if row["key"].startswith("id:") else 1)
        after, read = rows[-1]["key"], read + len(rows)
        if progress is not None:
            progress("match keys", read, read)
    ids = sorted(seen)
    where = {id_: n for n, id_ in enumerate(ids)}
    position = np.fromiter((where[id_] for id_ in seen), dtype=np.int64, count=len(seen))  # seen's order
    blocks = [np.sort(position[np.asarray(m, dtype=np.int64)]) for m in members]
    return Blocks(ids, blocks, weights)


def partners(blocks: Blocks, per_entity: int) -> Iterator[tuple[Ints, Ints]]:
    """The candidate pairs ``(first, second)`` (positions in ``blocks.ids``, first < second), in
    chunks ordered by first: of each Entity's partners of greater id, the ``per_entity`` sharing
    the most weight of usable keys, then the smaller id."""
    if not blocks.members:
        return
    sizes = np.array([len(m) for m in blocks.members], dtype=np.int64)
    flat = np.concatenate(blocks.members)
    ends = np.repeat(np.cumsum(sizes), sizes)
    weight = np.repeat(np.array(blocks.weights, dtype=np.int64), sizes)
    after = np.arange(1, len(flat) + 1, dtype=np.int64)  # each member meets those after it
    order = np.argsort(flat, kind="stable")
    entity, start, count, weight = flat[order], after[order], (ends - after)[order], weight[order]
    total = np.cumsum(count)
    begin = 0
    while begin < len(entity):
        done_before = int(total[begin - 1]) if begin else 0
        end = max(int(np.searchsorted(total, done_before + CHUNK, side="right")), begin + 1)
        end = int(np.searchsorted(entity, entity[end - 1], side="right"))  # whole Entities only
        found = _top(flat, entity[begin:end], start[begin:end], count[begin:end], weight[begin:end],
                     len(blocks.ids), per_entity)  # fmt: skip
        if found is not None:
            yield found
        begin = end


def _top(
    flat: Ints, entity: Ints, start: Ints, count: Ints, weight: Ints, n: int, per_entity: int
) -> tuple[Ints, Ints] | None:
    """The best ``per_entity`` partners of each of a chunk's Entities (entries of their blocks)."""
    size = int(count.sum())
    if size == 0:
        return None
    offsets = np.cumsum(count) - count
    second = flat[np.repeat(start - offsets, count) + np.arange(size, dtype=np.int64)]
    pair = np.repeat(entity, count) * n + second
    pairs, which = np.unique(pair, return_inverse=True)
    shared = np.bincount(which, weights=np.repeat(weight, count))
    first, second = pairs // n, pairs % n
    ranked = np.lexsort((second, -shared, first))
    first, second = first[ranked], second[ranked]
    rank = np.arange(len(first)) - np.searchsorted(first, first, side="left")
    kept = rank < per_entity
    return first[kept], second[kept]
