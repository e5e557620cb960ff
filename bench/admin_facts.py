"""Admin-import CSV files for the facts of a bundle (``OWNS``, ``CONTROLS``, ``LISTED_ON``), with the
claim keys and properties kb's writer gives them; and the small CSV helpers both halves share."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

OWNS = (
    ":START_ID(Entity),:END_ID(Entity),claim,pct:double,pct_min:double,pct_max:double,basis,"
    "derived:boolean,jv:boolean,start_date:date,end_date:date,purpose,source,dataset,:TYPE"
)
CONTROLS = ":START_ID(Entity),:END_ID(Entity),claim,basis,start_date:date,end_date:date,source,dataset,:TYPE"
LISTED_ON = (
    ":START_ID(Entity),:END_ID(List),claim,programs:string[],start_date:date,end_date:date,"
    "citation,license_requirement,license_policy,source,dataset,:TYPE"
)


@dataclass
class ImportFiles:
    nodes: list[Path] = field(default_factory=list)
    relationships: list[Path] = field(default_factory=list)
    labels: Counter[str] = field(default_factory=Counter)  # expected nodes per label
    types: Counter[str] = field(default_factory=Counter)  # expected relationships per type


def read(path: Path) -> Iterator[dict[str, str]]:
    if not path.exists():
        return
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


class Out:
    """One admin-import CSV file being written; ``header`` is its comma-separated header line."""

    def __init__(self, files: ImportFiles, folder: Path, name: str, header: str, node: bool) -> None:
        self.path = folder / name
        self.handle = self.path.open("w", encoding="utf-8", newline="")
        self.writer = csv.writer(self.handle, lineterminator="\n")
        self.writer.writerow(header.split(","))
        (files.nodes if node else files.relationships).append(self.path)

    def row(self, *values: str) -> None:
        self.writer.writerow(values)

    def close(self) -> None:
        self.handle.close()


def write_facts(bundle: Path, folder: Path, files: ImportFiles, source: str) -> None:
    owns = Out(files, folder, "owns.csv", OWNS, node=False)
    for r in read(bundle / "ownership.csv"):
        basis, derived = r["basis"] or "equity", r["derived"] or "false"
        claim = "|".join((source, "stakes", r["owner_id"], r["owned_id"], basis, derived, r["start_date"]))
        owns.row(
            r["owner_id"],
            r["owned_id"],
            claim,
            r["pct"],
            r["pct_min"],
            r["pct_max"],
            basis,
            derived,
            "false",
            r["start_date"],
            r["end_date"],
            "",
            r["source"] or source,
            source,
            "OWNS",
        )
        files.types["OWNS"] += 1
    for r in read(bundle / "jvs.csv"):
        claim = "|".join((source, "jvs", r["partner_id"], r["jv_id"], r["start_date"]))
        owns.row(
            r["partner_id"],
            r["jv_id"],
            claim,
            r["pct"],
            r["pct_min"],
            r["pct_max"],
            "equity",
            "false",
            "true",
            r["start_date"],
            r["end_date"],
            r["purpose"],
            r["source"] or source,
            source,
            "OWNS",
        )
        files.types["OWNS"] += 1
    controls = Out(files, folder, "controls.csv", CONTROLS, node=False)
    for r in read(bundle / "control.csv"):
        ends = (r["controller_id"], r["controlled_id"])
        claim = "|".join((source, "controls", *ends, r["basis"], r["start_date"]))
        controls.row(
            *ends,
            claim,
            r["basis"],
            r["start_date"],
            r["end_date"],
            r["source"] or source,
            source,
            "CONTROLS",
        )
        files.types["CONTROLS"] += 1
    listed = Out(files, folder, "listed_on.csv", LISTED_ON, node=False)
    for r in read(bundle / "listings.csv"):
        claim = "|".join((source, "listings", r["entity_id"], r["list"], r["start_date"]))
        listed.row(
            r["entity_id"],
            r["list"],
            claim,
            r["programs"],
            r["start_date"],
            r["end_date"],
            r["citation"],
            r["license_requirement"],
            r["license_policy"],
            r["source"] or source,
            source,
            "LISTED_ON",
        )
        files.types["LISTED_ON"] += 1
    for out in (owns, controls, listed):
        out.close()
