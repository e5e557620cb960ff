"""Cypher lives in ``cypher/**/*.cypher`` files, each with a header, runnable as-is in cypher-shell::

    // name: owners_of
    // mode: read                  read | write | auto (auto-commit, for CALL … IN TRANSACTIONS)
    // cardinality: many           one | many
    // param id: str               a required parameter
    // param as_of: date = today   an optional one: its default when the caller omits it (or passes None)
    // column owner_id: str        a result column and its type
    // column pct: float?          ``?``: the column may be null
    // Free text after the header lines says what the query is for.
    MATCH (o:Entity)-[r:OWNS]->(:Entity {id: $id}) WHERE …
    RETURN o.id AS owner_id, r.pct AS pct

Types (of parameters and columns): str, int, float, bool, date, datetime, list[str], list[dict], dict,
any.
Defaults are literals: ``today`` (the current date, for ``date`` parameters), integers, floats,
``'strings'``, ``true``/``false`` and ``null``; a ``date`` parameter also takes ``'YYYY-MM-DD'``.

Each file has exactly one typed Python wrapper, registered with :func:`wrapper`; a test keeps
files and wrappers in lockstep (names, parameters and their types, the columns Neo4j returns). A
wrapper runs its query (``db`` first), or, for a write that must hold together with others in one
transaction, returns it bound to its parameters (:func:`statement`) for ``Database.write_together``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from kb.db import Database, Row
from kb.errors import QueryError, UsageError
from kb.paths import resource

MODES = ("read", "write", "auto")
CARDINALITIES = ("one", "many")
TYPES = ("str", "int", "float", "bool", "date", "datetime", "list[str]", "list[dict]", "dict", "any")
_HEADER = re.compile(r"^//\s*(name|mode|cardinality|param|column)\b\s*:?\s*(.*)$")
_DECLARATION = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*:\s*([a-z\[\]]+)(\?)?\s*(?:=\s*(.*))?$")
_USED = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_NO_DEFAULT = object()


class Today:
    """The default ``today``: the current date each time a query runs."""

    def __repr__(self) -> str:
        return "today"


TODAY = Today()


@dataclass(frozen=True)
class Column:
    type: str
    nullable: bool = False

    def __str__(self) -> str:
        return self.type + ("?" if self.nullable else "")


@dataclass(frozen=True)
class QuerySpec:
    key: str  # path below cypher/ without the suffix, e.g. "db/wipe"
    name: str
    mode: str
    cardinality: str
    params: dict[str, str]  # name -> type, in header order
    text: str
    defaults: dict[str, Any]  # the optional parameters' defaults (TODAY for ``today``)
    columns: dict[str, Column]  # result columns in order; empty when the header declares none
    doc: str = ""

    def default(self, name: str) -> Any:
        """The value an omitted optional parameter takes now."""
        value = self.defaults[name]
        return dt.date.today() if value is TODAY else value

    def describe_param(self, name: str) -> str:
        text = f"{name}: {self.params[name]}"
        if name in self.defaults:
            text += f" = {literal(self.defaults[name])}"
        return text


def literal(value: Any) -> str:
    """A default as the header writes it."""
    if value is TODAY:
        return "today"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, dt.date)):
        return f"'{value}'"
    return repr(value)


def _default(text: str, ptype: str) -> Any:
    text = text.strip()
    if text == "null":
        return None
    if text == "today":
        if ptype != "date":
            raise ValueError("only a date parameter can default to today")
        return TODAY
    if text in ("true", "false"):
        if ptype not in ("bool", "any"):
            raise ValueError(f"{text} is not a {ptype}")
        return text == "true"
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        value = text[1:-1]
        if ptype == "date":
            return dt.date.fromisoformat(value)
        if ptype not in ("str", "any"):
            raise ValueError(f"{text} is not a {ptype}")
        return value
    number: int | float
    try:
        number = int(text)
    except ValueError:
        number = float(text)  # ValueError: not a literal kb knows
    if ptype == "float":
        return float(number)
    if ptype not in ("int", "any") or (ptype == "int" and isinstance(number, float)):
        raise ValueError(f"{text} is not a {ptype}")
    return number


def body(text: str) -> str:
    """The query without its comment lines (header and free text)."""
    return "\n".join(line for line in text.splitlines() if not line.strip().startswith("//"))


def parse(path: Path, key: str) -> QuerySpec:
    text = path.read_text(encoding="utf-8")
    fields: dict[str, str] = {}
    params: dict[str, str] = {}
    defaults: dict[str, Any] = {}
    columns: dict[str, Column] = {}
    doc: list[str] = []
    problems: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        match = _HEADER.match(stripped)
        if not match:
            if stripped.startswith("//"):
                doc.append(stripped[2:].strip())
            continue
        field, value = match.groups()
        if field not in ("param", "column"):
            fields[field] = value.strip()
            continue
        declared = _DECLARATION.match(value.strip())
        if not declared:
            problems.append(f"{field} {value.strip()!r}: write NAME: TYPE")
            continue
        dname, dtype, nullable, default = declared.groups()
        if dtype not in TYPES:
            problems.append(f"{field} {dname} has unknown type {dtype!r}")
        elif field == "column":
            if default is not None:
                problems.append(f"column {dname} cannot have a default")
            columns[dname] = Column(dtype, nullable == "?")
        elif nullable:
            problems.append(f"param {dname}: '?' is for columns; give the parameter a default instead")
        else:
            params[dname] = dtype
            if default is not None:
                try:
                    defaults[dname] = _default(default, dtype)
                except ValueError as exc:
                    problems.append(f"param {dname} has a bad default {default.strip()!r} ({exc})")
    spec = QuerySpec(
        key,
        fields.get("name", ""),
        fields.get("mode", ""),
        fields.get("cardinality", ""),
        params,
        text,
        defaults,
        columns,
        next((line for line in doc if line), ""),
    )
    used = set(_USED.findall(body(text)))
    problems += [
        f"name {spec.name!r} differs from the file name" if spec.name != key.rsplit("/", 1)[-1] else "",
        f"mode {spec.mode!r} is not one of {MODES}" if spec.mode not in MODES else "",
        f"cardinality {spec.cardinality!r} is not one of {CARDINALITIES}"
        if spec.cardinality not in CARDINALITIES
        else "",
        *(f"param {p} is declared but the query never uses ${p}" for p in params if p not in used),
        *(f"${p} is used but not declared as a param" for p in sorted(used - set(params))),
    ]
    if problem := next((p for p in problems if p), None):
        raise QueryError(f"{path}: bad header: {problem}")
    return spec


@cache
def specs() -> dict[str, QuerySpec]:
    root = resource("cypher")
    return {
        key: parse(path, key)
        for path in sorted(root.rglob("*.cypher"))
        if (key := path.relative_to(root).with_suffix("").as_posix()).split("/")[0] != "schema"
    }


def find(name: str) -> QuerySpec:
    """A query by its key (ownership/owners) or, if no other query has it, its name (owners)."""
    known = specs()
    if name in known:
        return known[name]
    named = [spec for spec in known.values() if spec.name == name]
    if len(named) == 1:
        return named[0]
    if named:
        raise UsageError(f"{name!r} names several queries: {', '.join(s.key for s in named)}; give the key")
    raise UsageError(f"no query named {name!r}: `kb query list` shows them")


def bind(spec: QuerySpec, params: Mapping[str, Any]) -> dict[str, Any]:
    """The parameters a query runs with: those given, and the defaults of the optional ones omitted
    (or given as None)."""
    unknown = sorted(set(params) - set(spec.params))
    missing = [p for p in spec.params if p not in params and p not in spec.defaults]
    if unknown or missing:
        raise QueryError(
            f"query {spec.key} takes {[spec.describe_param(p) for p in spec.params]}"
            + (f"; unknown {unknown}" if unknown else "")
            + (f"; missing {missing}" if missing else "")
        )
    return {
        name: spec.default(name) if params.get(name) is None and name in spec.defaults else params[name]
        for name in spec.params
    }


def execute(db: Database, spec: QuerySpec, params: Mapping[str, Any]) -> list[Row]:
    """Run ``spec`` in the transaction its mode says: read queries in read transactions."""
    runner = {"read": db.read, "write": db.write, "auto": db.run_auto_commit}[spec.mode]
    return runner(spec.text, bind(spec, params))


def run(db: Database, key: str, **params: Any) -> list[Row]:
    return execute(db, specs()[key], params)


Statement = tuple[str, dict[str, Any]]  # a query and its parameters, as Database.write_together takes them


def statement(key: str, **params: Any) -> Statement:
    """The write query ``key`` bound to ``params``, to run in one transaction with others."""
    spec = specs()[key]
    if spec.mode != "write":
        raise QueryError(f"query {key} has mode {spec.mode}: only a write query runs inside a transaction")
    return spec.text, bind(spec, params)


F = TypeVar("F", bound=Callable[..., Any])
WRAPPERS: dict[str, Callable[..., Any]] = {}
DUPLICATE_WRAPPERS: list[str] = []  # "key: first, second" for a file given two wrappers (a test fails)


def wrapper(key: str) -> Callable[[F], F]:
    """Register ``fn`` as the typed wrapper of ``cypher/<key>.cypher``.

    Its parameters after ``db`` (all of them, when it returns a :data:`Statement`) are keyword-only
    and named and typed as the header declares; an optional parameter is ``T | None = None`` (None
    takes the header's default).
    """

    def register(fn: F) -> F:
        first = WRAPPERS.get(key)
        if first is not None and (first.__module__, first.__qualname__) != (fn.__module__, fn.__qualname__):
            DUPLICATE_WRAPPERS.append(f"{key}: {first.__module__}.{first.__qualname__}, {fn.__qualname__}")
        WRAPPERS[key] = fn
        return fn

    return register
