"""Reading the UK Sanctions List XML: the root, its ``DateGenerated``, and each ``Designation``
with the line it starts on.

The file is read as text through :func:`kb.loaders.read.read_text` (so a folder, a missing, empty
or non-UTF-8 file fail as in every format) and fed to expat a slice at a time; each Designation is
built as an element tree of its own and handed on once closed, so memory stays bounded by one
Designation however long the list. Expat never fetches external entities and (>= 2.4.1) refuses
entity-expansion bombs; a document type declaration is refused outright, as no FCDO export has one.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from xml.parsers import expat

from kb.errors import LoadError

ROOT = "Designations"
RECORD = "Designation"
DATE = "DateGenerated"
CHUNK = 1 << 20  # characters fed to expat at a time
_UK_DATE = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")


def uk_date(raw: str) -> dt.date:
    """The list's ``dd/mm/yyyy``; ValueError(reason) otherwise (``dd/mm/1945`` included)."""
    match = _UK_DATE.match(raw.strip())
    if match is None:
        raise ValueError("not a date of the form dd/mm/yyyy")
    day, month, year = (int(part) for part in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError("not a valid calendar date") from None


def text(elem: ET.Element | None) -> str:
    """An element's text, spacing collapsed; "" for a missing or empty element."""
    return " ".join((elem.text or "").split()) if elem is not None else ""


class Document:
    """One UK Sanctions List XML file: :meth:`designations` yields (line, element) pairs, and
    :attr:`generated` holds the file's date once they have all been read."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.generated: dt.date | None = None
        self._parser = expat.ParserCreate()
        self._parser.buffer_text = True
        self._parser.StartElementHandler = self._start
        self._parser.EndElementHandler = self._end
        self._parser.CharacterDataHandler = self._data
        self._parser.StartDoctypeDeclHandler = self._doctype
        self._depth = 0
        self._builder: ET.TreeBuilder | None = None
        self._line = 0
        self._closed: list[tuple[int, ET.Element]] = []
        self._dates: list[tuple[int, str]] = []
        self._count = 0

    def designations(self, content: str) -> Iterator[tuple[int, ET.Element]]:
        for start in range(0, len(content), CHUNK):
            self._feed(content[start : start + CHUNK], final=False)
            yield from self._drain()
        self._feed("", final=True)
        yield from self._drain()
        self._finish()

    def _feed(self, data: str, final: bool) -> None:
        try:
            self._parser.Parse(data, final)
        except expat.ExpatError as exc:
            problem = expat.ErrorString(exc.code) or "not XML"
            raise LoadError(
                f"{self.path}:{exc.lineno}: not well-formed XML ({problem}, column {exc.offset + 1})"
            ) from None

    def _drain(self) -> Iterator[tuple[int, ET.Element]]:
        closed, self._closed = self._closed, []
        for line, elem in closed:
            if elem.tag == DATE:
                self._dates.append((line, text(elem)))
            else:
                self._count += 1
                yield line, elem

    def _finish(self) -> None:
        if len(self._dates) != 1:
            what = "no" if not self._dates else f"{len(self._dates)}"
            raise LoadError(f"{self.path}: {what} <{DATE}> element (one expected, dd/mm/yyyy)")
        line, raw = self._dates[0]
        try:
            self.generated = uk_date(raw)
        except ValueError as exc:
            raise LoadError(f"{self.path}:{line}: {DATE}={raw!r}: {exc}") from None
        if not self._count:
            # A full snapshot without designations would close every UK listing in the graph.
            raise LoadError(f"{self.path}: no <{RECORD}> element: not a UK Sanctions List export")

    def _start(self, tag: str, attrs: dict[str, str]) -> None:
        self._depth += 1
        line = self._parser.CurrentLineNumber
        if self._depth == 1 and tag != ROOT:
            raise LoadError(
                f"{self.path}:{line}: root element <{tag}>, expected <{ROOT}> (the UK Sanctions List XML)"
            )
        if self._depth == 2 and tag in (RECORD, DATE):
            self._builder, self._line = ET.TreeBuilder(), line
        if self._builder is not None:
            self._builder.start(tag, attrs)

    def _end(self, tag: str) -> None:
        if self._builder is not None:
            elem = self._builder.end(tag)
            if self._depth == 2:
                self._closed.append((self._line, elem))
                self._builder = None
        self._depth -= 1

    def _data(self, data: str) -> None:
        if self._builder is not None:
            self._builder.data(data)

    def _doctype(self, name: str, *_: object) -> None:
        line = self._parser.CurrentLineNumber
        raise LoadError(f"{self.path}:{line}: a document type declaration (<!DOCTYPE {name}>) is refused")
