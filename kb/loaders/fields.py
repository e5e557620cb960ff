"""Field values shared by the format parsers: each parser returns the clean value or raises
ValueError(reason), which the format records as a row issue; name helpers compare and dedupe names."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from stdnum import lei
from stdnum.cn import uscc
from stdnum.exceptions import ValidationError

_NOT_WORD = re.compile(r"[\W_]+")
_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ].*)?$")
_PARTIAL_DATE = re.compile(r"^\d{4}(?:-\d{2})?$")
_COH = re.compile(r"^[A-Z0-9]{8}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_SCHEME = re.compile(r"^[A-Z][A-Z0-9_]*$")
_UN_REF = re.compile(r"^([A-Za-z]{2})([ieIE])\.\s*(\d{1,4})$")
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


def full_date(raw: Any) -> dt.date | None:
    """A full ``YYYY-MM-DD`` date (a time part is dropped); partial dates (``2014``, ``2014-03``) are None."""
    if raw is None:
        return None
    value = str(raw).strip()
    if not value or _PARTIAL_DATE.match(value):
        return None
    if not _FULL_DATE.match(value):
        raise ValueError("not a date of the form YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        raise ValueError("not a valid calendar date") from None


def text_of(raw: Any) -> str | None:
    """A stripped non-empty string, else None."""
    return raw.strip() or None if isinstance(raw, str) else None


def gb_coh(raw: str) -> str:
    """A UK Companies House number: 8 characters, short all-digit numbers padded with zeros."""
    value = raw.strip().upper().replace(" ", "")
    if value.isdigit():
        value = value.zfill(8)
    if not _COH.match(value):
        raise ValueError("not a Companies House number (8 letters or digits, e.g. 01234567, SC123456)")
    return f"GB_COH:{value}"


def un_ref(raw: str) -> str:
    """``UN_REF:<ref>`` in the UN list's own form (``QDi.001``): the EU writes ``LYi.28`` for the
    UN's ``LYi.028``; the two letters upper-case, ``i``/``e`` lower-case, the number in 3 digits."""
    match = _UN_REF.match(raw.strip())
    if not match:
        raise ValueError("not a UN reference number (two letters, i or e, a dot and a number: QDi.001)")
    letters, kind, number = match.groups()
    return f"UN_REF:{letters.upper()}{kind.lower()}.{int(number):03d}"


def kebab(code: str) -> str:
    """``subjectExemptFromDisclosure`` -> ``subject-exempt-from-disclosure``; kebab-case stays."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"-\1", code.strip()).lower()


def name_key(name: str) -> str:
    """A name for comparison: NFKC, case-folded, punctuation and spacing collapsed to one space."""
    return _NOT_WORD.sub(" ", unicodedata.normalize("NFKC", name).casefold()).strip()


def unique(values: Iterable[str], *exclude: str) -> list[str]:
    """Non-empty values in order, without repeats (by :func:`name_key`) and without ``exclude``."""
    seen = {name_key(value) for value in exclude}
    kept: list[str] = []
    for value in values:
        key = name_key(value)
        if key and key not in seen:
            seen.add(key)
            kept.append(value.strip())
    return kept


def unique_names(names: list[str], primary: str) -> list[str]:
    """Other names, in order, without the primary name, duplicates or names without a letter or digit."""
    seen = {primary}
    kept = []
    for name in (n.strip() for n in names):
        if name and name not in seen and any(ch.isalnum() for ch in name):
            seen.add(name)
            kept.append(name)
    return kept
