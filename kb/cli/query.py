"""``kb query``: the named Cypher queries shipped in ``cypher/``, listed and run with typed parameters."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import typer

from kb import queries
from kb.cli.common import FormatOption
from kb.cli.cypher import parse_params
from kb.cli.output import Format, emit
from kb.db import Database
from kb.errors import UsageError

app = typer.Typer(
    help="kb's named Cypher queries: list them, run one with typed parameters.", no_args_is_help=True
)

_TRUE, _FALSE = ("true", "yes", "1"), ("false", "no", "0")


@app.command(name="list")
def list_queries(fmt: Format = FormatOption) -> None:
    """Every named query: mode, cardinality, parameters (type = default), columns, what it is for."""
    rows = [
        {
            "name": spec.key,
            "mode": spec.mode,
            "cardinality": spec.cardinality,
            "params": ", ".join(spec.describe_param(p) for p in spec.params),
            "columns": ", ".join(f"{name}: {column}" for name, column in spec.columns.items()),
            "doc": spec.doc,
        }
        for spec in queries.specs().values()
    ]
    emit(rows, fmt, columns=["name", "mode", "cardinality", "params", "columns", "doc"])


@app.command(name="run")
def run_query(
    name: str = typer.Argument(
        ..., help="The query: its key (ownership/owners) or its unique name (owners)."
    ),
    param: list[str] = typer.Option(
        [], "--param", "-p", help="key=text or key:=json, converted to the declared type; repeatable."
    ),
    write: bool = typer.Option(False, "--write", help="Allow a query whose mode is write or auto."),
    fmt: Format = FormatOption,
) -> None:
    """Run one named query; `kb query list` shows the names and their parameters."""
    spec = find(name)
    params = typed_params(spec, parse_params(param))
    if spec.mode != "read" and not write:
        raise UsageError(f"query {spec.key} writes (mode {spec.mode}): add --write to run it")
    with Database.connect() as db:
        rows = queries.execute(db, spec, params)
    emit(rows, fmt, columns=list(spec.columns) or None)


def find(name: str) -> queries.QuerySpec:
    specs = queries.specs()
    if name in specs:
        return specs[name]
    named = [spec for spec in specs.values() if spec.name == name]
    if len(named) == 1:
        return named[0]
    if named:
        raise UsageError(f"{name!r} names several queries: {', '.join(s.key for s in named)}; give the key")
    raise UsageError(f"no query named {name!r}: `kb query list` shows them")


def typed_params(spec: queries.QuerySpec, given: dict[str, Any]) -> dict[str, Any]:
    """``given`` (text from key=text, JSON values from key:=json) converted to the header's types."""
    for key in given:
        if key not in spec.params:
            takes = ", ".join(spec.describe_param(p) for p in spec.params) or "none"
            raise UsageError(f"query {spec.key} takes no parameter {key!r} (it takes: {takes})")
    for key in spec.params:
        if key not in given and key not in spec.defaults:
            raise UsageError(f"query {spec.key} needs --param {spec.describe_param(key)}")
    return {key: convert(key, spec.params[key], value) for key, value in given.items()}


def convert(name: str, ptype: str, value: Any) -> Any:
    """One parameter value in its declared type; None (key:=null) stays None (the default, if any)."""
    if value is None or ptype == "any":
        return value
    try:
        return _CONVERTERS[ptype](value)
    except (ValueError, TypeError):
        raise UsageError(f"--param {name}: {value!r} is not {_ARTICLE[ptype]} {ptype}") from None


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise TypeError(value)
    return int(value)


def _float(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise TypeError(value)
    return float(value)


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE + _FALSE:
        return value.strip().lower() in _TRUE
    raise ValueError(value)


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(value)
    return value


def _date(value: Any) -> dt.date:
    text = _str(value).strip()
    return dt.date.today() if text == "today" else dt.date.fromisoformat(text)


def _datetime(value: Any) -> dt.datetime:
    return dt.datetime.fromisoformat(_str(value).strip())


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _list_str(value: Any) -> list[str]:
    if isinstance(value, str):
        if value.strip().startswith("["):
            value = json.loads(value)
        else:
            return [part.strip() for part in value.split(",") if part.strip()]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError(value)
    return value


def _list_dict(value: Any) -> list[dict[str, Any]]:
    value = _json(value)
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise TypeError(value)
    return value


def _dict(value: Any) -> dict[str, Any]:
    value = _json(value)
    if not isinstance(value, dict):
        raise TypeError(value)
    return value


_CONVERTERS: dict[str, Any] = {
    "str": _str,
    "int": _int,
    "float": _float,
    "bool": _bool,
    "date": _date,
    "datetime": _datetime,
    "list[str]": _list_str,
    "list[dict]": _list_dict,
    "dict": _dict,
}
_ARTICLE = {t: "an" if t == "int" else "a" for t in queries.TYPES}
