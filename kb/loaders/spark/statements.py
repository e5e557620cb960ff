"""kb's own write statements as the Neo4j Connector for Apache Spark runs them.

The connector's ``query`` write mode sends each batch of DataFrame rows as ``$events`` and runs
``UNWIND $events AS event <query>``. A kb statement ``UNWIND $rows AS row ...`` becomes
``WITH event AS row ...``, so the text kb runs is the text Spark runs. The connector passes no
other parameters, so every other ``$name`` travels as a column ``_p_name`` on every row and is read
back as ``$events[0]._p_name`` (a parameter: in scope in every clause). Times travel as ISO text
and are rebuilt with ``datetime()``/``date()``, the same Neo4j types the driver would send.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

_HEAD = re.compile(r"^\s*UNWIND\s+\$(\w+)\s+AS\s+(\w+)\s", re.IGNORECASE)
_PARAM = re.compile(r"\$(\w+)")
CONSTANT_PREFIX = "_p_"


@dataclass(frozen=True)
class SparkStatement:
    """One kb statement ready for the connector: its query, its rows, and the constants to add."""

    query: str
    rows: list[Mapping[str, Any]]
    constants: dict[str, Any]
    merges: bool  # MERGE or CREATE of a node another row may share: run without parallel writers


def _without_comments(text: str) -> str:
    lines = (line for line in text.splitlines() if not line.lstrip().startswith("//"))
    return "\n".join(lines).strip().rstrip(";")


def unwound(text: str) -> str | None:
    """The list parameter a statement starts by unwinding (``UNWIND $rows AS row``), if it does."""
    head = _HEAD.match(_without_comments(text))
    return None if head is None else head.group(1)


def convert(text: str, parameters: Mapping[str, Any]) -> SparkStatement | None:
    """The statement as a connector query, or None when it is not an ``UNWIND $list`` write whose
    other parameters are single values (it then runs through the driver, as ``kb load`` runs it)."""
    body = _without_comments(text)
    head = _HEAD.match(body)
    if head is None or re.search(r"\bRETURN\b", body, re.IGNORECASE):
        return None
    listed, variable = head.group(1), head.group(2)
    rows = parameters.get(listed)
    if not isinstance(rows, list) or not rows:
        return None
    constants: dict[str, Any] = {}
    for name, value in parameters.items():
        if name == listed:
            continue
        if isinstance(value, list | dict | tuple):
            return None
        constants[name] = value
    if not all(isinstance(row, Mapping) for row in rows):
        rows = [{"value": row} for row in rows]
        variable_source = "event.row[0].value"
    else:
        variable_source = "event.row[0]"

    def constant(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in constants:
            raise ValueError(f"statement parameter ${name} has no value")
        value = constants[name]
        column = f"$events[0].{CONSTANT_PREFIX}{name}"
        if isinstance(value, dt.datetime):
            return f"datetime({column})"
        if isinstance(value, dt.date):
            return f"date({column})"
        return column

    rest = _PARAM.sub(constant, body[head.end() :])
    query = f"WITH {variable_source} AS {variable}\n{rest}"
    shared = bool(re.search(r"\bMERGE\b", rest, re.IGNORECASE))
    return SparkStatement(query, list(rows), constants, shared)


def encode(value: Any) -> Any:
    """A constant as it travels in a column: times as ISO text."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value
