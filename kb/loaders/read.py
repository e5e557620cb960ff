"""Reading source files: one reader for text, CSV and JSON, with one set of structural errors.

Every format reads its files through here, so a missing file, a folder where a file belongs, a
file that is not UTF-8, an empty file, a CSV header without a required column and JSON that does
not parse fail alike in every format: a :class:`~kb.errors.LoadError` whose one line starts with
the file (``path:line:`` when a line is known), before any row is read. What rows mean stays in
the formats (``kb/loaders/formats/``), which record a bad value as a row issue.
"""

from __future__ import annotations

import csv
import io
import json
import string
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from kb.errors import LoadError

JsonObject = dict[str, Any]
Row = tuple[int, JsonObject]
CsvRow = tuple[int, dict[str, str]]  # (line number in the file, column -> cell)

# What an empty file may hold: whitespace, and the end-of-file mark (Ctrl-Z) OFAC files may carry.
_BLANK = string.whitespace + "\x1a"


def read_text(path: Path, expected: str = "", allow_empty: bool = False) -> str:
    """The file's text: UTF-8 (a BOM is dropped), not empty unless ``allow_empty``; ``expected``
    says what an empty file should have held."""
    if path.is_dir():
        raise LoadError(f"{path}: a folder, not a file")
    try:
        content = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise LoadError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise LoadError(f"{path}: not UTF-8 (byte {exc.start} is {exc.object[exc.start]:#04x})") from None
    except OSError as exc:
        raise LoadError(f"{path}: cannot be read ({exc.strerror})") from None
    if not allow_empty and not content.strip(_BLANK):
        raise LoadError(f"{path}: empty file" + (f", expected {expected}" if expected else ""))
    return content


def csv_rows(
    path: Path, required: Iterable[str] = (), content: str | None = None, lines: list[int] | None = None
) -> tuple[list[str], Iterator[CsvRow]]:
    """The header and (line number, row) pairs, after checking the header has ``required``.

    ``content`` and ``lines`` give a header and a subset of the file's lines instead (a delta):
    ``lines[i]`` is the line number in ``path`` of the content's data line ``i``.
    """
    reader = csv.DictReader(
        io.StringIO(read_text(path, "a header row") if content is None else content, newline="")
    )
    header = [name.strip() for name in reader.fieldnames or []]
    if not header:
        raise LoadError(f"{path}: empty file, expected a header row")
    reader.fieldnames = header
    if duplicated := sorted({name for name in header if name and header.count(name) > 1}):
        raise LoadError(f"{path}: column {duplicated[0]!r} appears twice")
    if missing := [name for name in required if name not in header]:
        raise LoadError(f"{path}: missing required column {missing[0]!r}")

    def rows() -> Iterator[CsvRow]:
        for row in reader:
            if None in row:
                raise LoadError(f"{path}:{reader.line_num}: more cells than columns in the header")
            line = reader.line_num if lines is None else lines[reader.line_num - 2]
            yield line, {name: (value or "") for name, value in row.items()}

    return header, rows()


def json_value(path: Path, text: str | None = None) -> Any:
    """The one JSON document the file holds."""
    try:
        return json.loads(read_text(path, "JSON") if text is None else text)
    except json.JSONDecodeError as exc:
        raise _not_json(path, exc.lineno, exc) from None


def json_lines(path: Path, text: str | None = None) -> list[Row]:
    """(line number, object) for every non-blank line; each line must be one JSON object."""
    rows: list[Row] = []
    for number, line in enumerate((read_text(path, "JSON lines") if text is None else text).splitlines(), 1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            raise _not_json(path, number, exc) from None
        if not isinstance(value, dict):
            raise LoadError(f"{path}:{number}: expected a JSON object on each line")
        rows.append((number, value))
    return rows


def json_records(path: Path) -> list[Row]:
    """A JSON array of objects (row = 1-based index), one JSON object (row 1), or JSON lines."""
    text = read_text(path, "JSON")
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":  # several documents: JSON lines
            return json_lines(path, text)
        raise _not_json(path, exc.lineno, exc) from None
    if isinstance(value, dict):
        return [(1, value)]
    if not isinstance(value, list):
        raise LoadError(f"{path}: expected a JSON object, an array of objects or JSON lines")
    for index, item in enumerate(value, 1):
        if not isinstance(item, dict):
            raise LoadError(f"{path}: item {index} of the array is not a JSON object")
    return list(enumerate(value, 1))


def _not_json(path: Path, line: int, exc: json.JSONDecodeError) -> LoadError:
    return LoadError(f"{path}:{line}: not JSON ({exc.msg}, column {exc.colno})")


def obj(value: Any) -> JsonObject:
    """``value`` when it is a JSON object, else an empty one."""
    return value if isinstance(value, dict) else {}


def source_files(
    path: Path, suffixes: tuple[str, ...], skip: tuple[str, ...] = (), recursive: bool = False
) -> list[Path]:
    """``path`` itself, or the files of a folder (``recursive``: and of its subfolders) whose names
    end with one of ``suffixes`` (in any case), in path order."""
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise LoadError(f"{path}: no such file or folder")
    found = path.rglob("*") if recursive else path.iterdir()
    files = sorted(
        (p for p in found if p.is_file() and p.name.lower().endswith(suffixes) and p.name not in skip),
        key=lambda p: p.relative_to(path).as_posix(),
    )
    if not files:
        raise LoadError(f"{path}: no {' or '.join(suffixes)} file in this folder")
    return files
