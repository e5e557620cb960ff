"""Growth curve: the load, derive, query, screen and suggest benchmarks at several sizes, one table.

    python bench/bench_scale.py [--sizes 100000,1000000] [--suggest-cap 600] [--rows 10000]

For each size N, in a work folder of its own, with one Neo4j server at a time whose memory is
sized for N (``sizing``): write the synthetic bundle; ``kb load --bulk`` into an empty store;
derive every regime (cold, then warm) and write the marks; ``kb exposure`` on 1,000 random
entities (p50, p99); ``kb affiliates --of`` the listed party carrying the most bis affiliates;
``kb screen`` of 10,000 noisy rows; ``kb resolve suggest``, stopped at ``--suggest-cap`` seconds
(recorded as "> cap" with how far it got); then, on a second fresh server, kb's incremental cold
load of the same bundle. The stages are the functions of bench_load, bench_query and bench_screen.

It writes bench/results/scale-<date>.json (after every stage, so a stopped run keeps what it
measured) and scale-<date>.md: each stage's seconds at each N and the exponent of its growth,
log(t2 / t1) / log(N2 / N1) between consecutive sizes (1 is linear). The machine may be shared
and noisy: the exponents between sizes of one run are the figures, the seconds are not.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import random
import resource
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_env
import bench_load
import bench_query
import bench_screen
import scale_report

from kb import admin, loaders
from kb.db import Database
from kb.decisions import candidates
from kb.exposure import engine, marks, reports
from kb.exposure.profiles import load_all
from kb.loaders.formats import bundle
from kb.loaders.write import pipeline, writer
from kb.screening import portfolio
from kb.screening import screen as screening
from kb.server import manage
from kb.server.instance import Home
from kb.synth import synth

RESULTS = Path(__file__).resolve().parent / "results"
_T0 = time.perf_counter()
# The store (indexes and match keys included) grew by 2.8 MB per thousand entities between 100,000
# and 300,000 (bench/results/scale-2026-12-07.json, "store_mb"); the page cache should hold it. The
# house limit on this shared machine is 2 GB of page cache and 2 GB of heap per server.
STORE_MB_PER_ENTITY = 2.8e-3
PAGECACHE_LIMIT_MB = 2048
HEAP_LIMIT_MB = 2048


def say(message: str) -> None:
    print(f"[{time.perf_counter() - _T0:7.1f}s] {message}", file=sys.stderr, flush=True)


def sizing(entities: int) -> tuple[str, str]:
    """Heap and page cache for a server holding ``entities``: the cache sized to the expected store
    plus a fifth (rounded up to 256 MB), the heap 1 GB up to 500k entities, then 2 GB; both capped."""
    wanted = STORE_MB_PER_ENTITY * entities * 1.2
    pagecache = min(PAGECACHE_LIMIT_MB, 256 * math.ceil(wanted / 256))
    heap = min(HEAP_LIMIT_MB, 1024 if entities <= 500_000 else 2048)
    return f"{heap}m", f"{pagecache}m"


class SizedServer(bench_env.Server):
    """bench_env's server with the heap and page cache ``sizing`` gives for the graph it holds."""

    def __init__(self, root: Path, heap: str, pagecache: str) -> None:
        self.home = Home(root)
        self.instance = manage.install(
            self.home,
            bolt_port=bench_env.free_port(),
            http_port=bench_env.free_port(),
            heap=heap,
            pagecache=pagecache,
        )
        self.running = False


def megabytes(path: Path) -> float:
    return round(sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20, 1)


class CapReached(Exception):
    """Raised from suggest's progress callback when the time cap has passed."""


def capped_suggest(db: Database, cap: float) -> dict[str, Any]:
    """``kb resolve suggest`` until it finishes or ``cap`` seconds pass; how far it got if not."""
    started = time.perf_counter()
    reached = {"done": 0, "total": 0}

    def progress(stage: str, done: int, total: int) -> None:
        reached.update(done=done, total=total)
        if done < total and time.perf_counter() - started > cap:
            raise CapReached

    try:
        found = candidates.suggest(db, progress=progress, limit=candidates.SUGGESTED)  # as the CLI
    except CapReached:
        seconds = time.perf_counter() - started
        share = reached["done"] / max(reached["total"], 1)
        return {
            "seconds": None,
            "cap_seconds": cap,
            "stopped_after_seconds": round(seconds, 1),
            "entities_done": reached["done"],
            "entities_total": reached["total"],
            "extrapolated_seconds": round(seconds / share, 0) if share else None,
        }
    seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 2), "cap_seconds": cap, "candidates": len(found)}


