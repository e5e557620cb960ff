"""Parse the DoD Section 1260H "Chinese military companies" list (format ``1260h``).

Reads the structured transcription published by OpenSanctions (one CSV row per listing period:
``Name, Clean Name, Alias, Previous Name, Parent Name, Note, Start date, End date, Source Url``).
One entity per company (rows of one company, under a renamed or "also known as" name included,
share it), one listing per row, and a stake of unknown size from each named parent to its
listed subsidiary. See docs/loaders/1260h.md.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from kb.lists import WITHDRAWN, Withdrawn
from kb.loaders import fields as f
from kb.loaders.dataset import Dataset, EntityRecord, ListingRecord, SourceInfo, StakeRecord
from kb.loaders.fields import name_key, unique
from kb.loaders.read import csv_rows

SOURCE = SourceInfo(
    name="dod-1260h",
    publisher="US Department of Defense (transcribed by OpenSanctions)",
    url="https://www.defense.gov/News/Releases/Search/1260H/",
    licence="CC BY-NC 4.0 (OpenSanctions transcription of US-government lists)",
)
LIST = "1260H"
REQUIRED = ("Name", "Clean Name", "Parent Name", "Start date", "End date")
_TRAILING_PARENS = re.compile(r"\s*\([^()]*\)\s*$")
_ALIAS_SEP = re.compile(r";|,(?=\S)")


@dataclass
class Row:
    line: int
    name: str
    aliases: list[str]
    previous: list[str]
    parent: str | None
    start: dt.date
    end: dt.date | None
    url: str | None


def parse(path: Path) -> Dataset:
    """Read the 1260H CSV; rows with a bad name or date are left out and recorded in ``issues``."""
    _, lines = csv_rows(path, REQUIRED)
    dataset = Dataset(source=SOURCE)
    rows = [row for line, raw in lines if (row := _row(dataset, path.name, line, raw))]
    rows = _published_only(dataset, path.name, rows)
    company = _company_keys(rows)
    groups: dict[str, list[Row]] = {}
    for row in rows:
        groups.setdefault(company[name_key(row.name)], []).append(row)
    ids = {root: _entity_id(members) for root, members in groups.items()}
    by_key = {name_key(row.name): ids[root] for root, members in groups.items() for row in members}
    for root, members in groups.items():
        dataset.entities.append(_entity(ids[root], members))
    for row in rows:
        dataset.listings.append(_listing(by_key[name_key(row.name)], row))
    _parents(dataset, rows, by_key)
    return dataset


def _row(dataset: Dataset, file: str, line: int, raw: dict[str, str]) -> Row | None:
    name = f.text(raw["Clean Name"]) or f.text(raw["Name"].rstrip("*"))
    if not name:
        dataset.issues.add(file, line, "Clean Name", raw["Clean Name"], "required, but empty")
        return None
    try:
        start = f.date(raw["Start date"])
    except ValueError as exc:
        dataset.issues.add(file, line, "Start date", raw["Start date"], str(exc))
        return None
    if start is None:
        dataset.issues.add(file, line, "Start date", "", "required, but empty (the edition's date)")
        return None
    try:
        end = f.date(raw["End date"])
    except ValueError as exc:
        dataset.issues.add(file, line, "End date", raw["End date"], str(exc))
        return None
    if end is not None and end <= start:
        dataset.issues.add(file, line, "End date", raw["End date"], "End date must come after Start date")
        return None
    return Row(
        line=line,
        name=name,
        aliases=_split(raw.get("Alias", ""), aliases=True),
        previous=_split(raw.get("Previous Name", "")),
        parent=f.text(raw["Parent Name"]),
        start=start,
        end=end,
        url=f.text(raw.get("Source Url", "")),
    )


def _published_only(dataset: Dataset, file: str, rows: list[Row]) -> list[Row]:
    """Only editions published in the Federal Register are lists (FY2024 NDAA sec. 805(a)(2)(A)):
    a row listed by a withdrawn posting is rejected, and a listing the transcription ended on the
    strength of one runs on to the next published edition (open if the file has none yet)."""
    kept = []
    for row in rows:
        gap = _withdrawn(row.start)
        if gap is not None:
            dataset.issues.add(file, row.line, "Start date", row.start.isoformat(), f"not a list: {gap.why}")
            continue
        gap = _withdrawn(row.end)
        if gap is not None:
            published = any(other.start == gap.until for other in rows)
            row.end = gap.until if published else None
        kept.append(row)
    return kept


def _withdrawn(day: dt.date | None) -> Withdrawn | None:
    return next((w for w in WITHDRAWN if w.list == LIST and day and w.posted <= day < w.until), None)


def _split(raw: str, *, aliases: bool = False) -> list[str]:
    """``;``-separated; aliases also split at a comma with no space after ("Knownsec,Beijing Kownsec")."""
    return [part.strip() for part in re.split(_ALIAS_SEP if aliases else ";", raw) if part.strip()]


def _company_keys(rows: list[Row]) -> dict[str, str]:
    """Name key -> company key. Rows join when a row's Previous Name or Alias is another row's name,
    or its name less a trailing parenthesis is ("Dawning ... Co., Ltd. (Sugon)")."""
    parent = {name_key(row.name): name_key(row.name) for row in rows}

    def root(key: str) -> str:
        while parent[key] != key:
            key = parent[key]
        return key

    for row in rows:
        for other in (*row.previous, *row.aliases, _TRAILING_PARENS.sub("", row.name)):
            if (key := name_key(other)) in parent:
                parent[root(key)] = root(name_key(row.name))
    return {key: root(key) for key in parent}


def _entity_id(members: list[Row]) -> str:
    """From the company's earliest listed name, so a rename keeps the id it had."""
    first = min(members, key=lambda row: (row.start, row.line))
    return _id_for(first.name)


