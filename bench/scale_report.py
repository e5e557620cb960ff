"""The growth table of bench_scale's results: each stage's seconds at each size and the exponent of
its growth between consecutive sizes, log(t2 / t1) / log(N2 / N1), as Markdown."""

from __future__ import annotations

import itertools
import math
from typing import Any

STAGES = (
    ("generate", "generate the bundle (`kb synth`)"),
    ("load_incremental", "`kb load`, incremental writer, cold"),
    ("load_bulk", "`kb load --bulk` (parse, import files, admin import, start, schema)"),
    ("derive_cold", "derive every regime, one pass, cold cache"),
    ("derive_warm", "derive every regime, one pass, warm"),
    ("marks_write", "write the marks, every regime"),
    ("exposure_p50", "`kb exposure`, 1,000 random entities: p50"),
    ("exposure_p99", "`kb exposure`, 1,000 random entities: p99"),
    ("affiliates", "`kb affiliates --of` the largest bis group"),
    ("screen", "`kb screen` of the portfolio (10,000 rows by default)"),
    ("suggest", "`kb resolve suggest`"),
)
SUPERLINEAR = 1.15  # above this, a stage grows clearly faster than the graph


def seconds_of(stage: dict[str, Any] | None) -> float | None:
    """The stage's seconds; for a capped suggest, the time it ran before it was stopped."""
    if not stage:
        return None
    if stage.get("seconds") is not None:
        return float(stage["seconds"])
    return None


def exponent(n1: int, t1: float | None, n2: int, t2: float | None) -> float | None:
    if not t1 or not t2 or t1 <= 0 or t2 <= 0:
        return None
    return math.log(t2 / t1) / math.log(n2 / n1)


def cell(stage: dict[str, Any] | None) -> str:
    if not stage:
        return "not run"
    if stage.get("seconds") is not None:
        value = float(stage["seconds"])
        return f"{value:.4f}" if value < 1 else f"{value:,.1f}"
    if "cap_seconds" in stage:
        guess = stage.get("extrapolated_seconds")
        done = f"{stage['entities_done']:,} of {stage['entities_total']:,} entities"
        return f"> {stage['cap_seconds']:,.0f} (cap; {done}" + (f", ~{guess:,.0f} in all)" if guess else ")")
    return "not run"


def exponent_cell(n1: int, s1: dict[str, Any] | None, n2: int, s2: dict[str, Any] | None) -> str:
    value = exponent(n1, seconds_of(s1), n2, seconds_of(s2))
    if value is None and s1 and s2 and seconds_of(s1) and s2.get("stopped_after_seconds"):
        lower = exponent(n1, seconds_of(s1), n2, float(s2["stopped_after_seconds"]))
        guess = s2.get("extrapolated_seconds")
        estimated = exponent(n1, seconds_of(s1), n2, float(guess)) if guess else None
        text = f"> {lower:.2f}" if lower is not None else "?"
        return text + (f" (~{estimated:.2f} extrapolated)" if estimated is not None else "")
    if value is None:
        return ""
    return f"**{value:.2f}**" if value > SUPERLINEAR else f"{value:.2f}"


def growth(results: dict[str, Any]) -> dict[str, list[float | None]]:
    """Each stage's exponents between consecutive sizes (None where one side was not measured)."""
    sizes = sorted(int(n) for n in results["sizes"])
    by = results["sizes"]
    return {
        key: [
            exponent(a, seconds_of(by[str(a)].get(key)), b, seconds_of(by[str(b)].get(key)))
            for a, b in itertools.pairwise(sizes)
        ]
        for key, _ in STAGES
    }


def markdown(results: dict[str, Any]) -> str:
    sizes = sorted(int(n) for n in results["sizes"])
    by = results["sizes"]
    pairs = list(itertools.pairwise(sizes))
    head = ["stage", *(f"s at {n:,}" for n in sizes), *(f"exponent {a:,}→{b:,}" for a, b in pairs)]
    lines = [
        f"# Growth curve ({results['date']})",
        "",
        "Seconds of each stage at each size (entities) and the exponent of its growth between",
        "consecutive sizes, log(t2/t1) / log(N2/N1): 1 is linear, **bold** above "
        f"{SUPERLINEAR}. Written by `bench/bench_scale.py` (see docs/scale.md); the machine is",
        "shared with other work, so the seconds are noisy.",
        "",
        "| " + " | ".join(head) + " |",
        "|---|" + "---:|" * (len(head) - 1),
    ]
    for key, label in STAGES:
        row = [label, *(cell(by[str(n)].get(key)) for n in sizes)]
        row += [exponent_cell(a, by[str(a)].get(key), b, by[str(b)].get(key)) for a, b in pairs]
        lines.append("| " + " | ".join(row) + " |")
    lines += [
        "",
        "| size | bundle rows | bundle MB | store MB | heap | page cache | Python peak MB "
        "| load average start → end |",
    ]
    lines.append("|---:|---:|---:|---:|---|---|---:|---|")
    for n in sizes:
        s = by[str(n)]
        bundle, memory = s.get("bundle", {}), s.get("memory", {})
        lines.append(
            f"| {n:,} | {bundle.get('rows', 0):,} | {bundle.get('megabytes', '')} | {s.get('store_mb', '')} "
            f"| {memory.get('heap', '')} | {memory.get('pagecache', '')} | {s.get('python_peak_rss_mb', '')} "
            f"| {s.get('loadavg_start', '')} → {s.get('loadavg_end', '')} |"
        )
    machine = next((by[str(n)]["machine"] for n in sizes if "machine" in by[str(n)]), None)
    if machine:
        facts = ("cpus", "cpu_model", "memory_gb", "platform", "python", "java", "neo4j")
        lines += ["", "Machine: " + ", ".join(f"{k} {machine[k]}" for k in facts if k in machine) + "."]
    lines += ["", *projection_table(results)]
    return "\n".join(lines) + "\n"


