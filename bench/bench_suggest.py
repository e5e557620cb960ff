"""``kb resolve suggest`` benchmark: the blocking index read in bulk and each Entity's partners
picked in memory (at most ``PER_ENTITY``), scored over the cores, against an older kb's suggest
on the same graph (``--baseline``) and the in-memory Blocker over every Entity (``--compare``).

Against one server of its own: write a synthetic bundle of N entities (default 1M), load it with
``kb load --bulk`` (which imports the match keys), then propose every candidate pair scoring at
least 0.7 with :func:`kb.decisions.candidates.suggest`. ``--baseline DIR`` (a checkout of an older
kb, e.g. ``git worktree add /tmp/kb-main main``) runs that kb's suggest on the same graph in a
child process: its seconds, the ratio, and how many of its pairs (and matches, >= 0.9) this kb
still proposes. ``--compare`` (the default up to 5,000 entities: it scores every pair of entities
sharing a common word) runs the in-memory Blocker; it and its graph-side twin run under
tracemalloc, so those seconds are inflated alike.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import bench_env

from kb import admin
from kb.db import Database
from kb.decisions import candidates
from kb.loaders.write import match_keys as keys
from kb.resolution import MATCH, POSSIBLE, Blocker, score
from kb.resolution.party import entity_party

START = time.perf_counter()
Found = set[tuple[str, str, float]]


def say(message: str) -> None:
    print(f"[{time.perf_counter() - START:8.1f}s] {message}", file=sys.stderr, flush=True)


def in_memory(db: Database) -> Found:
    """The former suggest: every Entity as a party, a Blocker over all of them, every pair scored."""
    ids: list[str] = []
    while page := keys.entity_ids_after(db, after=ids[-1] if ids else "", limit=10_000):
        ids += page
    rows = [row for start in range(0, len(ids), 10_000)
            for row in candidates.match_entities(db, ids=ids[start : start + 10_000])]  # fmt: skip
    records = [entity_party(row) for row in rows]
    found: Found = set()
    for i, j in Blocker(records).pairs():
        judged = score(records[i], records[j])
        if judged.score > 0 and judged.score >= POSSIBLE:
            a, b = sorted((rows[i]["id"], rows[j]["id"]))
            found.add((a, b, judged.score))
    return found


def from_graph(db: Database, limit: int | None = None) -> Found:
    found: Found = set()
    for c in candidates.suggest(db, limit=limit):
        a, b = sorted((c.a, c.b))
        found.add((a, b, c.judgement.score))
    return found


BASELINE = """
import json, sys, time
from kb.connection import Connection
from kb.db import Database
from kb.decisions import candidates
db = Database.connect(Connection(sys.argv[1], "neo4j", sys.argv[2]), warn_notifications=False)
limit = int(sys.argv[3]) if sys.argv[3] != "all" else None
started = time.perf_counter()
found = candidates.suggest(db, limit=limit)
seconds = time.perf_counter() - started
pairs = sorted([*sorted((c.a, c.b)), c.judgement.score] for c in found)
print(json.dumps({"seconds": seconds, "pairs": pairs}))
"""


def baseline(checkout: Path, server: bench_env.Server, limit: int | None) -> tuple[Found, float]:
    """What the kb in ``checkout`` suggests on ``server``'s graph, and its seconds."""
    with server.connect() as db:
        connection = db.connection
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    done = subprocess.run(
        [sys.executable, "-c", BASELINE, connection.uri, connection.password, str(limit or "all")],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    answer = json.loads(done.stdout.splitlines()[-1])
    return {(a, b, value) for a, b, value in answer["pairs"]}, float(answer["seconds"])


def timed(db: Database, limit: int | None) -> tuple[Found, float]:
    started = time.perf_counter()
    found = from_graph(db, limit)
    return found, time.perf_counter() - started


def measured(what: Callable[[Database], Found], db: Database) -> tuple[Found, float, float]:
    """What ``what`` found, its seconds and its peak Python memory in MiB."""
    tracemalloc.start()
    started = time.perf_counter()
    found = what(db)
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return found, seconds, peak


def run(args: argparse.Namespace, work: Path, servers: list[bench_env.Server]) -> dict[str, Any]:
    graph = bench_env.synth_graph(work, args.entities, args.seed, servers, say)
    results: dict[str, Any] = {"date": dt.date.today().isoformat(), "entities": args.entities,
                               "seed": args.seed, "load_status": graph.report.status, "limit": args.limit,
                               "machine": bench_env.machine(graph.server.instance)}  # fmt: skip
    server = graph.server
    del graph  # the parsed bundle: gigabytes at 1M, which suggest's processes need more
    gc.collect()
    with server.connect() as db:
        admin.init(db)
    if args.baseline is not None and args.baseline_first:  # the page cache warm for the current kb
        before, before_s = baseline(args.baseline, server, args.limit)
        say(f"baseline {args.baseline}: {len(before):,} candidates in {before_s:.1f}s")
    with server.connect() as db:
        found, seconds = timed(db, args.limit)
    say(f"suggest: {len(found):,} candidates in {seconds:.1f}s")
    results.update({
        "per_entity": candidates.PER_ENTITY, "candidates": len(found),
        "matches": sum(1 for p in found if p[2] >= MATCH), "seconds": round(seconds, 1),
        "entities_per_second": round(args.entities / seconds, 1),
    })  # fmt: skip
    if args.baseline is not None:
        if not args.baseline_first:
            before, before_s = baseline(args.baseline, server, args.limit)
            say(f"baseline {args.baseline}: {len(before):,} candidates in {before_s:.1f}s")
        results["baseline_ran_first"] = args.baseline_first
        matches = {p for p in before if p[2] >= MATCH}
        results.update({
            "baseline": str(args.baseline), "baseline_seconds": round(before_s, 1),
            "baseline_candidates": len(before), "baseline_matches": len(matches),
            "baseline_candidates_still_proposed": len(before & found),
            "baseline_matches_still_proposed": len(matches & found),
            "ratio_seconds_baseline_to_now": round(before_s / seconds, 2),
        })  # fmt: skip
    if args.compare:
        results.update(compare(server))
    return results


def compare(server: bench_env.Server) -> dict[str, Any]:
    """The graph side against the in-memory Blocker, both under tracemalloc."""
    with server.connect() as db:
        graph_found, graph_s, graph_mib = measured(from_graph, db)
        memory_found, memory_s, memory_mib = measured(in_memory, db)
    say(f"in memory: {len(memory_found):,} candidates in {memory_s:.1f}s, peak {memory_mib:.0f} MiB")
    memory_matches = {p for p in memory_found if p[2] >= MATCH}
    return {
        "traced_graph_seconds": round(graph_s, 1), "graph_peak_mib": round(graph_mib, 1),
        "in_memory_candidates": len(memory_found), "in_memory_matches": len(memory_matches),
        "in_memory_matches_also_proposed": len(memory_matches & graph_found),
        "in_memory_candidates_also_proposed": len(memory_found & graph_found),
        "in_memory_seconds": round(memory_s, 1), "in_memory_peak_mib": round(memory_mib, 1),
        "ratio_seconds_graph_to_memory": round(graph_s / memory_s, 3),
        "ratio_peak_memory_graph_to_memory": round(graph_mib / memory_mib, 3),
    }  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--entities", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--baseline-first", action="store_true",
        help="run the baseline before the current kb (the first run meets a cold page cache)",
    )  # fmt: skip
    parser.add_argument(
        "--limit", type=int, default=None,
        help="pairs kept, best first, as kb resolve suggest --limit (default: all, to compare them)",
    )  # fmt: skip
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument(
        "--baseline", type=Path, default=None,
        help="a checkout of an older kb (a git worktree of main) whose suggest runs on the same graph",
    )  # fmt: skip
    parser.add_argument(
        "--compare", action=argparse.BooleanOptionalAction, default=None,
        help="also run the former in-memory path (default: up to 5,000 entities)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if args.compare is None:
        args.compare = args.entities <= 5_000
    bench_env.write_results("suggest", args, bench_env.in_workdir("kb-bench-suggest-", args, run, say))
    return 0


if __name__ == "__main__":
    sys.exit(main())
