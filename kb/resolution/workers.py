"""Pools of forked processes for matching's pure-Python work (name keys, scores).

A pool is forked after what matching loads on first use: rigour's table of territory names, read
by the first country lookup (``kb.resolution.names.weight``), takes about a second of CPU. Loaded
once in the parent, every worker inherits it; loaded in each worker, every load, screen and
suggest paid it once per core.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from multiprocessing.pool import Pool
from typing import Any

from rigour.territories import lookup_territory


def warm() -> None:
    """Load, in this process, what matching would otherwise load at its first name."""
    lookup_territory("france")


def forked_pool(
    processes: int, initializer: Callable[..., object] | None = None, initargs: tuple[Any, ...] = ()
) -> Pool:
    warm()
    return multiprocessing.get_context("fork").Pool(processes, initializer, initargs)
