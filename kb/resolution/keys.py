"""The match keys of Entities: the blocking keys (:func:`kb.resolution.blocking_keys`) of the party
each Entity's row describes (:func:`kb.resolution.party.entity_party`). Pure: storing them in the
graph is :mod:`kb.loaders.write.match_keys`; ``kb load --bulk`` writes them into its import files.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from kb.resolution.blocking import blocking_keys
from kb.resolution.party import entity_party
from kb.resolution.workers import forked_pool


def entity_keys(entity: Mapping[str, Any]) -> list[str]:
    """The match keys of an Entity (``id, name, names, kind, country, identifiers``), sorted."""
    return sorted(blocking_keys(entity_party(entity)))


def key_rows(entities: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """``{id, keys}`` of each of ``entities``."""
    return [{"id": e["id"], "keys": entity_keys(e)} for e in entities]


def keys_of(
    entities: Sequence[Mapping[str, Any]], chunk: int = 2_000, processes: int | None = None
) -> Iterator[dict[str, Any]]:
    """``{id, keys}`` of each of ``entities``, in order, computed in a pool of forked processes
    over the cores (normalising names is pure Python and the slow part); in-process when small."""
    chunks = [entities[start : start + chunk] for start in range(0, len(entities), chunk)]
    workers = min(processes or os.cpu_count() or 1, len(chunks))
    if workers <= 1:
        for part in chunks:
            yield from key_rows(part)
        return
    with forked_pool(workers) as pool:
        for rows in pool.imap(key_rows, chunks):
            yield from rows
