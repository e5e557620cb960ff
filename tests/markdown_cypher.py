"""Cypher examples in kb's Markdown docs, read the way an analyst pastes them into Neo4j Browser.

The convention (docs/cookbook.md, docs/schema.md): a fenced ```` ```cypher ```` block under a
``###`` heading; its first lines are Browser parameter commands ``:param name => expression;``,
the rest is one read-only query that takes its values from those ``$parameters``. In the
cookbook a recipe's heading is ``### N. Title`` and the block is followed by its expected
answers: ``Expected on the demo:`` and optionally ``Expected with the test fixture:``, each
followed by a Markdown table of the rows (``…`` in a cell matches any value) or ending in
``no rows.``

Running a block: every ``:param`` right-hand side is evaluated by Neo4j (``RETURN <expr> AS v``),
as Browser does, and the values are passed to the query as driver parameters.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from dataclasses import dataclass, field
from typing import Any

import neo4j
import neo4j.time
from neo4j import GraphDatabase, NotificationClassification, NotificationSeverity, RoutingControl

from kb.connection import Connection

_FENCE = re.compile(r"^```cypher\s*$")
_HEADING = re.compile(r"^(#{2,4})\s+(.*?)\s*$")
_RECIPE = re.compile(r"^(\d+)\.\s+(.+)$")
_PARAM = re.compile(r"^:param\s+([A-Za-z_][A-Za-z0-9_]*)\s*=>\s*(.+?)\s*;\s*$")
_EXPECTED = re.compile(r"^Expected (on the demo|with the test fixture):\s*(no rows\.)?\s*$")
ANY = "…"


@dataclass
class Table:
    columns: list[str]
    rows: list[list[str]]


@dataclass
class Block:
    heading: str
    line: int  # of the opening fence, 1-based
    params: list[tuple[str, str]]  # (name, Cypher expression), in order
    query: str
    expected: dict[str, Table] = field(default_factory=dict)  # "demo" / "fixture"; no rows: empty table

    @property
    def number(self) -> int | None:
        found = _RECIPE.match(self.heading)
        return int(found.group(1)) if found else None

    @property
    def title(self) -> str:
        found = _RECIPE.match(self.heading)
        return found.group(2) if found else self.heading


class BadBlock(ValueError):
    pass


def blocks(text: str) -> list[Block]:
    """Every ```cypher block, with the ``###`` heading above it and the expectations below it."""
    lines = text.splitlines()
    found: list[Block] = []
    heading = ""
    i = 0
    while i < len(lines):
        line = lines[i]
        if match := _HEADING.match(line):
            heading = match.group(2)
        elif _FENCE.match(line):
            start = i
            body: list[str] = []
            i += 1
            while i < len(lines) and lines[i].strip() != "```":
                body.append(lines[i])
                i += 1
            if i == len(lines):
                raise BadBlock(f"line {start + 1}: a ```cypher block that is never closed")
            found.append(_block(heading, start + 1, body))
        elif (match := _EXPECTED.match(line)) and found:
            which = "demo" if match.group(1) == "on the demo" else "fixture"
            if which in found[-1].expected:
                raise BadBlock(f"line {i + 1}: a second {line!r} for the same block")
            if match.group(2):
                found[-1].expected[which] = Table([], [])
            else:
                table, i = _table(lines, i + 1)
                found[-1].expected[which] = table
                continue
        i += 1
    return found


def _block(heading: str, line: int, body: list[str]) -> Block:
    params: list[tuple[str, str]] = []
    rest = list(body)
    while rest and (rest[0].startswith(":param") or not rest[0].strip()):
        text = rest.pop(0)
        if not text.strip():
            continue
        match = _PARAM.match(text)
        if match is None:
            raise BadBlock(f"line {line}: {text!r} is not ':param name => expression;'")
        params.append((match.group(1), match.group(2)))
    query = "\n".join(rest).strip()
    if any(text.lstrip().startswith(":") for text in rest):
        raise BadBlock(f"line {line}: Browser commands come before the query, not inside it")
    if not query:
        raise BadBlock(f"line {line}: a block with no query")
    return Block(heading, line, params, query)


def _cells(row: str) -> list[str]:
    inner = row.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    cells = re.split(r"(?<!\\)\|", inner)
    return [cell.strip().replace("\\|", "|") for cell in cells]


def _table(lines: list[str], i: int) -> tuple[Table, int]:
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i + 1 >= len(lines) or not lines[i].lstrip().startswith("|"):
        raise BadBlock(f"line {i + 1}: an expectation is a Markdown table or 'no rows.'")
    columns = [c.strip("`") for c in _cells(lines[i])]
    i += 2  # the header and its |---| line
    rows: list[list[str]] = []
    while i < len(lines) and lines[i].lstrip().startswith("|"):
        rows.append([c[1:-1] if len(c) > 1 and c[0] == c[-1] == "`" else c for c in _cells(lines[i])])
        i += 1
    return Table(columns, rows), i


