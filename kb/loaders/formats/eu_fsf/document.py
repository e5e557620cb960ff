"""Reading an FSF XML 1.1 export: the root ``export`` element, then each ``sanctionEntity`` as an
element tree of its own, with the line every element starts on.

ElementTree's parsers do not report lines, so the file goes through expat (the parser under
ElementTree) into a :class:`xml.etree.ElementTree.TreeBuilder` per entry: issues can then name the
line of the entry, or of the identification or date they are about. Entries are handed over as
they end and dropped, so a full list (about 25 MB) is never one tree.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from kb.errors import LoadError
from kb.loaders import fields as f
from kb.loaders.read import read_text

NS = "http://eu.europa.ec/fpi/fsd/export"
ROOT = f"{{{NS}}}export"
ENTRY = f"{{{NS}}}sanctionEntity"
_CHUNK = 1 << 20


def tag(local: str) -> str:
    """The namespaced tag of an FSF element, e.g. ``nameAlias``."""
    return f"{{{NS}}}{local}"


@dataclass
class Entry:
    """One ``sanctionEntity``: its element and the line each element of it starts on."""

    element: ET.Element
    lines: dict[int, int] = field(default_factory=dict)  # id(element) -> line

    @property
    def line(self) -> int:
        return self.line_of(self.element)

    def line_of(self, element: ET.Element) -> int:
        return self.lines.get(id(element), 0)

    def children(self, local: str) -> list[ET.Element]:
        return self.element.findall(tag(local))


@dataclass(frozen=True)
class Document:
    generated: dt.date  # the export's generationDate
    file_id: str | None  # globalFileId
    entries: Iterator[Entry]


class _Builder:
    """expat callbacks: checks the root and its children, builds one tree per entry."""

    def __init__(self, path: Path, parser: expat.XMLParserType) -> None:
        self.path, self.parser = path, parser
        self.root: dict[str, str] | None = None
        self.root_line = 0
        self.depth = 0
        self.tree: ET.TreeBuilder | None = None
        self.entry: Entry | None = None
        self.done: list[Entry] = []
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.data
        parser.buffer_text = True

    def start(self, name: str, attrs: dict[str, str]) -> None:
        line = self.parser.CurrentLineNumber
        element = _clark(name)
        if self.depth == 0 and element != ROOT:
            raise LoadError(
                f"{self.path}:{line}: root element {element}, expected export in namespace {NS}"
                " (an EU Financial Sanctions Files XML 1.1 export)"
            )
        if self.depth == 0:
            self.root, self.root_line = attrs, line
        elif self.depth == 1:
            if element != ENTRY:
                raise LoadError(
                    f"{self.path}:{line}: element {element} under export: only sanctionEntity expected"
                )
            self.tree, self.entry = ET.TreeBuilder(), Entry(ET.Element(ENTRY))
        if self.tree is not None and self.entry is not None:
            self.entry.lines[id(self.tree.start(element, attrs))] = line
        self.depth += 1

    def end(self, name: str) -> None:
        self.depth -= 1
        if self.tree is None or self.entry is None:
            return
        self.tree.end(_clark(name))
        if self.depth == 1:
            self.entry.element = self.tree.close()
            self.done.append(self.entry)
            self.tree, self.entry = None, None

    def data(self, text: str) -> None:
        if self.tree is not None:
            self.tree.data(text)


def _clark(name: str) -> str:
    """expat's ``uri}local`` (namespace_separator ``}``) as ElementTree's ``{uri}local``."""
    return "{" + name if "}" in name else name


def read(path: Path) -> Document:
    """The export's header, and its entries as they are parsed. Raises :class:`LoadError` for a
    file that is not an FSF XML export (not UTF-8, not well-formed, another root, no
    generationDate, no entry)."""
    content = read_text(path, "an EU FSF XML export").encode("utf-8")
    # expat fetches no external entity (no handler is set), and expat >= 2.4.1 (bundled with every
    # Python kb supports) refuses entity-expansion bombs: safe on an untrusted download.
    parser = expat.ParserCreate(namespace_separator="}")
    builder = _Builder(path, parser)
    chunks = iter(range(0, len(content), _CHUNK))
    while builder.root is None and (start := next(chunks, None)) is not None:
        _feed(path, parser, content[start : start + _CHUNK], final=start + _CHUNK >= len(content))
    if builder.root is None:
        raise LoadError(f"{path}: no root element (an EU FSF XML export starts with <export>)")
    raw = builder.root.get("generationDate", "")
    try:
        generated = f.full_date(raw)
    except ValueError as exc:
        raise LoadError(f"{path}:{builder.root_line}: export generationDate={raw!r}: {exc}") from None
    if generated is None:
        raise LoadError(f"{path}:{builder.root_line}: export: missing required attribute generationDate")

    def entries() -> Iterator[Entry]:
        count = 0
        while True:
            count += len(builder.done)
            yield from builder.done
            builder.done.clear()
            start = next(chunks, None)
            if start is None:
                break
            _feed(path, parser, content[start : start + _CHUNK], final=start + _CHUNK >= len(content))
        if count == 0:
            raise LoadError(f"{path}: no sanctionEntity: an empty export is not a snapshot of the list")

    return Document(generated, builder.root.get("globalFileId") or None, entries())


def _feed(path: Path, parser: expat.XMLParserType, chunk: bytes, final: bool) -> None:
    try:
        parser.Parse(chunk, final)
    except expat.ExpatError as exc:
        raise LoadError(
            f"{path}:{exc.lineno}: not well-formed XML ({expat.ErrorString(exc.code)}, column {exc.offset})"
        ) from None
