"""Load benchmark: kb's loader against ``neo4j-admin database import`` on one synthetic bundle.

    python bench/bench_load.py [--entities N] [--seed S] [--delta 0.01] [--keep]

In one run: (a) write a synthetic bundle (``kb.synth``, default 1,000,000 entities) and a 1%
delta of it; (b) baseline: the same data through ``neo4j-admin database import full`` into an
empty database of a fresh kb home, then start that server, count nodes and relationships per label
and type, and build kb's schema (indexes) on the imported data; (c) kb's cold load (parse +
``writer.load``) into another fresh kb home with the schema applied; (d) a reload of the unchanged
bundle, which must write nothing; (e) the delta. Figures go to ``bench/results/load-<date>.json``
(``load-<date>-n<N>.json`` for other sizes) and a short table on stdout. Servers run with heap 2g
and page cache 1g on free ports, one at a time; temporary homes are removed at the end.
The machine may be shared and noisy: compare the ratios, not the seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import admin_import
import bench_env

from kb import admin, loaders
from kb.db import Database
from kb.loaders.bulk import bulk_load
from kb.loaders.formats import bundle
from kb.loaders.write import pipeline, writer
from kb.synth import synth
from kb.synth.delta import delta

RESULTS = Path(__file__).resolve().parent / "results"
BOOKKEEPING_NODES = {"Source": 1, "LoadRun": 1}  # what a kb load adds beyond the data
BOOKKEEPING_RELS = {"OF_SOURCE": 1}
# The writer also keeps the match-key index of `kb screen`; a bulk import gets it afterwards from
# `kb db reindex-names` (kb load --bulk runs it). The graphs compared here are the facts.
DERIVED = frozenset({"MatchKey", "HAS_MATCH_KEY"})
_T0 = time.perf_counter()


def say(message: str) -> None:
    print(f"[{time.perf_counter() - _T0:7.1f}s] {message}", file=sys.stderr, flush=True)


def _progress() -> writer.Progress:
    shown: dict[str, int] = {}

    def show(stage: str, done: int, total: int) -> None:
        tenth = 10 * done // max(total, 1)
        if shown.get(stage, -1) < tenth:
            shown[stage] = tenth
            say(f"  {stage}: {done:,}/{total:,}")

    return show


def timed_load(db: Database, folder: Path, rows: int, changed_lines: bool = True) -> dict[str, Any]:
    """``kb load bundle FOLDER`` in-process (``--full-diff`` without ``changed_lines``): checksum,
    then parse and write, or read the changed lines and write; seconds of each."""
    started = time.perf_counter()
    options = writer.LoadOptions("bundle", str(folder), loaders.checksum(folder), progress=_progress())
    parsed = time.perf_counter()
    report, _ = pipeline.load(db, bundle.parse, folder, options, note=say, changed_lines=changed_lines)
    done = time.perf_counter()
    return {**_timing(started, parsed, done, rows, report), "line_delta": "line_delta" in report.counts}


def _timing(
    started: float, parsed: float, done: float, rows: int, report: writer.LoadReport
) -> dict[str, Any]:
    return {
        "parse_seconds": round(parsed - started, 2),
        "load_seconds": round(done - parsed, 2),
        "seconds": round(done - started, 2),
        "rows_per_s": round(rows / (done - started)),
        "status": report.status,
        "rejected": report.rejected,
        "counts": report.counts,
    }


def timed_bulk(server: bench_env.Server, folder: Path, rows: int) -> dict[str, Any]:
    """``kb load bundle FOLDER --bulk`` in-process, server start and schema included."""
    started = time.perf_counter()
    dataset = bundle.parse(folder)
    options = writer.LoadOptions("bundle", str(folder), loaders.checksum(folder), progress=_progress())
    parsed = time.perf_counter()
    report = bulk_load(server.home, dataset, options)
    with server.connect() as db:
        pipeline.keep_snapshot(db, folder, dataset, report, options)  # as `kb load --bulk` does
    done = time.perf_counter()
    return _timing(started, parsed, done, rows, report)


def without(found: dict[str, int], extra: dict[str, int]) -> dict[str, int]:
    return {k: v - extra.get(k, 0) for k, v in found.items() if k not in DERIVED and v - extra.get(k, 0)}


def run(args: argparse.Namespace, work: Path, servers: list[bench_env.Server]) -> dict[str, Any]:
    folder = work / "synth"
    say(f"writing a synthetic bundle of {args.entities:,} entities (seed {args.seed})")
    started = time.perf_counter()
    made = synth(args.entities, args.seed, folder)
    generate_s = time.perf_counter() - started
    rows = bench_env.bundle_rows(made)
    next_folder = work / "delta" / "synth"  # same folder name: the same source, next snapshot
    changed = delta(folder, next_folder, args.delta, args.seed + 1)
    size_mb = sum(p.stat().st_size for p in folder.iterdir()) / 2**20
    say(f"bundle: {rows:,} rows, {size_mb:.0f} MB in {generate_s:.1f}s; delta: {changed}")
    checks: dict[str, bool] = {}

    say("admin import: writing the import CSV files")
    started = time.perf_counter()
    files = admin_import.write_import_files(folder, work / "import")
    convert_s = time.perf_counter() - started
    base = bench_env.Server(work / "home-import")
    servers.append(base)
    say("admin import: neo4j-admin database import full")
    import_s = admin_import.run_import(base.instance, base.home, files, heap=bench_env.HEAP, off_heap="2g")
    say(f"admin import: {import_s:.1f}s; starting the server")
    started = time.perf_counter()
    base.start()
    start_s = time.perf_counter() - started
    with base.connect() as db:
        imported = bench_env.graph_counts(db)
        say("admin import: building kb's schema on the imported graph")
        started = time.perf_counter()
        admin.init(db, timeout_seconds=3600)
        schema_s = time.perf_counter() - started
    base.stop()
    checks["admin_import_nodes_as_expected"] = not bench_env.differences(files.labels, imported["nodes"])
    checks["admin_import_relationships_as_expected"] = not bench_env.differences(
        files.types, imported["relationships"]
    )
    machine = bench_env.machine(base.instance)

    say("kb --bulk: parse, import files, neo4j-admin import, schema, into an empty local database")
    bulk_server = bench_env.Server(work / "home-bulk")
    servers.append(bulk_server)
    bulk = timed_bulk(bulk_server, folder, rows)
    bulk_server.running = True
    with bulk_server.connect() as db:
        bulk_graph = bench_env.graph_counts(db)
        say(f"kb --bulk: {bulk['seconds']}s; incremental reload on the bulk-built graph")
        bulk_reload = timed_load(db, folder, rows)
        say(f"kb reload after --bulk: {bulk_reload['seconds']}s; the delta compared record by record")
        delta_full = timed_load(db, next_folder, rows, changed_lines=False)
        say(f"kb delta, every record compared (--full-diff): {delta_full['seconds']}s")
    bulk_server.stop()
    checks["kb_bulk_equals_admin_import"] = (
        without(bulk_graph["nodes"], BOOKKEEPING_NODES) == imported["nodes"]
        and without(bulk_graph["relationships"], BOOKKEEPING_RELS) == imported["relationships"]
    )
    checks["kb_reload_after_bulk_writes_nothing"] = all(
        v == 0 for k, v in bulk_reload["counts"].items() if k.endswith(("_written", "_closed"))
    )

    say("kb: fresh server, schema, cold load")
    target = bench_env.Server(work / "home-kb")
    servers.append(target)
    target.start()
    with target.connect() as db:
        admin.init(db)
        cold = timed_load(db, folder, rows)
        loaded = bench_env.graph_counts(db)
        say(f"kb cold load: {cold['seconds']}s; reload comparing every record (--full-diff)")
        reload_full = timed_load(db, folder, rows, changed_lines=False)
        say(f"kb reload, every record compared: {reload_full['seconds']}s; reload")
        reload = timed_load(db, folder, rows)
        say(f"kb reload: {reload['seconds']}s; delta")
        update = timed_load(db, next_folder, rows)
        say(f"kb delta: {update['seconds']}s")
    target.stop()
    checks["kb_cold_load_equals_admin_import"] = (
        without(loaded["nodes"], BOOKKEEPING_NODES) == imported["nodes"]
        and without(loaded["relationships"], BOOKKEEPING_RELS) == imported["relationships"]
    )
    checks["kb_cold_load_nothing_rejected"] = cold["rejected"] == 0 and cold["status"] == "succeeded"
    for name, stage in (("kb_reload", reload), ("kb_reload_full_diff", reload_full)):
        checks[f"{name}_writes_nothing"] = all(
            v == 0 for k, v in stage["counts"].items() if k.endswith(("_written", "_closed"))
        )
    checks["kb_reload_and_delta_read_changed_lines"] = reload["line_delta"] and update["line_delta"]
    for name, stage in (("kb_delta", update), ("kb_delta_full_diff", delta_full)):
        counts = stage["counts"]
        checks[f"{name}_writes_the_delta"] = (
            counts["entities_written"] == changed["entities_changed"]
            and counts["stakes_written"] == changed["stakes_changed"] + changed["stakes_added"]
            and counts["listings_closed"] == changed["listings_removed"]
        )
    admin_s = import_s
    return {
        "date": dt.date.today().isoformat(),
        "entities": args.entities,
        "seed": args.seed,
        "bundle": {**made, "rows": rows, "megabytes": round(size_mb, 1)},
        "delta": {**changed, "fraction": args.delta, "rows_changed": sum(changed.values())},
        "generate": {"seconds": round(generate_s, 2), "rows_per_s": round(rows / generate_s)},
        "admin_import": {
            "convert_seconds": round(convert_s, 2),
            "seconds": round(import_s, 2),
            "rows_per_s": round(rows / import_s),
            "server_start_seconds": round(start_s, 2),
            "schema_seconds": round(schema_s, 2),
            "graph": imported,
        },
        "kb_bulk": {**bulk, "graph": bulk_graph},
        "kb_reload_after_bulk": bulk_reload,
        "kb_cold": {**cold, "graph": loaded},
        "kb_reload": reload,
        "kb_reload_full_diff": reload_full,
        "kb_delta": update,
        "kb_delta_full_diff": delta_full,
        "ratios": {
            "bulk_over_admin_import": round(bulk["seconds"] / admin_s, 2),
            "bulk_over_admin_import_with_convert_and_schema": round(
                bulk["seconds"] / (convert_s + admin_s + schema_s), 2
            ),
            "cold_over_admin_import": round(cold["seconds"] / admin_s, 2),
            "cold_over_admin_import_with_schema": round(cold["seconds"] / (admin_s + schema_s), 2),
            "reload_over_cold": round(reload["seconds"] / cold["seconds"], 3),
            "reload_full_diff_over_cold": round(reload_full["seconds"] / cold["seconds"], 3),
            "delta_full_diff_over_cold": round(delta_full["seconds"] / cold["seconds"], 3),
            "delta_over_cold": round(update["seconds"] / cold["seconds"], 3),
            "delta_over_reload": round(update["seconds"] / reload["seconds"], 2),
        },
        "checks": checks,
        "machine": machine,
    }


def table(results: dict[str, Any]) -> str:
    lines = [f"{'stage':<34}{'seconds':>10}{'rows/s':>12}{'x admin import':>16}"]
    admin_s = results["admin_import"]["seconds"]
    stages = (
        ("generate bundle (kb synth)", results["generate"]),
        ("neo4j-admin database import", results["admin_import"]),
        ("kb load --bulk (all of it)", results["kb_bulk"]),
        ("kb cold load (parse + write)", results["kb_cold"]),
        ("kb reload, unchanged", results["kb_reload"]),
        ("kb reload, --full-diff", results["kb_reload_full_diff"]),
        (f"kb delta ({results['delta']['rows_changed']:,} rows)", results["kb_delta"]),
        ("kb delta, --full-diff", results["kb_delta_full_diff"]),
    )
    for name, stage in stages:
        lines.append(
            f"{name:<34}{stage['seconds']:>10.1f}{stage['rows_per_s']:>12,}"
            f"{stage['seconds'] / admin_s:>16.2f}"
        )
    lines.append(f"schema on the imported graph: {results['admin_import']['schema_seconds']:.1f}s")
    lines.append("ratios: " + ", ".join(f"{k}={v}" for k, v in results["ratios"].items()))
    failed = [name for name, ok in results["checks"].items() if not ok]
    lines.append("checks: " + ("all passed" if not failed else "FAILED " + ", ".join(failed)))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--entities", type=int, default=1_000_000, help="bundle size (default 1,000,000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--delta", type=float, default=0.01, help="share of rows the delta changes")
    parser.add_argument("--workdir", type=Path, default=None, help="where the temporary homes go")
    parser.add_argument("--keep", action="store_true", help="keep the bundle and the kb homes")
    parser.add_argument("--out", type=Path, default=None, help="results file (default bench/results/…)")
    args = parser.parse_args(argv)
    load_before = os.getloadavg()
    results = bench_env.in_workdir("kb-bench-", args, run, say)
    results["machine"]["loadavg_start"] = [round(x, 2) for x in load_before]
    results["machine"]["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    suffix = "" if args.entities == 1_000_000 else f"-n{args.entities}"
    out = args.out or RESULTS / f"load-{results['date']}{suffix}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, sort_keys=False) + "\n")
    print(table(results))
    print(f"results: {out}")
    return 0 if all(results["checks"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
