"""Where a cold ``kb load`` spends the machine: CPU seconds of the server and of kb, per row.

    python bench/bench_cpu.py [--entities N] [--seed S] [--heap SIZE]

(a) write a synthetic bundle (``kb.synth``, default 100,000 entities); (b) cold-load it into a
fresh server with kb's schema, as ``kb load`` does against a remote server, reading the CPU time
of the server's process (``/proc``) and of kb's (this process and its match-key workers) before
and after, and keeping every write statement with its parameters; (c) the same statements, in the
same order, replayed on a second fresh server by one thread: the server's own work with kb's
Python taken away. Figures go to ``bench/results/cpu-<date>-n<N>.json``.

On C cores a load takes at least (server CPU + kb CPU) / C seconds, and the server alone at least
server CPU / C: a ceiling no change to kb's client can lift. The figures say how many cores the
server needs for a given rate of rows per second.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import resource
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_env
from bench_load import say, timed_load

from kb import admin
from kb.db import Database
from kb.server import process
from kb.synth import synth

RESULTS = Path(__file__).resolve().parent / "results"
TARGET = 20_000  # rows/s: issue 20's target for a cold load at 1M
Statements = list[tuple[str, Mapping[str, Any]]]


def _ticks(stat: Path) -> float:
    fields = stat.read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_cpu(server: bench_env.Server) -> dict[str, float]:
    """User + system CPU seconds of the server's threads (``/proc/PID/task``), by kind of thread:
    query (Bolt workers: Cypher, transactions, index updates at commit), jit, gc, other."""
    pid = process.running_pid(server.home)
    if pid is None:
        raise RuntimeError("the benchmark server is not running")
    seconds: dict[str, float] = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):  # a thread may end between listing and reading
            kind = _thread_kind((task / "comm").read_text())
            seconds[kind] = seconds.get(kind, 0.0) + _ticks(task / "stat")
    return seconds


def _thread_kind(name: str) -> str:
    if name.startswith("neo4j.Bolt"):
        return "query"
    if "CompilerThre" in name:
        return "jit"
    if name.startswith(("GC Thread", "G1 ")):
        return "gc"
    return "other"


def _spent(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    spent = {kind: round(after[kind] - before.get(kind, 0.0), 1) for kind in sorted(after)}
    return {"total": round(sum(spent.values()), 1), **spent}


def own_cpu() -> float:
    """CPU seconds of this process and of its children that ended (the match-key pool)."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


class Recorder:
    """Keeps every statement the writer sends (in ``write`` and ``write_together``), in order."""

    def __init__(self) -> None:
        self.groups: list[Statements] = []
        self._write, self._together = Database.write, Database.write_together

    def __enter__(self) -> Recorder:
        write, together, groups = self._write, self._together, self.groups

        def recorded_write(db: Database, query: str, parameters: Mapping[str, Any] | None = None) -> Any:
            groups.append([(query, dict(parameters or {}))])
            return write(db, query, parameters)

        def recorded_together(db: Database, statements: Sequence[tuple[str, Mapping[str, Any]]]) -> None:
            groups.append(list(statements))
            together(db, statements)

        setattr(Database, "write", recorded_write)  # noqa: B010 (a bench's probe, not kb's code)
        setattr(Database, "write_together", recorded_together)  # noqa: B010
        return self

    def __exit__(self, *exc: object) -> None:
        setattr(Database, "write", self._write)  # noqa: B010
        setattr(Database, "write_together", self._together)  # noqa: B010


def fresh_server(work: Path, name: str, servers: list[bench_env.Server]) -> bench_env.Server:
    server = bench_env.Server(work / name)
    servers.append(server)
    server.start()
    with server.connect() as db:
        admin.init(db)
    return server


def run(args: argparse.Namespace, work: Path, servers: list[Any]) -> dict[str, Any]:
    folder = work / "synth"
    say(f"writing a synthetic bundle of {args.entities:,} entities (seed {args.seed})")
    made = synth(args.entities, args.seed, folder)
    rows = bench_env.bundle_rows(made)
    server = fresh_server(work, "home-load", servers)
    say("kb load, cold, statements recorded")
    with server.connect() as db, Recorder() as recorder:
        server0, own0 = server_cpu(server), own_cpu()
        load = timed_load(db, folder, rows)
        load_server, kb_cpu = _spent(server0, server_cpu(server)), round(own_cpu() - own0, 1)
    server.stop()
    replayed = fresh_server(work, "home-replay", servers)
    say(f"replaying {len(recorder.groups):,} write transactions, one thread")
    with replayed.connect() as db:
        server0, started = server_cpu(replayed), time.perf_counter()
        for group in recorder.groups:
            db.write_together(group)
        seconds = time.perf_counter() - started
        alone = _spent(server0, server_cpu(replayed))
    replayed.stop()
    cores = os.cpu_count() or 1
    return {
        "date": dt.date.today().isoformat(),
        "entities": args.entities,
        "rows": rows,
        "cores": cores,
        "cold_load": {
            "seconds": load["seconds"],
            "rows_per_s": load["rows_per_s"],
            "server_cpu": load_server,
            "kb_cpu": kb_cpu,
            "server_cpu_ms_per_1000_rows": round(1e6 * load_server["total"] / rows, 1),
            "kb_cpu_ms_per_1000_rows": round(1e6 * kb_cpu / rows, 1),
            "bound_rows_per_s": round(rows * cores / (load_server["total"] + kb_cpu)),
        },
        "server_alone": {
            "seconds": round(seconds, 1),
            "rows_per_s": round(rows / seconds),
            "server_cpu": alone,
            "server_cpu_ms_per_1000_rows": round(1e6 * alone["total"] / rows, 1),
            "bound_rows_per_s": round(rows * cores / alone["total"]),
        },
        f"server_cores_for_{TARGET}_rows_per_s": round(TARGET * alone["total"] / rows, 1),
        "counts": load["counts"],
        "machine": {
            **bench_env.machine(server.instance),
            "loadavg_end": [round(x, 2) for x in os.getloadavg()],
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--heap", default=bench_env.HEAP, help="the servers' heap (default %(default)s)")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    bench_env.HEAP = args.heap
    load_before = [round(x, 2) for x in os.getloadavg()]
    results = bench_env.in_workdir("kb-cpu-", args, run, say)
    results["machine"]["loadavg_start"] = load_before
    heap = "" if args.heap == "2g" else f"-heap{args.heap}"
    out = args.out or RESULTS / f"cpu-{results['date']}-n{args.entities}{heap}.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps({k: results[k] for k in ("cold_load", "server_alone")}))
    print(f"results: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
