"""CSL field parsers: source list, names, addresses, stable record ids (identifiers: ids.py).

Each takes the value as the CSV (a ``;``-joined string) or the JSON (a list of strings or of
objects) gives it. Parsers of required values raise ValueError(reason) like kb.loaders.fields.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from kb.lists import ListInfo, source_code
from kb.loaders import fields as f
from kb.loaders.fields import name_key, unique

# The code in parentheses in ``source`` ("Entity List (EL) - Bureau of Industry and Security"),
# or the bare code, to a kb list code.
SOURCE_CODES = {
    "EL": "EL", "MEU": "MEU", "UVL": "UVL", "DPL": "DPL", "ISN": "ISN", "DTC": "DTC",
    "SDN": "SDN", "SSI": "SSI", "FSE": "FSE", "PLC": "PLC", "NS-PLC": "PLC",
    "CAP": "CAP", "CAPTA": "CAP", "CMIC": "CMIC", "NS-CMIC": "CMIC",
    "MBS": "MBS", "NS-MBS": "MBS", "NS-MBS LIST": "MBS",
}  # fmt: skip
TREASURY = frozenset({"SDN", "SSI", "FSE", "PLC", "CAP", "CMIC", "MBS"})
KINDS = {"": "company", "entity": "company", "individual": "person", "vessel": "vessel", "aircraft": "vessel"}

_CODE = re.compile(r"\(([A-Za-z][A-Za-z -]*)\)")
# "<name> (<code>) - <authority>", the shape of every CSL source list; or a bare code.
_NAMED_LIST = re.compile(
    r"^(?P<name>.+?)\s*\((?P<code>[A-Za-z0-9][A-Za-z0-9 -]*)\)\s*(?:-\s*(?P<authority>.+))?$"
)
_BARE_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*$")
CSL_NAMESPACE = "csl"  # a source list kb has no code for: csl:<its code> (kb.lists)
_COUNTRY_TAIL = re.compile(r"(?:^|,\s*)([A-Z]{2})$")
_SUFFIX = re.compile(r";\s*and any successor.*$", re.IGNORECASE)
_CITATION = re.compile(r"\b(\d+)\s*F\.?\s*R\.?\s*(\d+)\b")
_MOJIBAKE = ("Â", "Ã", "â€")


def list_code(raw: str) -> tuple[str, ListInfo | None]:
    """kb's code of the source list, or else the list as the CSL names it (``csl:<its code>``)."""
    value = f.required(raw)
    candidates = [value.upper(), *(m.group(1).strip().upper() for m in _CODE.finditer(value))]
    for candidate in candidates:
        if code := SOURCE_CODES.get(candidate):
            return code, None
    if match := _NAMED_LIST.match(value):
        code = source_code(CSL_NAMESPACE, "-".join(match["code"].upper().split()))
        return code, ListInfo(code, match["name"], match["authority"], "US")
    if _BARE_CODE.match(value):
        code = source_code(CSL_NAMESPACE, value.upper())
        return code, ListInfo(code, value, None, "US")
    raise ValueError("unknown source list: neither a CSL list kb knows nor 'Name (CODE) - Authority'")


def kind(raw: str) -> str:
    value = KINDS.get(raw.strip().lower())
    if value is None:
        raise ValueError("unknown type (expected Entity, Individual, Vessel or Aircraft)")
    return value


def repair(value: str | None) -> str | None:
    """Undo UTF-8 read as Windows-1252 ("Â§744.11" -> "§744.11"); other text is kept as is."""
    if not value or not any(mark in value for mark in _MOJIBAKE):
        return value
    try:
        return value.encode("cp1252").decode("utf-8")
    except UnicodeError:
        return value


def text(value: Any) -> str | None:
    return repair(f.text(value)) if isinstance(value, str) else None


def parts(value: Any) -> list[str]:
    """A ``;``-joined string or a list of strings, as stripped non-empty strings."""
    items = value.split(";") if isinstance(value, str) else value if isinstance(value, list) else []
    return [item.strip() for item in items if isinstance(item, str) and item.strip()]


def clean_name(raw: str) -> str:
    """The name without ISN's "; and any successor, sub-unit, or subsidiary thereof"."""
    return f.required(_SUFFIX.sub("", repair(raw) or ""))


def alt_names(value: Any, name: str) -> list[str]:
    names = [re.sub(r"^and\s+", "", item) for item in parts(value)]
    return unique((repair(item) or "" for item in names), name)


def addresses(value: Any) -> list[tuple[str | None, str | None]]:
    """(text, country) per address. CSV: ``;``-joined, a part starting "and " continues the last."""
    if isinstance(value, list):
        return [_json_address(item) for item in value if isinstance(item, dict)]
    merged: list[str] = []
    for item in parts(value):
        if merged and item.lower().startswith("and "):
            merged[-1] = f"{merged[-1]}; {item}"
        else:
            merged.append(item)
    result: list[tuple[str | None, str | None]] = []
    for line in merged:
        match = _COUNTRY_TAIL.search(line)
        country = match.group(1) if match else None
        result.append((None if line == country else line, country))
    return result


def _json_address(item: dict[str, Any]) -> tuple[str | None, str | None]:
    raw = item.get("country")
    country = raw.strip() or None if isinstance(raw, str) else None  # checked by the caller
    keys = ("address", "city", "state", "postal_code")
    bits = [str(item[key]).strip() for key in keys if item.get(key) and str(item[key]).strip()]
    return (", ".join([*bits, country]) if country else ", ".join(bits)) if bits else None, country


def first_citation(raw: str | None) -> str:
    """The first "NN FR NNNNN" of a citation, else the whole citation, spacing normalised."""
    if not raw:
        return ""
    if match := _CITATION.search(raw):
        return f"{match.group(1)} FR {match.group(2)}"
    return " ".join(raw.split())


def record_id(
    code: str, entity_number: str, name: str, countries: list[str], start: str, citation: str
) -> str:
    """OFAC's entity number for Treasury lists, else a hash of what identifies the entry."""
    if code in TREASURY and entity_number.isdigit():
        return f"csl:ofac:{entity_number}"
    anchor = start or first_citation(citation)
    basis = "|".join((name_key(name), ",".join(sorted(set(countries))), anchor))
    return f"csl:{code}:{hashlib.sha1(basis.encode(), usedforsecurity=False).hexdigest()[:12]}"
