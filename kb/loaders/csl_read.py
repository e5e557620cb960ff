"""Reading helpers shared by the CSL and DoD 1260H parsers: decoding, CSV rows, name keys."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

from kb.errors import LoadError

_NOT_WORD = re.compile(r"[\W_]+")


def read_text(path: Path) -> str:
    """The file as text; a folder, a missing, empty or non-UTF-8 file is a LoadError."""
    if not path.is_file():
        raise LoadError(f"{path}: not a file")
    try:
        content = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LoadError(f"{path}: not UTF-8 (byte {exc.start} is {exc.object[exc.start]:#04x})") from None
    if not content.strip():
        raise LoadError(f"{path}: empty file")
    return content


def csv_rows(
    path: Path, content: str, required: Iterable[str]
) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """The header and (line number, row) pairs, after checking the header has ``required``."""
    reader = csv.DictReader(io.StringIO(content, newline=""))
    header = [name.strip() for name in reader.fieldnames or []]
    if not header:
        raise LoadError(f"{path}: empty file, expected a header row")
    reader.fieldnames = header
    if duplicated := sorted({name for name in header if name and header.count(name) > 1}):
        raise LoadError(f"{path}: column {duplicated[0]!r} appears twice")
    if missing := [name for name in required if name not in header]:
        raise LoadError(f"{path}: missing required column {missing[0]!r}")

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        for row in reader:
            if None in row:
                raise LoadError(f"{path}:{reader.line_num}: more cells than columns in the header")
            yield reader.line_num, {name: (value or "") for name, value in row.items()}

    return header, rows()


def name_key(name: str) -> str:
    """A name for comparison: NFKC, case-folded, punctuation and spacing collapsed to one space."""
    return _NOT_WORD.sub(" ", unicodedata.normalize("NFKC", name).casefold()).strip()


def unique(values: Iterable[str], *exclude: str) -> list[str]:
    """Non-empty values in order, without repeats (by :func:`name_key`) and without ``exclude``."""
    seen = {name_key(value) for value in exclude}
    kept: list[str] = []
    for value in values:
        key = name_key(value)
        if key and key not in seen:
            seen.add(key)
            kept.append(value.strip())
    return kept
