"""The writer's concurrency: background batches keep order and stop at the first failure; the
relationship rounds never put one node in two concurrent transactions."""

from __future__ import annotations

import threading

import pytest

from kb.loaders.write import batches, disjoint
from kb.resolution.keys import key_rows


def test_rounds_cover_every_row_once_and_no_round_shares_a_node() -> None:
    rows = [{"a": f"e{n * 7 % 300}", "b": f"e{(n * 13 + 5) % 301}", "n": n} for n in range(5_000)]
    rounds = disjoint.rounds(rows)
    written = sorted(row["n"] for left, right in rounds for row in (*left, *right))
    assert written == list(range(5_000))
    for left, right in rounds:
        touched_left = {row[end] for row in left for end in ("a", "b")}
        touched_right = {row[end] for row in right for end in ("a", "b")}
        assert not touched_left & touched_right
    assert sum(bool(left) and bool(right) for left, right in rounds) == len(disjoint.ROUNDS)


def test_write_round_runs_both_sides_in_batches() -> None:
    seen: list[tuple[str, int]] = []
    lock = threading.Lock()

    def write(rows: object) -> None:
        batch = list(rows)  # type: ignore[call-overload]
        with lock:
            seen.append((batch[0]["side"], len(batch)))

    left = [{"side": "l"}] * 5
    right = [{"side": "r"}] * 3
    disjoint.write_round(left, right, 2, write)
    assert sorted(seen) == [("l", 1), ("l", 2), ("l", 2), ("r", 1), ("r", 2)]


def test_writes_keep_order_and_stop_at_the_first_failure() -> None:
    done: list[int] = []

    def job(n: int) -> batches.Job:
        def run() -> None:
            if n == 2:
                raise KeyboardInterrupt
            done.append(n)

        return run

    with pytest.raises(KeyboardInterrupt), batches.Writes() as writes:
        for n in range(6):
            writes.submit(job(n))
        writes.wait()
    assert done == [0, 1]


def test_keys_ahead_gives_the_keys_in_order_from_the_pool() -> None:
    parties = [
        {"id": f"x{i}", "name": f"Alpha Trading {i} Ltd", "names": [], "kind": "company", "identifiers": []}
        for i in range(2 * batches.KEY_CHUNK + 5)
    ]
    with batches.keys_ahead(parties, processes=2) as keys:
        rows = list(keys)
    assert rows == key_rows(parties)  # the same keys, in the same order, as in-process
    assert all(row["keys"] for row in rows)
