"""Servers and machine facts for the benchmarks: fresh kb homes on free ports, graph counts."""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kb import loaders, schema
from kb.db import Database
from kb.loaders.bulk import bulk_load
from kb.loaders.dataset import Dataset
from kb.loaders.formats import bundle
from kb.loaders.write import pipeline, writer
from kb.server import manage
from kb.server.instance import Home, Instance, machine_memory

# The page cache holds the whole 1M-entity store (2.2 GB with its indexes), as Neo4j's memory
# sizing guidance asks of a production server; the machine has 24 GiB.
HEAP, PAGECACHE = "2g", "3g"
TAKEN = {7687, 7474, 27687, 27474, 17687, 17474}  # other servers on this machine


def free_port() -> int:
    while True:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = int(probe.getsockname()[1])
        if port not in TAKEN:
            return port


BUNDLE_ROWS = ("entities", "ownership_rows", "jv_rows", "control_rows", "listing_rows")


def bundle_rows(made: dict[str, int]) -> int:
    """A synthetic bundle's rows (what rows/s figures divide by), from ``kb.synth``'s counts."""
    return sum(made[k] for k in BUNDLE_ROWS)


class Server:
    """A kb home of its own in ``root``, installed (jars, config, password) but not started."""

    def __init__(self, root: Path) -> None:
        self.home = Home(root)
        self.instance: Instance = manage.install(
            self.home, bolt_port=free_port(), http_port=free_port(), heap=HEAP, pagecache=PAGECACHE
        )
        self.running = False

    def start(self) -> None:
        manage.start(self.home, timeout=600)
        self.running = True

    def stop(self) -> None:
        if self.running:
            self.running = False
            manage.stop(self.home, timeout=300)

    def connect(self) -> Database:
        return Database.connect(manage.local_connection(self.instance, self.home), warn_notifications=False)


def graph_counts(db: Database) -> dict[str, dict[str, int]]:
    """Nodes per label and relationships per type, from Neo4j's count store."""
    labels = {label: _count(db, f"MATCH (:{label}) RETURN count(*) AS n") for label in schema.NODE_LABELS}
    types = {
        rel: _count(db, f"MATCH ()-[:{rel}]->() RETURN count(*) AS n") for rel in schema.RELATIONSHIP_TYPES
    }
    return {
        "nodes": {k: v for k, v in labels.items() if v},
        "relationships": {k: v for k, v in types.items() if v},
    }


def _count(db: Database, query: str) -> int:
    return int(db.read(query)[0]["n"])


def differences(expected: Counter[str], found: dict[str, int]) -> dict[str, tuple[int, int]]:
    names = sorted(set(expected) | set(found))
    return {
        name: (expected[name], found.get(name, 0)) for name in names if expected[name] != found.get(name, 0)
    }


def machine(instance: Instance) -> dict[str, Any]:
    model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.partition(":")[2].strip()
                break
    java = subprocess.run([instance.java, "-version"], capture_output=True, text=True, check=False)
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "memory_gb": round(machine_memory() / 2**30, 1),
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "java": (java.stderr or java.stdout).splitlines()[0] if (java.stderr or java.stdout) else "",
        "neo4j": instance.version,
        "heap": HEAP,
        "pagecache": PAGECACHE,
    }


@dataclass
class SynthGraph:
    """A synthetic bundle written and bulk-loaded into its own server, as the benchmarks start."""

    folder: Path
    made: dict[str, Any]
    server: Server
    dataset: Dataset
    options: writer.LoadOptions
    report: writer.LoadReport
    bulk_seconds: float = 0.0  # kb load --bulk: parse, import files (match keys too), import, schema

    def keep_snapshot(self, db: Database) -> None:
        pipeline.keep_snapshot(db, self.folder, self.dataset, self.report, self.options)


def synth_graph(
    work: Path, entities: int, seed: int, servers: list[Server], say: Callable[[str], None]
) -> SynthGraph:
    from kb.synth import synth

    folder = work / "synth"
    say(f"writing a synthetic bundle of {entities:,} entities (seed {seed})")
    made = synth(entities, seed, folder)
    server = Server(work / "home")
    servers.append(server)
    say("loading it with kb load --bulk")
    started = time.perf_counter()
    dataset = bundle.parse(folder)
    options = writer.LoadOptions("bundle", str(folder), loaders.checksum(folder))
    report = bulk_load(server.home, dataset, options)
    server.running = True
    seconds = round(time.perf_counter() - started, 2)
    say(f"kb load --bulk in {seconds}s")
    return SynthGraph(folder, made, server, dataset, options, report, seconds)


Run = Callable[[argparse.Namespace, Path, list[Server]], dict[str, Any]]


def in_workdir(prefix: str, args: argparse.Namespace, run: Run, say: Callable[[str], None]) -> dict[str, Any]:
    """``run(args, work, servers)`` in a fresh work folder (under ``--workdir``) that is also the
    kb home, so kept snapshots never reach the user's; every server it started is stopped and
    the folder removed afterwards unless ``--keep``."""
    logging.getLogger("neo4j").addHandler(logging.NullHandler())  # as the kb command does
    logging.getLogger("neo4j").propagate = False
    work = Path(tempfile.mkdtemp(prefix=prefix, dir=args.workdir))
    os.environ["KB_HOME"] = str(work / "kb-data")
    servers: list[Server] = []
    try:
        return run(args, work, servers)
    finally:
        for server in servers:
            try:
                server.stop()
            except Exception as exc:  # keep stopping the others
                say(f"stopping {server.home.root}: {exc}")
        if args.keep:
            say(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def write_results(name: str, args: argparse.Namespace, results: dict[str, Any]) -> None:
    """``results`` as JSON on stdout and in ``--out`` (default bench/results/NAME-DATE[-nN].json)."""
    suffix = "" if args.entities == 1_000_000 else f"-n{args.entities}"
    out = args.out or Path(__file__).resolve().parent / "results" / f"{name}-{results['date']}{suffix}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))
    print(f"results: {out}")