def _id_for(name: str) -> str:
    return f"dod-1260h:{name_key(name).replace(' ', '-')}"


def _entity(record_id: str, members: list[Row]) -> EntityRecord:
    latest = max(members, key=lambda member: (member.start, member.line))
    others = [member.name for member in members]
    others += [name for member in members for name in (*member.aliases, *member.previous)]
    return _company(record_id, latest.name, unique(others, latest.name), min(m.line for m in members))


def _company(record_id: str, name: str, names: list[str], row: int) -> EntityRecord:
    return {
        "id": record_id,
        "name": name,
        "kind": "company",
        "country": None,  # the list gives none (listed companies include Cayman and US holdings)
        "names": names,
        "identifiers": [],
        "address": None,
        "opacity": [],
        "source": SOURCE.name,
        "row": row,
    }


def _listing(entity_id: str, row: Row) -> ListingRecord:
    return {
        "entity_id": entity_id,
        "list": LIST,
        "programs": [],
        "start_date": row.start,
        "end_date": row.end,
        "citation": row.url,
        "license_requirement": None,
        "license_policy": None,
        "source_entry_id": None,
        "source": SOURCE.name,
        "row": row.line,
    }


def _parents(dataset: Dataset, rows: list[Row], by_key: dict[str, str]) -> None:
    """A stake of unknown size from each named parent to the row's company, once per pair."""
    seen: set[tuple[str, str]] = set()
    created: dict[str, EntityRecord] = {}
    for row in rows:
        if not row.parent:
            continue
        child = by_key[name_key(row.name)]
        owner = _parent_id(row.parent, by_key)
        if owner is None:
            owner = _id_for(row.parent)
            if owner not in created:
                created[owner] = _company(owner, row.parent, [], row.line)
                dataset.entities.append(created[owner])
        if owner == child or (owner, child) in seen:
            continue
        seen.add((owner, child))
        dataset.stakes.append(_stake(owner, child, row.line))


def _parent_id(name: str, by_key: dict[str, str]) -> str | None:
    """The listed company a parent name means, also when it adds an acronym: "... Limited (CASIC)"."""
    for candidate in (name, _TRAILING_PARENS.sub("", name)):
        if (found := by_key.get(name_key(candidate))) is not None:
            return found
    return None


def _stake(owner: str, owned: str, line: int) -> StakeRecord:
    return {
        "owner_id": owner,
        "owned_id": owned,
        "pct": None,
        "pct_min": None,
        "pct_max": None,
        "basis": "equity",
        "derived": False,
        "start_date": None,
        "end_date": None,
        "source": SOURCE.name,
        "row": line,
    }