# How a value is written in an expected table: as Neo4j Browser's table view shows it, roughly.
def cell(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isfinite(value) and value == round(value, 4):
            return repr(round(value, 4))
        return f"{value:.4f}"
    if isinstance(value, str):
        return value
    if isinstance(value, (neo4j.time.Date, neo4j.time.DateTime, dt.date)):
        return value.isoformat()
    return json.dumps(_plain(value), ensure_ascii=False, default=str)


def _plain(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, (neo4j.time.Date, neo4j.time.DateTime, dt.date)):
        return value.isoformat()
    return value


def matches(expected: Table, columns: list[str], rows: list[list[str]]) -> str | None:
    """Why ``rows`` (formatted with :func:`cell`) do not match ``expected``, or None."""
    if not expected.rows and not expected.columns:
        return None if not rows else f"expected no rows, got {len(rows)}: {rows[:3]}"
    if expected.columns != columns:
        return f"columns {columns} differ from the documented {expected.columns}"
    if len(expected.rows) != len(rows):
        return f"{len(rows)} rows, the doc shows {len(expected.rows)}:\n" + render(columns, rows)
    for n, (want, got) in enumerate(zip(expected.rows, rows, strict=True), start=1):
        if len(want) != len(got) or any(w != ANY and w != g for w, g in zip(want, got, strict=True)):
            return f"row {n} is {got}, the doc shows {want}:\n" + render(columns, rows)
    return None


def render(columns: list[str], rows: list[list[str]]) -> str:
    """A Markdown table, as the docs show expected answers (to paste when updating them)."""

    def esc(text: str) -> str:
        return text.replace("|", "\\|")

    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(esc(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


@dataclass
class Outcome:
    columns: list[str]
    rows: list[list[str]]
    query_type: str | None
    notifications: list[str]  # "<classification> <severity>: <description>"
    deprecations: list[str]


class Runner:
    """Runs blocks as Browser would, with a driver of its own to see each result's summary."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.driver = GraphDatabase.driver(connection.uri, auth=(connection.username, connection.password))

    def close(self) -> None:
        self.driver.close()

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _run(self, query: str, params: dict[str, Any]) -> tuple[list[neo4j.Record], Any, list[str]]:
        records, summary, keys = self.driver.execute_query(
            neo4j.Query(query),
            params,
            routing_=RoutingControl.READ,
            database_=self.connection.database,
        )
        return records, summary, list(keys)

    def params(self, block: Block) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name, expression in block.params:
            records, _, _ = self._run(f"RETURN {expression} AS v", values)
            values[name] = records[0]["v"]
        return values

    def run(self, block: Block) -> Outcome:
        records, summary, keys = self._run(block.query, self.params(block))
        notes, deprecations = [], []
        for status in summary.gql_status_objects:
            if not status.is_notification:
                continue
            text = f"{status.classification.name} {status.severity.name}: {status.status_description}"
            if status.severity == NotificationSeverity.WARNING:
                notes.append(text)
            if status.classification == NotificationClassification.DEPRECATION:
                deprecations.append(text)
        rows = [[cell(record[key]) for key in keys] for record in records]
        return Outcome(keys, rows, summary.query_type, notes, deprecations)


_STRING = re.compile(r"'((?:[^'\\]|\\.)*)'|\"((?:[^\"\\]|\\.)*)\"")
_NUMBER = re.compile(r"(?<![\w$.])(\d+(?:\.\d+)?)(?![\w.])")
_QUANTIFIER = re.compile(r"\*\d*\.\.\d*|\{\d*,\s*\d*\}|\*\d+")


def literal_values(query: str, allowed_words: set[str], allowed_numbers: set[str]) -> list[str]:
    """Values written into the query instead of taken from $parameters: string literals that hold
    a word (punctuation such as ', ' or '%' is formatting, not a value) and are not in
    ``allowed_words``, and numbers not in ``allowed_numbers`` outside path quantifiers."""
    code = re.sub(r"//[^\n]*", "", query)
    found = []
    for match in _STRING.finditer(code):
        text = match.group(1) if match.group(1) is not None else match.group(2)
        if re.search(r"\w", text) and text not in allowed_words:
            found.append(repr(text))
    bare = _QUANTIFIER.sub(" ", _STRING.sub(" ", code))
    found += [n for n in _NUMBER.findall(bare) if n not in allowed_numbers]
    return found
