"""Read and validate a bundle folder; nothing here writes to Neo4j.

Structural problems (no entities.csv, a missing or unexpected column, an empty or non-UTF-8 file)
raise :class:`~kb.errors.LoadError` before any row is read. Bad rows are left out and recorded in
the :class:`~kb.loaders.issues.IssueLog` with file, row, field, value and reason.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from kb.errors import LoadError
from kb.lists import LISTS, is_source_defined
from kb.loaders import fields as f
from kb.loaders.dataset import (
    ControlRecord,
    Dataset,
    EntityRecord,
    JvRecord,
    ListingRecord,
    SourceInfo,
    StakeRecord,
    TrustRoleRecord,
)
from kb.loaders.formats.bundle.files import (
    CONTROL,
    CONTROL_BASES,
    ENTITIES,
    FILES,
    JVS,
    KINDS,
    LISTINGS,
    OWNERSHIP,
    STAKE_BASES,
    TRUST_POWERS,
    TRUST_ROLES,
    TRUST_ROLES_FILE,
    BundleFile,
)  # fmt: skip
from kb.loaders.issues import IssueLog
from kb.loaders.read import csv_rows

SOURCE = SourceInfo("bundle")  # kb's own format: each folder is a source named after it
Record = dict[str, Any]


class RowProblem(Exception):
    def __init__(self, column: str, value: str, reason: str) -> None:
        super().__init__(reason)
        self.column, self.value, self.reason = column, value, reason


@dataclass
class Bundle:
    source: str
    records: dict[str, list[Record]] = field(default_factory=dict)
    issues: IssueLog = field(default_factory=IssueLog)

    def of(self, spec: BundleFile) -> list[Record]:
        return self.records.get(spec.name, [])

    def dataset(self) -> Dataset:
        """The records as the graph writer takes them."""
        return Dataset(
            source=SOURCE.named(self.source),
            entities=cast(list[EntityRecord], self.of(ENTITIES)),
            stakes=cast(list[StakeRecord], self.of(OWNERSHIP)),
            controls=cast(list[ControlRecord], self.of(CONTROL)),
            listings=cast(list[ListingRecord], self.of(LISTINGS)),
            jvs=cast(list[JvRecord], self.of(JVS)),
            trust_roles=cast(list[TrustRoleRecord], self.of(TRUST_ROLES_FILE)),
            issues=self.issues,
            files={"entities": ENTITIES.name, "stakes": OWNERSHIP.name, "controls": CONTROL.name,
                   "listings": LISTINGS.name, "jvs": JVS.name, "trust_roles": TRUST_ROLES_FILE.name},
        )  # fmt: skip


def read_rows(
    path: Path, spec: BundleFile, content: str | None = None, lines: list[int] | None = None
) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) pairs, after checking encoding and header (see :func:`kb.loaders.read.csv_rows`
    for ``content`` and ``lines``, a delta's subset of the file's lines)."""
    header, rows = csv_rows(path, spec.required, content, lines)
    if unexpected := [n for n in header if n not in spec.columns and not n.startswith("x_")]:
        raise LoadError(f"{path}: unexpected column {unexpected[0]!r} (extra columns must start with x_)")
    return rows


def _cell(row: dict[str, str], column: str, parse: Callable[[str], Any]) -> Any:
    raw = row.get(column, "")
    try:
        return parse(raw)
    except ValueError as exc:
        raise RowProblem(column, raw, str(exc)) from None


def _stake(row: dict[str, str]) -> Record:
    pct, low, high = (_cell(row, c, f.percent) for c in ("pct", "pct_min", "pct_max"))
    if pct is not None and (low is not None or high is not None):
        raise RowProblem("pct", row["pct"], "pct excludes pct_min and pct_max")
    if low is not None and high is not None and low > high:
        raise RowProblem("pct_min", row["pct_min"], "pct_min is above pct_max")
    return {"pct": pct, "pct_min": low, "pct_max": high, **_validity(row)}


def _validity(row: dict[str, str]) -> Record:
    start, end = _cell(row, "start_date", f.date), _cell(row, "end_date", f.date)
    if start and end and end <= start:
        raise RowProblem("end_date", row["end_date"], "end_date must come after start_date")
    return {"start_date": start, "end_date": end}


def _entity(row: dict[str, str]) -> Record:
    return {
        "id": _cell(row, "id", f.required),
        "name": _cell(row, "name", f.required),
        "kind": _cell(row, "kind", lambda raw: f.choice(raw, KINDS, "company")),
        "country": _cell(row, "country", f.country),
        "names": f.split(row.get("names", "")),
        "identifiers": _cell(row, "identifiers", lambda raw: [f.identifier(p) for p in f.split(raw)]),
        "address": f.text(row.get("address", "")),
        "opacity": [],
    }


def _ownership(row: dict[str, str]) -> Record:
    return {
        "owner_id": _cell(row, "owner_id", f.required),
        "owned_id": _cell(row, "owned_id", f.required),
        "basis": _cell(row, "basis", lambda raw: f.choice(raw, STAKE_BASES, "equity")),
        "derived": _cell(row, "derived", f.boolean),
        **_stake(row),
    }


def _control(row: dict[str, str]) -> Record:
    return {
        "controller_id": _cell(row, "controller_id", f.required),
        "controlled_id": _cell(row, "controlled_id", f.required),
        "basis": _cell(row, "basis", lambda raw: f.choice(f.required(raw), CONTROL_BASES)),
        **_validity(row),
    }


