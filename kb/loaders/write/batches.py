"""The writer's batches go to the server on one background thread, in the order they are given,
while the load prepares the next ones (payloads, claims) and a pool of processes computes match
keys: the server and Python work at the same time instead of taking turns.

One thread keeps today's order and transactions exactly: batch after batch, each its own
transaction, nodes before the relationships that need them. A failure stops the thread before the
next batch and is raised in the caller at its next ``submit`` or ``wait``.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from types import TracebackType
from typing import Any

from kb.resolution.keys import key_rows
from kb.resolution.workers import forked_pool

Job = Callable[[], None]
KEY_CHUNK = 2_000  # entities per task of the match-key pool


class Writes:
    """``submit(job)`` queues a write; at most ``depth`` wait, so the caller never runs far ahead
    and holds no more than ``depth`` prepared batches in memory."""

    def __init__(self, depth: int = 2) -> None:
        self._jobs: queue.Queue[Job | None] = queue.Queue(maxsize=depth)
        self._error: BaseException | None = None
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._work, name="kb-writes", daemon=True)
        self._thread.start()

    def _work(self) -> None:
        while True:
            job = self._jobs.get()
            try:
                if job is None:
                    return
                if self._error is None and not self._stopped.is_set():
                    job()
            except BaseException as exc:  # raised in the caller, KeyboardInterrupt included
                self._error = exc
            finally:
                self._jobs.task_done()

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error

    def submit(self, job: Job) -> None:
        self._raise()
        self._jobs.put(job)

    def wait(self) -> None:
        """Until every submitted write has landed (or one failed: then raise its error)."""
        self._jobs.join()
        self._raise()

    def __enter__(self) -> Writes:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        if kind is not None:
            self._stopped.set()  # the rest of the queue is skipped; the batch in flight ends
        self._jobs.put(None)
        self._thread.join()
        if kind is None:
            self._raise()


@contextmanager
def keys_ahead(
    entities: Sequence[Mapping[str, Any]], processes: int | None = None
) -> Iterator[Iterator[dict[str, Any]]]:
    """``{id, keys}`` of each of ``entities`` in order, computed ahead in forked processes (the
    names' normalisation is pure Python and the load's largest Python cost); in-process when
    small. Enter it before any thread starts: a fork copies only the forking thread."""
    chunks = [entities[start : start + KEY_CHUNK] for start in range(0, len(entities), KEY_CHUNK)]
    workers = min(processes or os.cpu_count() or 1, len(chunks))
    if workers <= 1:
        yield (row for part in chunks for row in key_rows(part))
        return
    with forked_pool(workers) as pool:
        yield (row for rows in pool.imap(key_rows, chunks) for row in rows)
