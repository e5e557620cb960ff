"""Incremental writer benchmark: this checkout's ``kb load`` against another checkout's (the
baseline, e.g. a git worktree of main) on one synthetic bundle and one server, in one run.

    python bench/bench_writer.py --baseline /path/to/old/checkout [--entities N] [--seed S]

One server (heap 2g, page cache 2g) on a free port; kb reaches it over Bolt only, as it reaches a
remote server. For each checkout in turn (each in a child process importing that checkout's kb):
wipe the graph, build the schema, cold load, reload of the unchanged bundle (the line-level
delta), reload comparing every record (``--full-diff``), and the next snapshot (a 1% delta).
Figures go to ``bench/results/writer-<date>-n<N>.json``. The machine may be shared and noisy:
compare the ratios of the two checkouts, measured minutes apart, not the seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"


def child(uri: str, password: str, folder: Path, next_folder: Path, rows: int) -> dict[str, Any]:
    """In the checkout on PYTHONPATH: every stage on the server at ``uri``, timed."""
    from kb import admin, loaders
    from kb.connection import Connection
    from kb.db import Database
    from kb.loaders.formats import bundle
    from kb.loaders.write import pipeline, writer

    db = Database.connect(Connection(uri=uri, username="neo4j", password=password), warn_notifications=False)

    def timed(path: Path, changed_lines: bool = True) -> dict[str, Any]:
        started = time.perf_counter()
        options = writer.LoadOptions("bundle", str(path), loaders.checksum(path))
        report, _ = pipeline.load(db, bundle.parse, path, options, changed_lines=changed_lines)
        seconds = time.perf_counter() - started
        return {
            "seconds": round(seconds, 2),
            "rows_per_s": round(rows / seconds),
            "status": report.status,
            "counts": report.counts,
        }

    admin.wipe(db)
    admin.init(db)
    stages = {"cold": timed(folder)}
    stages["reload"] = timed(folder)
    stages["reload_full_diff"] = timed(folder, changed_lines=False)
    stages["delta"] = timed(next_folder)
    nodes = db.read("MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n ORDER BY label")
    rels = db.read("MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n ORDER BY type")
    db.close()
    return {
        **stages,
        "graph": {
            "nodes": {row["label"]: row["n"] for row in nodes},
            "relationships": {row["type"]: row["n"] for row in rels},
        },
    }


def run(args: argparse.Namespace, work: Path, servers: list[Any]) -> dict[str, Any]:
    import bench_env

    from kb.synth import synth
    from kb.synth.delta import delta

    folder = work / "synth"
    made = synth(args.entities, args.seed, folder)
    rows = bench_env.bundle_rows(made)
    next_folder = work / "delta" / "synth"
    changed = delta(folder, next_folder, args.delta, args.seed + 1)
    bench_env.PAGECACHE = "2g"  # two servers' worth of memory is more than a shared machine spares
    server = bench_env.Server(work / "home")
    servers.append(server)
    server.start()
    with server.connect() as db:
        connection = db.connection
    checkouts = {"baseline": args.baseline.resolve(), "current": Path(__file__).resolve().parent.parent}
    results: dict[str, Any] = {}
    for name, checkout in checkouts.items():
        print(f"{name}: {checkout}", file=sys.stderr, flush=True)
        argv = [sys.executable, __file__, "--child", connection.uri, str(folder), str(next_folder), str(rows)]
        env = {**os.environ, "PYTHONPATH": str(checkout), "KB_BENCH_PASSWORD": connection.password}
        out = subprocess.run(argv, env=env, check=True, capture_output=True, text=True, cwd=checkout).stdout
        results[name] = json.loads(out.strip().splitlines()[-1])
        print(json.dumps({k: v.get("seconds") for k, v in results[name].items()}), file=sys.stderr)
    server.stop()
    base, current = results["baseline"], results["current"]
    return {
        "date": dt.date.today().isoformat(),
        "entities": args.entities,
        "seed": args.seed,
        "bundle": {**made, "rows": rows},
        "delta": changed,
        **results,
        "ratios": {
            f"{stage}_current_over_baseline": round(current[stage]["seconds"] / base[stage]["seconds"], 3)
            for stage in ("cold", "reload", "reload_full_diff", "delta")
        },
        "checks": {
            "same_graph_counts": base["graph"] == current["graph"],
            "same_counts_every_stage": all(
                base[s]["counts"] == current[s]["counts"]
                for s in ("cold", "reload", "reload_full_diff", "delta")
            ),
        },
        "machine": {
            **bench_env.machine(server.instance),
            "loadavg_end": [round(x, 2) for x in os.getloadavg()],
        },
    }


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--child":
        uri, folder, next_folder, rows = argv[1:5]
        password = os.environ["KB_BENCH_PASSWORD"]
        print(json.dumps(child(uri, password, Path(folder), Path(next_folder), int(rows)), default=str))
        return 0
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import bench_env

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--baseline", type=Path, required=True, help="the checkout to compare against")
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--delta", type=float, default=0.01)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    load_before = [round(x, 2) for x in os.getloadavg()]
    results = bench_env.in_workdir("kb-writer-", args, run, lambda message: print(message, file=sys.stderr))
    results["machine"]["loadavg_start"] = load_before
    out = args.out or RESULTS / f"writer-{results['date']}-n{args.entities}.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results["ratios"]), json.dumps(results["checks"]))
    print(f"results: {out}")
    return 0 if all(results["checks"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