def capped_load(db: Database, folder: Path, cap: float) -> dict[str, Any]:
    """``kb load bundle FOLDER`` in-process (as bench_load times it) until it ends or ``cap``
    seconds pass; then how many entities it had written (its server is thrown away after)."""
    started = time.perf_counter()
    reached = {"stage": "", "done": 0, "total": 0}
    shown = bench_load._progress()

    def progress(stage: str, done: int, total: int) -> None:
        shown(stage, done, total)
        if stage == "entities":
            reached.update(stage=stage, done=done, total=total)
        if time.perf_counter() - started > cap:
            raise CapReached

    options = writer.LoadOptions("bundle", str(folder), loaders.checksum(folder), progress=progress)
    try:
        report, _ = pipeline.load(db, bundle.parse, folder, options, note=say)
    except CapReached:
        seconds = time.perf_counter() - started
        return {"seconds": None, "cap_seconds": cap, "stopped_after_seconds": round(seconds, 1),
                "entities_done": reached["done"], "entities_total": reached["total"]}  # fmt: skip
    seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 2), "status": report.status, "rejected": report.rejected}


def query_stages(db: Database, folder: Path, seed: int, on: dt.date, out: dict[str, Any]) -> None:
    """derive (cold, warm, marks), exposure p50/p99, affiliates --of, as bench_query measures them."""
    profiles = load_all()
    found_by, cold = bench_query.timed(engine.derive_all, db, profiles, on)
    out["derive_cold"] = {"seconds": round(cold, 2)}
    _, warm = bench_query.timed(engine.derive_all, db, profiles, on)
    out["derive_warm"] = {"seconds": round(warm, 2)}
    started = time.perf_counter()
    for profile in profiles:
        marks.write(db, profile, on, found_by[profile.name])
    out["marks_write"] = {"seconds": round(time.perf_counter() - started, 2)}
    say(f"derive cold {cold:.1f}s, warm {warm:.1f}s, marks {out['marks_write']['seconds']}s")
    rng = random.Random(seed)  # noqa: S311 - a reproducible sample, not a secret
    with (folder / "entities.csv").open(encoding="utf-8") as file:
        ids = [line.split(",", 1)[0] for line in file.readlines()[1:]]
    exposure = bench_query.latencies(db, rng.sample(ids, min(1000, len(ids))), on)
    out["exposure_p50"] = {"seconds": exposure["p50_ms"] / 1000, **exposure}
    out["exposure_p99"] = {"seconds": exposure["p99_ms"] / 1000}
    carried: dict[str, int] = {}
    for determination in found_by["bis"].values():
        for owner in determination.listed_owners:
            carried[owner] = carried.get(owner, 0) + 1
    largest = max(sorted(carried), key=lambda owner: carried[owner])
    bis = [p for p in profiles if p.name == "bis"]
    rows, seconds = bench_query.timed(reports.affiliates, db, bis, on, largest)
    out["affiliates"] = {"seconds": round(seconds, 2), "of": largest, "rows": len(rows)}
    say(f"exposure {exposure}; affiliates --of {largest}: {len(rows)} rows in {seconds:.1f}s")


def screen_stage(db: Database, work: Path, folder: Path, rows: int, seed: int, on: dt.date) -> dict[str, Any]:
    path = work / "portfolio.csv"
    bench_screen.write_portfolio(folder, path, rows, random.Random(seed))  # noqa: S311 - reproducible
    started = time.perf_counter()
    holdings = portfolio.read(path)
    matched = screening.match(db, holdings)
    screening.exposures(db, screening.answer_ids(matched), load_all(), on)
    seconds = time.perf_counter() - started
    say(f"screened {len(holdings):,} rows in {seconds:.1f}s")
    return {
        "seconds": round(seconds, 2),
        "rows": len(holdings),
        "matched": sum(1 for s in matched if s.entity),
    }


