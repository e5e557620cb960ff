"""A changed copy of a bundle, for the delta benchmark: what a source's next snapshot looks like.

About ``fraction`` of the rows change: entities get a new address, stakes shrink (and one in
seven of those sells the difference to a person, a new stake dated :data:`DELTA_DATE`), listings
are removed. The source of a bundle is its folder's name, so give ``out`` the same name as
``src`` for kb to take it as the next snapshot of the same source.
"""

from __future__ import annotations

import csv
import random
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from kb.loaders.formats.bundle.files import CONTROL, ENTITIES, JVS, LISTINGS, OWNERSHIP
from kb.synth.stakes import pct

if TYPE_CHECKING:
    from _csv import Writer

DELTA_DATE = "2025-06-30"  # later than every date synth writes
SALE_SHARE = 0.15


def delta(src: Path, out: Path, fraction: float, seed: int) -> dict[str, int]:
    """Write a copy of the bundle ``src`` to ``out`` with about ``fraction`` of its rows changed."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    out.mkdir(parents=True, exist_ok=True)
    counts = {"entities_changed": 0, "stakes_changed": 0, "stakes_added": 0, "listings_removed": 0}
    persons: list[str] = []
    with _Copy(src, out, ENTITIES.name) as (header, reader, writer):
        for row in reader:
            if row["kind"] == "person":
                persons.append(row["id"])
            if rng.random() < fraction:
                row["address"] = f"Unit {rng.randrange(1, 99)}, {row['address'] or row['name']}"
                counts["entities_changed"] += 1
            writer.writerow([row[name] for name in header])
    sold: set[tuple[str, str]] = set()
    with _Copy(src, out, OWNERSHIP.name) as (header, reader, writer):
        for row in reader:
            if row["pct"] and not row.get("x_problem") and rng.random() < fraction:
                before = round(float(row["pct"]) * 100)
                after = int(before * rng.uniform(0.5, 0.95))
                if 1 <= after < before:
                    row["pct"] = pct(after)
                    counts["stakes_changed"] += 1
                    buyer = rng.choice(persons) if persons and rng.random() < SALE_SHARE else None
                    if buyer and buyer != row["owned_id"] and (buyer, row["owned_id"]) not in sold:
                        sold.add((buyer, row["owned_id"]))
                        sale = dict.fromkeys(header, "") | {
                            "owner_id": buyer, "owned_id": row["owned_id"], "pct": pct(before - after),
                            "basis": row["basis"], "start_date": DELTA_DATE, "source": "delta",
                        }  # fmt: skip
                        writer.writerow([sale[name] for name in header])
                        counts["stakes_added"] += 1
            writer.writerow([row[name] for name in header])
    with _Copy(src, out, LISTINGS.name) as (header, reader, writer):
        for row in reader:
            if rng.random() < fraction:
                counts["listings_removed"] += 1
                continue
            writer.writerow([row[name] for name in header])
    for name in (CONTROL.name, JVS.name):
        if (src / name).exists():
            shutil.copyfile(src / name, out / name)
    return counts


class _Copy:
    """Open ``src/name`` for reading and ``out/name`` for writing, header copied."""

    def __init__(self, src: Path, out: Path, name: str) -> None:
        self.source, self.target = src / name, out / name

    def __enter__(self) -> tuple[list[str], csv.DictReader[str], Writer]:
        self.read = self.source.open(encoding="utf-8", newline="")
        self.write = self.target.open("w", encoding="utf-8", newline="")
        reader = csv.DictReader(self.read)
        header = list(reader.fieldnames or [])
        writer = csv.writer(self.write, lineterminator="\n")
        writer.writerow(header)
        return header, reader, writer

    def __exit__(self, *_: object) -> None:
        self.read.close()
        self.write.close()
