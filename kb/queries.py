"""Cypher lives in ``cypher/**/*.cypher`` files, each with a header, runnable as-is in cypher-shell::

    // name: wipe
    // mode: auto            read | write | auto (auto-commit, for CALL … IN TRANSACTIONS)
    // cardinality: one      one | many
    // param batch_size: int
    // Free text after the header lines says what the query is for.
    MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF $batch_size ROWS

Each file has exactly one typed Python wrapper, registered with :func:`wrapper`; a test keeps
files and wrappers in lockstep (names, parameters and their types).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from kb.db import Database, Row
from kb.errors import QueryError
from kb.paths import resource

MODES = ("read", "write", "auto")
CARDINALITIES = ("one", "many")
PARAM_TYPES = ("str", "int", "float", "bool", "date", "list[str]", "list[dict]", "dict")
_HEADER = re.compile(r"^//\s*(name|mode|cardinality|param)\b\s*:?\s*(.*)$")


@dataclass(frozen=True)
class QuerySpec:
    key: str  # path below cypher/ without the suffix, e.g. "db/wipe"
    name: str
    mode: str
    cardinality: str
    params: dict[str, str]
    text: str


def parse(path: Path, key: str) -> QuerySpec:
    fields: dict[str, str] = {}
    params: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _HEADER.match(line.strip())
        if not match:
            continue
        field, value = match.groups()
        if field == "param":
            pname, _, ptype = value.partition(":")
            params[pname.strip()] = ptype.strip()
        else:
            fields[field] = value.strip()
    spec = QuerySpec(
        key,
        fields.get("name", ""),
        fields.get("mode", ""),
        fields.get("cardinality", ""),
        params,
        path.read_text(encoding="utf-8"),
    )
    problems = [
        f"name {spec.name!r} differs from the file name" if spec.name != key.rsplit("/", 1)[-1] else "",
        f"mode {spec.mode!r} is not one of {MODES}" if spec.mode not in MODES else "",
        f"cardinality {spec.cardinality!r} is not one of {CARDINALITIES}"
        if spec.cardinality not in CARDINALITIES
        else "",
        *(f"param {p} has unknown type {t!r}" for p, t in params.items() if t not in PARAM_TYPES),
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


def run(db: Database, key: str, **params: Any) -> list[Row]:
    spec = specs()[key]
    if set(params) != set(spec.params):
        raise QueryError(f"query {key} takes {sorted(spec.params)}, got {sorted(params)}")
    runner = {"read": db.read, "write": db.write, "auto": db.run_auto_commit}[spec.mode]
    return runner(spec.text, params)


F = TypeVar("F", bound=Callable[..., Any])
WRAPPERS: dict[str, Callable[..., Any]] = {}


def wrapper(key: str) -> Callable[[F], F]:
    """Register ``fn`` as the typed wrapper of ``cypher/<key>.cypher``."""

    def register(fn: F) -> F:
        WRAPPERS[key] = fn
        return fn

    return register
