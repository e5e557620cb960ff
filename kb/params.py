"""Query parameters given as text on the command line, as ``kb cypher`` and ``kb query run`` take
them: ``key=text`` is a string and ``key:=json`` a typed value (:func:`parse_params`); for a named
query, each is converted to the type its header declares (:func:`typed_params`), so that
``-p as_of=2025-10-15`` reaches Neo4j as a date and ``-p depth=3`` as an integer.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from kb import queries
from kb.errors import UsageError

_TRUE, _FALSE = ("true", "yes", "1"), ("false", "no", "0")


def parse_params(pairs: list[str]) -> dict[str, Any]:
    """``key=text`` gives a string; ``key:=json`` gives a typed value (number, bool, null, list, map)."""
    params: dict[str, Any] = {}
    for pair in pairs:
        if ":=" in pair and pair.index(":=") < pair.index("=") + 1:
            key, raw = pair.split(":=", 1)
            try:
                value: Any = json.loads(raw)
            except ValueError:
                raise UsageError(f"--param {pair}: the value after := is not valid JSON") from None
        elif "=" in pair:
            key, value = pair.split("=", 1)
        else:
            raise UsageError(f"--param {pair}: write key=text or key:=json")
        if not key.isidentifier():
            raise UsageError(f"--param {pair}: {key!r} is not a parameter name")
        params[key] = value
    return params


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