def run_size(
    args: argparse.Namespace, entities: int, work: Path, stages: dict[str, Any], save: Callable[[], None]
) -> dict[str, Any]:
    """Every stage at one size; ``stages`` is filled (and ``save`` called) as each one ends."""
    on = dt.date.fromisoformat(args.as_of)
    heap, pagecache = sizing(entities)
    stages["memory"] = {"heap": heap, "pagecache": pagecache}
    stages["loadavg_start"] = [round(x, 2) for x in os.getloadavg()]
    folder = work / "synth"
    say(f"N={entities:,}: writing the bundle; server heap {heap}, page cache {pagecache}")
    made, seconds = bench_query.timed(synth, entities, args.seed, folder)
    rows = bench_env.bundle_rows(made)
    stages["generate"] = {"seconds": round(seconds, 2)}
    stages["bundle"] = {"rows": rows, "megabytes": megabytes(folder)}
    save()
    server = SizedServer(work / "home", heap, pagecache)
    try:
        bulk = bench_load.timed_bulk(server, folder, rows)
        server.running = True
        stages["load_bulk"] = {k: bulk[k] for k in ("seconds", "parse_seconds", "load_seconds", "rows_per_s")}
        stages["store_mb"] = megabytes(server.home.data)
        say(f"kb load --bulk: {bulk['seconds']}s, store {stages['store_mb']} MB")
        save()
        with server.connect() as db:
            stages["graph"] = bench_env.graph_counts(db)
            query_stages(db, folder, args.seed, on, stages)
            save()
            stages["screen"] = screen_stage(db, work, folder, args.rows, args.seed, on)
            save()
            say(f"kb resolve suggest, capped at {args.suggest_cap:.0f}s")
            stages["suggest"] = capped_suggest(db, args.suggest_cap)
            say(f"suggest: {stages['suggest']}")
            save()
        stages["machine"] = bench_env.machine(server.instance) | {"heap": heap, "pagecache": pagecache}
    finally:
        server.stop()
    if args.incremental:
        fresh = SizedServer(work / "home-incremental", heap, pagecache)
        try:
            fresh.start()
            with fresh.connect() as db:
                admin.init(db)
                say("kb load, incremental, cold")
                stages["load_incremental"] = capped_load(db, folder, args.load_cap)
            say(f"kb load cold: {stages['load_incremental']}")
        finally:
            fresh.stop()
    stages["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    stages["disk_free_gb"] = round(shutil.disk_usage(work).free / 2**30, 1)
    # kb parses a bundle into memory: the process's peak so far (sizes run smallest first)
    stages["python_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    save()
    return stages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="100000,1000000", help="entity counts, comma-separated")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rows", type=int, default=10_000, help="portfolio rows screened")
    parser.add_argument("--suggest-cap", type=float, default=600.0, help="seconds before suggest is stopped")
    parser.add_argument("--load-cap", type=float, default=7200.0, help="seconds before kb load is stopped")
    parser.add_argument(
        "--incremental",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="kb's incremental cold load",
    )
    parser.add_argument("--as-of", default=dt.date.today().isoformat())
    parser.add_argument("--workdir", type=Path, default=None, help="where the temporary homes go")
    parser.add_argument("--keep", action="store_true", help="keep the bundles and the kb homes")
    parser.add_argument(
        "--out", type=Path, default=None, help="results stem (default bench/results/scale-DATE)"
    )
    parser.add_argument(
        "--report", type=Path, default=None, help="only rewrite the .md of this results .json"
    )
    args = parser.parse_args(argv)
    if args.report:
        args.report.with_suffix(".md").write_text(scale_report.markdown(json.loads(args.report.read_text())))
        return 0
    sizes = sorted(int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip())
    stem = args.out or RESULTS / f"scale-{dt.date.today().isoformat()}"
    stem.parent.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {
        "date": dt.date.today().isoformat(),
        "seed": args.seed,
        "suggest_cap_seconds": args.suggest_cap,
        "sizes": {},
    }

    def save() -> None:
        stem.with_suffix(".json").write_text(json.dumps(results, indent=2) + "\n")
        stem.with_suffix(".md").write_text(scale_report.markdown(results))

    for entities in sizes:
        stages: dict[str, Any] = {}
        results["sizes"][str(entities)] = stages
        args.entities = entities

        def one_size(a: argparse.Namespace, work: Path, _: list[bench_env.Server]) -> dict[str, Any]:
            return run_size(a, a.entities, work, results["sizes"][str(a.entities)], save)

        bench_env.in_workdir(f"kb-bench-scale-{entities}-", args, one_size, say)
    save()
    print(stem.with_suffix(".md").read_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
