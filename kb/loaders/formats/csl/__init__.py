"""Parse the US Consolidated Screening List (ITA, data.trade.gov) into a :class:`Dataset`.

Accepts the CSV download (the current header starting with ``_id``, and the older one without
it) and the CSL API JSON (a list of records, or an object whose ``results`` is that list). One
entity per listed party, one listing per CSL entry; see docs/loaders/csl.md for the mapping.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from kb.errors import LoadError
from kb.loaders import fields as f
from kb.loaders.dataset import Dataset, EntityRecord, ListingRecord, SourceInfo
from kb.loaders.fields import unique
from kb.loaders.formats.csl import fields as c
from kb.loaders.formats.csl import ids
from kb.loaders.read import csv_rows, json_value, read_text

SOURCE = SourceInfo(
    name="csl",
    publisher="US International Trade Administration (Consolidated Screening List)",
    url="https://data.trade.gov/consolidated_screening_list/v1/",
    licence="US government work (public domain)",
)
CSV_REQUIRED = (
    "source", "entity_number", "type", "programs", "name", "addresses", "federal_register_notice",
    "start_date", "end_date", "license_requirement", "license_policy", "alt_names", "ids",
)  # fmt: skip
JSON_REQUIRED = ("source", "name")
T = TypeVar("T")


class RowProblem(Exception):
    def __init__(self, column: str, value: Any, reason: str) -> None:
        super().__init__(reason)
        self.column, self.value, self.reason = column, value, reason


def parse(path: Path) -> Dataset:
    """Read a CSL CSV or JSON file; bad entries are left out and recorded in ``issues``."""
    content = read_text(path)
    dataset = Dataset(source=SOURCE)
    is_json = path.suffix.lower() == ".json" or content.lstrip()[:1] in ("[", "{")
    entries = _json_entries(path, content) if is_json else _csv_entries(path, content)
    seen: set[tuple[Any, ...]] = set()
    by_id: dict[str, EntityRecord] = {}
    for row, raw in entries:
        try:
            entity, listing = _entry(dataset, path.name, row, raw)
        except RowProblem as problem:
            dataset.issues.add(path.name, row, problem.column, problem.value, problem.reason)
            continue
        key = (listing["entity_id"], listing["list"], tuple(listing["programs"]), listing["start_date"],
               listing["end_date"], listing["citation"], listing["source_entry_id"])  # fmt: skip
        if key in seen:
            dataset.issues.add(path.name, row, "name", entity["name"], "duplicate entry: the first row wins")
            continue
        seen.add(key)
        if (known := by_id.get(entity["id"])) is None:
            by_id[entity["id"]] = entity
            dataset.entities.append(entity)
        else:  # the same party listed again (another list, or another entry of one list)
            known["names"] = unique([*known["names"], entity["name"], *entity["names"]], known["name"])
            known["identifiers"] += [i for i in entity["identifiers"] if i not in known["identifiers"]]
        dataset.listings.append(listing)
    return dataset


def _csv_entries(path: Path, content: str) -> Iterator[tuple[int, dict[str, Any]]]:
    head = content.split("\n", 1)[0]
    if "Source List" in head and "Entity Number" in head:
        raise LoadError(
            f"{path}: BIS's raw Entity List export (one row per name, address and alias), "
            "not a Consolidated Screening List file; load the CSL consolidated.csv instead"
        )
    _, rows = csv_rows(path, CSV_REQUIRED, content)
    yield from rows


def _json_entries(path: Path, content: str) -> Iterator[tuple[int, dict[str, Any]]]:
    data = json_value(path, content)
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        data = data["results"]
    if not isinstance(data, list):
        raise LoadError(f"{path}: expected a list of CSL records or an object with 'results'")
    for index, record in enumerate(data, start=1):
        if not isinstance(record, dict):
            raise LoadError(f"{path}: record {index} is not an object")
        if missing := [key for key in JSON_REQUIRED if key not in record]:
            raise LoadError(f"{path}: record {index}: missing required key {missing[0]!r}")
    return iter(enumerate(data, start=1))


def _cell(raw: dict[str, Any], column: str, parse: Callable[[str], T]) -> T:
    value = raw.get(column)
    value = "" if value is None else str(value)
    try:
        return parse(value)
    except ValueError as exc:
        raise RowProblem(column, value, str(exc)) from None


def _entry(dataset: Dataset, file: str, row: int, raw: dict[str, Any]) -> tuple[EntityRecord, ListingRecord]:
    code, own_list = _cell(raw, "source", c.list_code)
    name = _cell(raw, "name", c.clean_name)
    kind = _cell(raw, "type", c.kind)
    start, end = _cell(raw, "start_date", f.date), _cell(raw, "end_date", f.date)
    if start and end and end < start:
        raise RowProblem("end_date", str(end), "end_date comes before start_date")
    places = []
    for line, country in c.addresses(raw.get("addresses")):
        try:
            places.append((line, f.country(country or "")))
        except ValueError as exc:  # keep the entry, drop the country
            dataset.issues.add(file, row, "addresses", country, str(exc))
            places.append((line, None))
    countries = sorted({country for _, country in places if country})
    country = countries[0] if len(countries) == 1 else None
    entity_number = _cell(raw, "entity_number", lambda value: value.strip())
    citation = c.text(raw.get("federal_register_notice"))
    record_id = c.record_id(code, entity_number, name, countries, str(start or ""), citation or "")
    entity: EntityRecord = {
        "id": record_id,
        "name": name,
        "kind": kind,
        "country": country,
        "names": c.alt_names(raw.get("alt_names"), name),
        "identifiers": _identifiers(
            dataset, file, row, raw, code, entity_number, country, vessel=kind == "vessel"
        ),
        "address": next((line for line, _ in places if line), None),
        "opacity": [],
        "source": SOURCE.name,
        "row": row,
    }
    entry_id = raw.get("_id", raw.get("id"))
    listing: ListingRecord = {
        "entity_id": record_id,
        "list": code,
        "programs": c.parts(raw.get("programs")),
        "start_date": start,
        "end_date": end,
        "citation": citation,
        "license_requirement": c.text(raw.get("license_requirement")),
        "license_policy": c.text(raw.get("license_policy")),
        "source_entry_id": (str(entry_id).strip() or None) if entry_id is not None else None,
        "source": SOURCE.name,
        "row": row,
    }
    if own_list is not None:  # a list kb has no code for: the file defines it
        dataset.lists.setdefault(code, own_list)
    return entity, listing


def _identifiers(
    dataset: Dataset,
    file: str,
    row: int,
    raw: dict[str, Any],
    code: str,
    number: str,
    country: str | None,
    vessel: bool,
) -> list[str]:
    found = [f"OFAC_UID:{number}"] if code in c.TREASURY and number.isdigit() else []
    typed, problems = ids.identifiers(raw.get("ids"), country, vessel)
    for value, reason in problems:  # drop only this identifier
        dataset.issues.add(file, row, "ids", value, reason)
    return found + [identifier for identifier in typed if identifier not in found]
