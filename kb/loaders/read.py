"""Reading JSON sources (one document, an array, or JSON lines) and shared helpers of their parsers.

Used by the FollowTheMoney, BODS and UK PSC parsers. Structural problems raise
:class:`~kb.errors.LoadError` with one line naming the file; a value problem raises ``ValueError``
for the caller to record as a row issue.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Hashable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from kb.errors import LoadError
from kb.loaders.issues import IssueLog

JsonObject = dict[str, Any]
Row = tuple[int, JsonObject]
R = TypeVar("R", bound=Mapping[str, Any])

_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ].*)?$")
_PARTIAL_DATE = re.compile(r"^\d{4}(?:-\d{2})?$")


def read_text(path: Path) -> str:
    """The file's text: UTF-8 (a BOM is dropped), not empty."""
    try:
        content = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise LoadError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise LoadError(f"{path}: not UTF-8 (byte {exc.start} is {exc.object[exc.start]:#04x})") from None
    if not content.strip():
        raise LoadError(f"{path}: empty file")
    return content


def json_lines(path: Path, text: str | None = None) -> list[Row]:
    """(line number, object) for every non-blank line; each line must be one JSON object."""
    rows: list[Row] = []
    for number, line in enumerate((read_text(path) if text is None else text).splitlines(), 1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            raise LoadError(f"{path}:{number}: not JSON ({exc.msg}, column {exc.colno})") from None
        if not isinstance(value, dict):
            raise LoadError(f"{path}:{number}: expected a JSON object on each line")
        rows.append((number, value))
    return rows


def json_records(path: Path) -> list[Row]:
    """A JSON array of objects (row = 1-based index), one JSON object (row 1), or JSON lines."""
    text = read_text(path)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":  # several documents: JSON lines
            return json_lines(path, text)
        raise LoadError(f"{path}:{exc.lineno}: not JSON ({exc.msg}, column {exc.colno})") from None
    if isinstance(value, dict):
        return [(1, value)]
    if not isinstance(value, list):
        raise LoadError(f"{path}: expected a JSON object, an array of objects or JSON lines")
    for index, item in enumerate(value, 1):
        if not isinstance(item, dict):
            raise LoadError(f"{path}: item {index} of the array is not a JSON object")
    return list(enumerate(value, 1))


def source_files(path: Path, suffixes: tuple[str, ...], skip: tuple[str, ...] = ()) -> list[Path]:
    """``path`` itself, or the files of a folder whose names end with one of ``suffixes``, sorted."""
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise LoadError(f"{path}: no such file or folder")
    files = sorted(
        p for p in path.iterdir() if p.is_file() and p.name.endswith(suffixes) and p.name not in skip
    )
    if not files:
        raise LoadError(f"{path}: no {' or '.join(suffixes)} file in this folder")
    return files


def default_source(prefix: str, path: Path) -> str:
    """``<prefix>-<file name without extensions>`` (or the folder name): stable across snapshots."""
    stem = path.name.split(".", 1)[0] if path.is_file() else path.name
    return f"{prefix}-{stem}"


def full_date(raw: Any) -> dt.date | None:
    """A full ``YYYY-MM-DD`` date (a time part is dropped); partial dates (``2014``, ``2014-03``) are None."""
    if raw is None:
        return None
    value = str(raw).strip()
    if not value or _PARTIAL_DATE.match(value):
        return None
    if not _FULL_DATE.match(value):
        raise ValueError("not a date of the form YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        raise ValueError("not a valid calendar date") from None


def text_of(raw: Any) -> str | None:
    """A stripped non-empty string, else None."""
    return raw.strip() or None if isinstance(raw, str) else None


def unique_names(names: list[str], primary: str) -> list[str]:
    """Other names, in order, without the primary name, duplicates or names without a letter or digit."""
    seen = {primary}
    kept = []
    for name in (n.strip() for n in names):
        if name and name not in seen and any(ch.isalnum() for ch in name):
            seen.add(name)
            kept.append(name)
    return kept


class Unique:
    """Keeps one record per key (what the graph writer tells facts apart by); a clash is an issue."""

    def __init__(self, issues: IssueLog) -> None:
        self.issues = issues
        self.index: dict[Hashable, int] = {}

    def add(
        self,
        records: list[R],
        record: R,
        key: Hashable,
        where: tuple[str, int, str, Any],
        prefer: Callable[[R, R], bool] | None = None,
    ) -> None:
        """Append ``record`` unless a record with ``key`` is there: then ``prefer(new, old)`` decides."""
        file, row, field, value = where
        at = self.index.get(key)
        if at is None:
            self.index[key] = len(records)
            records.append(record)
            return
        other = records[at]["row"]
        if prefer is not None and prefer(record, records[at]):
            records[at] = record
            reason = f"same parties, basis and start date as row {other}, which this one replaces"
        else:
            reason = f"same parties, basis and start date as row {other}: left out"
        self.issues.add(file, row, field, value, reason)


def later_end(new: Any, old: Any) -> bool:
    """True when ``new`` is still open (no end date) and ``old`` is not, or ends later."""
    new_end, old_end = new["end_date"], old["end_date"]
    if old_end is None:
        return False
    return new_end is None or new_end > old_end


_COH = re.compile(r"^[A-Z0-9]{8}$")


def gb_coh(raw: str) -> str:
    """A UK Companies House number: 8 characters, short all-digit numbers padded with zeros."""
    value = raw.strip().upper().replace(" ", "")
    if value.isdigit():
        value = value.zfill(8)
    if not _COH.match(value):
        raise ValueError("not a Companies House number (8 letters or digits, e.g. 01234567, SC123456)")
    return f"GB_COH:{value}"


def kebab(code: str) -> str:
    """``subjectExemptFromDisclosure`` -> ``subject-exempt-from-disclosure``; kebab-case stays."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"-\1", code.strip()).lower()


def obj(value: Any) -> JsonObject:
    """``value`` when it is a JSON object, else an empty one."""
    return value if isinstance(value, dict) else {}
