"""Which rows may be written at the same time without two transactions locking the same node.

Writing a relationship locks both its nodes; two Spark partitions writing relationships that share a
node wait on each other and can deadlock. The pattern of Neo4j's parallel Spark loader: put every
node in one of ``2k`` buckets (a hash of its key) and write in ``2k - 1`` rounds, one after another.
In each round the buckets are paired (a round-robin tournament, so each bucket is in exactly one
pair per round, and every pair of buckets meets in exactly one round); a row goes to the round where
the buckets of its two nodes meet, in that pair's slot. Within a round no two slots share a bucket,
so the ``k`` slots never share a node and write in parallel.
"""

from __future__ import annotations

import zlib


def bucket(key: str, buckets: int) -> int:
    return zlib.crc32(key.encode()) % buckets


def round_and_slot(a: str, b: str, parallel: int) -> tuple[int, int]:
    """The round (``0 .. 2*parallel - 2``) and slot (``0 .. parallel - 1``) of a row joining the
    nodes ``a`` and ``b``. Circle method with ``n = 2 * parallel`` buckets: bucket ``n - 1`` is
    fixed; in round ``r`` it meets bucket ``r`` (slot 0) and buckets ``x, y < n - 1`` meet when
    ``x + y = 2r (mod n - 1)``."""
    n = 2 * parallel
    if n == 2:
        return 0, 0
    x, y = bucket(a, n), bucket(b, n)
    odd = n - 1
    half = (odd + 1) // 2  # the inverse of 2 modulo an odd number
    if x == y:  # one bucket: any round holds it; round 0 keeps such rows together
        if x == odd:
            return 0, 0
        r = 0
    elif odd in (x, y):
        r = y if x == odd else x
    else:
        r = ((x + y) * half) % odd
    low = x if x != odd else y
    if low in (odd, r):
        return r, 0
    step = (low - r) % odd  # low = r + step or r - (odd - step): the pair's index
    return r, min(step, odd - step)
