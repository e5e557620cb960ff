"""Spark benchmark: ``kb load --engine spark`` against ``kb load`` (and neo4j-admin import) in one run.

    python bench/bench_spark.py [--entities N] [--seed S] [--master URL] [--parallel K] [--admin]

(a) write a synthetic bundle (``kb.synth``, default 100,000 entities); (b) ``kb load`` cold into a
fresh server with kb's schema; (c) ``kb load --engine spark`` cold into another fresh server, then
again (it must write nothing), and the two graphs' counts per label and type compared; (d) with
``--admin``, the same bundle through ``neo4j-admin database import full``. Figures go to
``bench/results/spark-<date>[-nN].json``. Servers run one at a time with heap 2g and page cache
1g; the machine may be shared and noisy: compare the ratios, not the seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import admin_import
import bench_env
from bench_load import say, timed_load

from kb import admin, loaders
from kb.db import Database
from kb.loaders import spark as spark_engine
from kb.loaders.formats import bundle
from kb.loaders.spark import session
from kb.loaders.write import writer
from kb.synth import synth

bench_env.PAGECACHE = "1g"  # several helpers share the machine: at most 2g each


def timed_spark(db: Database, folder: Path, rows: int, args: argparse.Namespace) -> dict[str, Any]:
    started = time.perf_counter()
    spark = session.start(db.connection, args.master)
    ready = time.perf_counter()
    options = writer.LoadOptions("bundle", str(folder), loaders.checksum(folder))
    report, _ = spark_engine.load(db, bundle.parse, folder, options, spark=spark, parallel=args.parallel)
    done = time.perf_counter()
    spark.stop()
    return {
        "session_seconds": round(ready - started, 2),
        "load_seconds": round(done - ready, 2),
        "seconds": round(done - started, 2),
        "rows_per_s": round(rows / (done - started)),
        "rows_per_s_without_session_start": round(rows / (done - ready)),
        "status": report.status,
        "rejected": report.rejected,
        "counts": report.counts,
    }


def run(args: argparse.Namespace, work: Path, servers: list[bench_env.Server]) -> dict[str, Any]:
    folder = work / "synth"
    say(f"writing a synthetic bundle of {args.entities:,} entities (seed {args.seed})")
    made = synth(args.entities, args.seed, folder)
    rows = bench_env.bundle_rows(made)
    results: dict[str, Any] = {"date": dt.date.today().isoformat(), "entities": args.entities,
                               "bundle": {**made, "rows": rows}, "master": args.master or "local[*]",
                               "parallel": args.parallel}  # fmt: skip
    say("kb load: fresh server, schema, cold load")
    driver_server = bench_env.Server(work / "home-driver")
    servers.append(driver_server)
    driver_server.start()
    with driver_server.connect() as db:
        admin.init(db)
        results["kb_load"] = timed_load(db, folder, rows)
        driver_graph = bench_env.graph_counts(db)
    driver_server.stop()
    say(f"kb load: {results['kb_load']['seconds']}s; kb load --engine spark: fresh server, schema, cold load")
    spark_server = bench_env.Server(work / "home-spark")
    servers.append(spark_server)
    spark_server.start()
    with spark_server.connect() as db:
        admin.init(db)
        results["spark_load"] = timed_spark(db, folder, rows, args)
        spark_graph = bench_env.graph_counts(db)
        say(f"spark cold: {results['spark_load']['seconds']}s; spark reload")
        results["spark_reload"] = timed_spark(db, folder, rows, args)
    spark_server.stop()
    if args.admin:
        say("admin import: writing the import files, neo4j-admin database import full")
        files = admin_import.write_import_files(folder, work / "import")
        base = bench_env.Server(work / "home-import")
        servers.append(base)
        seconds = admin_import.run_import(base.instance, base.home, files, heap=bench_env.HEAP, off_heap="1g")
        results["admin_import"] = {"seconds": round(seconds, 2), "rows_per_s": round(rows / seconds)}
    spark_s, driver_s = results["spark_load"]["seconds"], results["kb_load"]["seconds"]
    results["ratios"] = {
        "spark_over_kb_load": round(spark_s / driver_s, 2),
        "spark_without_session_over_kb_load": round(results["spark_load"]["load_seconds"] / driver_s, 2),
    }
    if args.admin:
        admin_s = results["admin_import"]["seconds"]
        results["ratios"]["spark_over_admin_import"] = round(spark_s / admin_s, 2)
        results["ratios"]["kb_load_over_admin_import"] = round(driver_s / admin_s, 2)
    results["checks"] = {
        "spark_graph_counts_equal_kb_load": spark_graph == driver_graph,
        "spark_reload_writes_nothing": not any(
            v for k, v in results["spark_reload"]["counts"].items() if k.endswith(("_written", "_closed"))
        ),
    }
    results["graph"] = spark_graph
    results["machine"] = bench_env.machine(spark_server.instance)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--master", default=None, help="Spark master URL (default local[*])")
    parser.add_argument("--parallel", type=int, default=2, help="partitions writing at once")
    parser.add_argument("--admin", action="store_true", help="also time neo4j-admin database import")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    load_before = os.getloadavg()
    results = bench_env.in_workdir("kb-spark-", args, run, say)
    results["machine"]["loadavg_start"] = [round(x, 2) for x in load_before]
    results["machine"]["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    bench_env.write_results("spark", args, results)
    return 0 if all(results["checks"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