def projection_table(results: dict[str, Any]) -> list[str]:
    sizes = sorted(int(n) for n in results["sizes"])
    targets = tuple(sorted({*sizes, 1_000_000, 3_000_000, 10_000_000, 30_000_000, 100_000_000}))
    lines = [
        "Projected from the largest size where a stage finished, along its last exponent (at least 1);",
        "*italic* figures are extrapolated, not measured. Page cache: the store plus a fifth. Heap:",
        "`heap_gb` (6 GB from 1M entities: garbage collection, bench.md). kb process: the Python",
        "process's peak, which holds",
        "the parsed bundle (linear). Disk: the bundle and kb's kept snapshot of it, the store, and",
        "as much again for `--bulk`'s import files while it runs.",
        "",
        "| entities | store GB | heap GB | page cache GB | kb process GB | disk GB | `kb load` "
        "| `kb load --bulk` | derive, cold | derive, warm |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in projection(results, targets):
        measured = bool(row["measured"])
        lines.append(
            f"| {row['entities']:,} | {_shown(row['store_gb'], measured)} "
            f"| {_shown(row['heap_gb'], measured)} "
            f"| {_shown(row['pagecache_gb'], measured)} | {_shown(row['python_gb'], measured)} "
            f"| {_shown(row['disk_gb'], measured)} "
            f"| {_duration(row['load_incremental'], measured)} | {_duration(row['load_bulk'], measured)} "
            f"| {_duration(row['derive_cold'], measured)} | {_duration(row['derive_warm'], measured)} |"
        )
    return lines


PROJECTED = ("load_incremental", "load_bulk", "derive_cold", "derive_warm")


def projection(results: dict[str, Any], targets: tuple[int, ...]) -> list[dict[str, Any]]:
    """Disk, page cache and the main stages' seconds at ``targets`` entities: measured where a size
    was run, else carried from the largest size where the stage finished along its last measured
    exponent, never below linear (a stage or store without one is carried linearly)."""
    sizes = sorted(int(n) for n in results["sizes"])
    by = results["sizes"]
    last = sizes[-1]
    rates = growth(results)
    store_exponent = (
        exponent(sizes[-2], by[str(sizes[-2])].get("store_mb"), last, by[str(last)].get("store_mb"))
        if len(sizes) > 1
        else None
    )
    rows = []
    for n in targets:
        measured = str(n) in by
        row: dict[str, Any] = {"entities": n, "measured": measured}
        scale = n / last
        base = by[str(n)] if measured else by[str(last)]
        bundle_mb = float(base.get("bundle", {}).get("megabytes", 0)) * (1 if measured else scale)
        store_mb = float(base.get("store_mb") or 0)
        if not measured:
            store_mb *= scale ** max(1.0, store_exponent or 1.0)
        row["store_gb"] = store_mb / 1024
        row["pagecache_gb"] = store_mb * 1.2 / 1024
        # the bundle, kb's kept snapshot of it, the store, and the --bulk import files (about the
        # store's size again while the import runs)
        row["disk_gb"] = (2 * bundle_mb + 2 * store_mb) / 1024
        peak = float(base.get("python_peak_rss_mb") or 0) * (1 if measured else scale)
        row["python_gb"] = peak / 1024 if peak else None
        row["heap_gb"] = float(base["memory"]["heap"].rstrip("m")) / 1024 if measured else heap_gb(n)
        for key in PROJECTED:
            if measured:
                row[key] = seconds_of(base.get(key))
                continue
            # from the largest size where the stage finished (a capped stage has no seconds)
            done = [m for m in sizes if seconds_of(by[str(m)].get(key)) is not None]
            known = [r for r in rates[key] if r is not None]
            rate = max(1.0, known[-1]) if known else 1.0  # never below linear
            row[key] = (
                (seconds_of(by[str(done[-1])].get(key)) or 0) * (n / done[-1]) ** rate if done else None
            )
        rows.append(row)
    return rows


def heap_gb(entities: int) -> float:
    """2 GB served every stage at 1M entities, but a cold load there spent a third of the server's
    CPU collecting garbage, against a twentieth with 6 GB (bench.md, bench/bench_cpu.py); the
    heap holds transaction state (a 5,000-row batch), query working sets and the full-text
    indexes' buffers, which grow far slower than the store. Neo4j's guidance keeps heaps at 16 GB
    or less."""
    for limit, size in ((500_000, 1.0), (3_000_000, 6.0), (10_000_000, 8.0), (30_000_000, 12.0)):
        if entities <= limit:
            return size
    return 16.0


def _shown(value: float | None, measured: bool, unit: str = "") -> str:
    if value is None:
        return ""
    text = f"{value:,.1f}{unit}" if value < 100 else f"{value:,.0f}{unit}"
    return text if measured else f"*{text}*"


def _duration(seconds: float | None, measured: bool) -> str:
    if seconds is None:
        return ""
    if seconds >= 3 * 3600:
        return _shown(seconds / 3600, measured, " h")
    return _shown(seconds, measured, " s")