def _listing(row: dict[str, str]) -> Record:
    return {
        "entity_id": _cell(row, "entity_id", f.required),
        "list": _cell(row, "list", _list_code),
        "programs": f.split(row.get("programs", "")),
        "citation": f.text(row.get("citation", "")),
        "license_requirement": f.text(row.get("license_requirement", "")),
        "license_policy": f.text(row.get("license_policy", "")),
        "source_entry_id": None,
        **_validity(row),
    }


def _list_code(raw: str) -> str:
    value = f.required(raw)
    if is_source_defined(value):
        raise ValueError(
            "a source-defined list code: a bundle names built-in lists only (the lists beyond them "
            "come with the source that defines them, e.g. `kb load ftm`)"
        )
    code = value.upper()
    if code not in LISTS:
        raise ValueError(f"unknown list code (known: {', '.join(LISTS)})")
    return code


def _jv(row: dict[str, str]) -> Record:
    return {
        "jv_id": _cell(row, "jv_id", f.required),
        "partner_id": _cell(row, "partner_id", f.required),
        "purpose": f.text(row.get("purpose", "")),
        **_stake(row),
    }


def _trust_role(row: dict[str, str]) -> Record:
    return {
        "party_id": _cell(row, "party_id", f.required),
        "trust_id": _cell(row, "trust_id", f.required),
        "role": _cell(row, "role", lambda raw: f.choice(f.required(raw), TRUST_ROLES)),
        "powers": _cell(row, "powers", trust_powers),
        **_validity(row),
    }


def trust_powers(raw: str) -> list[str]:
    """``revoke|replace_trustee``: the powers a party keeps, in the order given, each once; ``none``
    (alone) when the source says it keeps none; empty when not known."""
    powers = list(dict.fromkeys(p.lower() for p in f.split(raw)))
    if unknown := [p for p in powers if p not in TRUST_POWERS]:
        raise ValueError(f"unknown power {unknown[0]!r} (known: {', '.join(TRUST_POWERS)})")
    if "none" in powers and len(powers) > 1:
        raise ValueError("'none' excludes every other power")
    return powers


PARSERS: dict[str, Callable[[dict[str, str]], Record]] = {
    ENTITIES.name: _entity, OWNERSHIP.name: _ownership, CONTROL.name: _control,
    LISTINGS.name: _listing, JVS.name: _jv, TRUST_ROLES_FILE.name: _trust_role,
}  # fmt: skip
REFERENCES: dict[str, tuple[str, ...]] = {
    OWNERSHIP.name: ("owner_id", "owned_id"), CONTROL.name: ("controller_id", "controlled_id"),
    LISTINGS.name: ("entity_id",), JVS.name: ("jv_id", "partner_id"),
    TRUST_ROLES_FILE.name: ("party_id", "trust_id"),
}  # fmt: skip


def parse(folder: Path) -> Dataset:
    """The bundle as a Dataset; references to ids outside it are resolved against the graph on load."""
    return read_bundle(folder, check_references=False).dataset()


def read_bundle(
    folder: Path,
    known_ids: Callable[[set[str]], set[str]] | None = None,
    check_references: bool = True,
) -> Bundle:
    """Validate a whole bundle. ``known_ids`` tells which ids outside the bundle already exist."""
    if not folder.is_dir():
        raise LoadError(f"{folder}: not a folder (a bundle is a folder of CSV files)")
    if not (folder / ENTITIES.name).exists():
        raise LoadError(f"{folder}: no {ENTITIES.name} (it is required in a bundle)")
    present = [spec for spec in FILES if (folder / spec.name).exists()]
    rows = {spec.name: list(read_rows(folder / spec.name, spec)) for spec in present}  # structure first
    bundle = parse_rows(folder.name, rows)
    if check_references:
        _check_references(bundle, known_ids)
    return bundle


def parse_rows(source: str, rows: dict[str, list[tuple[int, dict[str, str]]]]) -> Bundle:
    """Rows read by :func:`read_rows`, file by file, as records (bad rows become issues)."""
    bundle = Bundle(source=source)
    for spec in FILES:
        if spec.name in rows:
            bundle.records[spec.name] = _parse_file(spec, rows[spec.name], bundle)
    return bundle


def _parse_file(spec: BundleFile, rows: list[tuple[int, dict[str, str]]], bundle: Bundle) -> list[Record]:
    parsed: list[Record] = []
    seen: set[str] = set()
    for line, row in rows:
        try:
            record = PARSERS[spec.name](row)
        except RowProblem as problem:
            bundle.issues.add(spec.name, line, problem.column, problem.value, problem.reason)
            continue
        if spec is ENTITIES:
            if record["id"] in seen:
                bundle.issues.add(spec.name, line, "id", record["id"], "duplicate id: the first row wins")
                continue
            seen.add(record["id"])
        record["source"] = f.text(row.get("source", "")) or bundle.source
        record["row"] = line
        parsed.append(record)
    return parsed


def _check_references(bundle: Bundle, known_ids: Callable[[set[str]], set[str]] | None) -> None:
    local = {record["id"] for record in bundle.of(ENTITIES)}
    wanted = {
        record[column]
        for name, columns in REFERENCES.items()
        for record in bundle.records.get(name, [])
        for column in columns
    } - local
    known = local | (known_ids(wanted) if known_ids and wanted else set())
    for name, columns in REFERENCES.items():
        kept = []
        for record in bundle.records.get(name, []):
            missing = next((c for c in columns if record[c] not in known), None)
            if missing is None:
                kept.append(record)
            else:
                bundle.issues.add(name, record["row"], missing, record[missing], "unknown entity id")
        if name in bundle.records:
            bundle.records[name] = kept
