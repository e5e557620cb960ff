"""Rows to stdout as a table, JSON or CSV; Neo4j values made plain."""

from __future__ import annotations

import csv
import enum
import json
import sys
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TextIO

from neo4j.graph import Node, Path, Relationship
from neo4j.spatial import Point


class Format(enum.StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def plain(value: Any) -> Any:
    """A JSON-able form of any value the driver returns."""
    if isinstance(value, Node):
        return {"labels": sorted(value.labels), "properties": plain(dict(value))}
    if isinstance(value, Relationship):
        return {
            "type": value.type,
            "start": plain(value.start_node),
            "end": plain(value.end_node),
            "properties": plain(dict(value)),
        }
    if isinstance(value, Path):
        return {
            "nodes": [plain(n) for n in value.nodes],
            "relationships": [plain(r) for r in value.relationships],
        }
    if isinstance(value, Point):
        return {"srid": value.srid, "coordinates": list(value)}
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if hasattr(value, "iso_format"):  # neo4j.time Date, Time, DateTime, Duration
        return value.iso_format()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _cell(value: Any) -> str:
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def emit(
    rows: Sequence[Mapping[str, Any]],
    fmt: Format,
    columns: Iterable[str] | None = None,
    out: TextIO | None = None,
) -> None:
    out = out or sys.stdout
    names = list(columns) if columns is not None else _columns(rows)
    if fmt is Format.json:
        json.dump([{k: plain(row.get(k)) for k in names} for row in rows], out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt is Format.csv:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(names)
        writer.writerows([_cell(row.get(k)) for k in names] for row in rows)
    else:
        _table(rows, names, out)


def _columns(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    names: dict[str, None] = {}
    for row in rows:
        names.update(dict.fromkeys(row))
    return list(names)


def _width(text: str) -> int:
    """Terminal columns: CJK and other wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _table(rows: Sequence[Mapping[str, Any]], names: list[str], out: TextIO) -> None:
    if not names:
        out.write("(no rows)\n")
        return
    cells = [[_cell(row.get(k)) for k in names] for row in rows]
    widths = [max([_width(n), *(_width(r[i]) for r in cells)]) for i, n in enumerate(names)]
    line = "  ".join(_pad(n, w) for n, w in zip(names, widths, strict=True)).rstrip()
    out.write(line + "\n" + "  ".join("-" * w for w in widths) + "\n")
    for row in cells:
        out.write("  ".join(_pad(c, w) for c, w in zip(row, widths, strict=True)).rstrip() + "\n")
    out.write(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")


def emit_record(record: Mapping[str, Any], fmt: Format) -> None:
    """One key/value record (status, reports): a two-column table, or one JSON object."""
    if fmt is Format.json:
        json.dump(plain(dict(record)), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    emit([{"field": k, "value": v} for k, v in record.items()], fmt)
