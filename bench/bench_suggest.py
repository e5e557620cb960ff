"""``kb resolve suggest`` benchmark: candidate pairs read from the graph's match keys, page by page,
at most ``PER_ENTITY`` partners scored per Entity, against the in-memory Blocker over every Entity
it replaced (every blocked pair scored), in one run.

Against one server of its own: write a synthetic bundle of N entities (default 1M), load it with
``kb load --bulk`` (which imports the match keys), then propose every candidate pair scoring at
least 0.7: graph-side (:func:`kb.decisions.candidates.suggest`) and, with ``--compare`` (the default
up to 5,000 entities: it scores every pair of entities sharing a common word), the former path.
Both run under tracemalloc, so the seconds are inflated alike; the figures to compare are the
ratios of seconds and of peak Python memory, and how many of the former path's matches (>= 0.9)
and possible pairs the bounded graph side still proposes.
"""

from __future__ import annotations

import argparse
import datetime as dt
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


def from_graph(db: Database) -> Found:
    found: Found = set()
    for c in candidates.suggest(db):
        a, b = sorted((c.a, c.b))
        found.add((a, b, c.judgement.score))
    return found


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
                               "seed": args.seed, "load_status": graph.report.status}  # fmt: skip
    with graph.server.connect() as db:
        admin.init(db)
        graph_found, graph_s, graph_mib = measured(from_graph, db)
        say(f"graph-side: {len(graph_found):,} candidates in {graph_s:.1f}s, peak {graph_mib:.0f} MiB")
        results.update({
            "per_entity": candidates.PER_ENTITY, "candidates": len(graph_found),
            "matches": sum(1 for p in graph_found if p[2] >= MATCH),
            "graph_seconds": round(graph_s, 1), "graph_peak_mib": round(graph_mib, 1),
            "graph_entities_per_second": round(args.entities / graph_s, 1),
        })  # fmt: skip
        if not args.compare:
            return results
        memory_found, memory_s, memory_mib = measured(in_memory, db)
        say(f"in memory: {len(memory_found):,} candidates in {memory_s:.1f}s, peak {memory_mib:.0f} MiB")
    memory_matches = {p for p in memory_found if p[2] >= MATCH}
    results.update({
        "in_memory_candidates": len(memory_found), "in_memory_matches": len(memory_matches),
        "in_memory_matches_also_proposed": len(memory_matches & graph_found),
        "in_memory_candidates_also_proposed": len(memory_found & graph_found),
        "in_memory_seconds": round(memory_s, 1), "in_memory_peak_mib": round(memory_mib, 1),
        "ratio_seconds_graph_to_memory": round(graph_s / memory_s, 3),
        "ratio_peak_memory_graph_to_memory": round(graph_mib / memory_mib, 3),
    })  # fmt: skip
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--entities", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--out", type=Path, default=None)
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
