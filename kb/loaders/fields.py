"""Field parsers shared by loaders: each returns the clean value or raises ValueError(reason)."""

from __future__ import annotations

import datetime as dt
import re

from stdnum import lei
from stdnum.cn import uscc
from stdnum.exceptions import ValidationError

_COUNTRY = re.compile(r"^[A-Z]{2}$")
_SCHEME = re.compile(r"^[A-Z][A-Z0-9_]*$")
CHECKED_SCHEMES = {"LEI": lei, "USCC": uscc}


def text(raw: str) -> str | None:
    value = raw.strip()
    return value or None


def required(raw: str) -> str:
    value = raw.strip()
    if not value:
        raise ValueError("required, but empty")
    return value


def country(raw: str) -> str | None:
    value = raw.strip().upper()
    if value and not _COUNTRY.match(value):
        raise ValueError("not an ISO 3166-1 alpha-2 country code")
    return value or None


def date(raw: str) -> dt.date | None:
    value = raw.strip()
    if not value:
        return None
    problem = "not a date of the form YYYY-MM-DD"
    if len(value) != 10:
        raise ValueError(problem)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(problem) from None


def percent(raw: str) -> float | None:
    value = raw.strip()
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        raise ValueError("not a number") from None
    if not 0 <= number <= 100:
        raise ValueError("a percentage must lie between 0 and 100")
    return number


def boolean(raw: str, default: bool = False) -> bool:
    value = raw.strip().lower()
    if not value:
        return default
    if value not in ("true", "false"):
        raise ValueError("must be true or false")
    return value == "true"


def choice(raw: str, allowed: tuple[str, ...], default: str | None = None) -> str | None:
    value = raw.strip().lower()
    if not value:
        return default
    if value not in allowed:
        raise ValueError(f"must be one of {', '.join(allowed)}")
    return value


def split(raw: str) -> list[str]:
    return [part.strip() for part in raw.split("|") if part.strip()]


def identifier(raw: str) -> str:
    """``SCHEME:VALUE``, upper-case scheme; LEI and USCC check characters are verified."""
    scheme, sep, value = raw.partition(":")
    scheme, value = scheme.strip().upper(), value.strip()
    if not sep or not _SCHEME.match(scheme) or not value:
        raise ValueError("an identifier is SCHEME:VALUE, e.g. LEI:5493001KJTIIGC8Y1R12")
    if module := CHECKED_SCHEMES.get(scheme):
        try:
            value = module.validate(value)
        except ValidationError as exc:
            raise ValueError(f"invalid {scheme}: {exc}") from None
    return f"{scheme}:{value}"
