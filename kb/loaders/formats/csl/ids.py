"""The CSL ``ids`` field: only clearly typed identifiers are kept, with the labels OFAC uses.

CSV ids are ``;``-separated items, "type, number[, CC]" in the current export and
"[CC, ]number, type" in older ones; JSON ids are objects (``type, number, country``). Tax ids,
passports, websites, e-mail addresses and directive notes are not identifiers kb keeps.
"""

from __future__ import annotations

import re
from typing import Any

from stdnum import bic
from stdnum.exceptions import ValidationError

from kb.loaders import fields as f
from kb.loaders.formats.csl.fields import parts

_REGISTRY = (
    "registration id", "registration number", "business registration number", "public registration number",
    "company number", "commercial registry number", "certificate of incorporation number",
    "business registration document #", "chamber of commerce number", "c.r. no.",
)  # fmt: skip
ID_TYPES = {
    "swift/bic": "SWIFT_BIC",
    "vessel registration identification": "IMO",
    "legal entity number": "LEI",
    "unified social credit code (uscc)": "USCC",
    "united social credit code certificate (usccc)": "USCC",
    "uk company number": "GB_COH",
    "d-u-n-s number": "DUNS",
    **dict.fromkeys(_REGISTRY, "REG"),
}
_CC = re.compile(r"^[A-Z]{2}$")
_IMO = re.compile(r"^(?:IMO\s*)?(\d{7})$", re.IGNORECASE)
_LEI_SHAPE = re.compile(r"^[A-Z0-9]{20}$")

Problem = tuple[str, str]  # (value, reason)


def identifiers(value: Any, country: str | None, vessel: bool) -> tuple[list[str], list[Problem]]:
    """Checked ``SCHEME:VALUE`` identifiers, and the typed ids that failed their check.

    A registry number takes the id's country, else the entity's single country, else it is left
    out (REG_<CC> numbers are weak in kb: never used to merge entities).
    """
    found: list[str] = []
    problems: list[Problem] = []
    for label, number, where in _triples(value):
        try:
            identifier = _identifier(ID_TYPES[label.lower()], number, where or country, vessel)
        except ValueError as exc:
            problems.append((f"{label}, {number}", str(exc)))
            continue
        if identifier and identifier not in found:
            found.append(identifier)
    return found, problems


def _identifier(scheme: str, number: str, country: str | None, vessel: bool) -> str | None:
    if scheme == "LEI" and not _LEI_SHAPE.match(number) and country:
        scheme = "REG"  # OFAC also labels Dutch RSINs "Legal Entity Number"
    if scheme == "REG":
        return f"REG_{country}:{number}" if country else None
    if scheme == "IMO":
        return _imo(number, vessel)
    if scheme == "SWIFT_BIC":
        try:
            return f"SWIFT_BIC:{bic.validate(number)}"
        except ValidationError as exc:
            raise ValueError(f"invalid SWIFT_BIC: {exc}") from None
    if scheme == "DUNS":
        if not re.fullmatch(r"\d{9}", digits := number.replace("-", "")):
            raise ValueError("a D-U-N-S number has 9 digits")
        return f"DUNS:{digits}"
    return f.identifier(f"{scheme}:{number}")  # LEI and USCC check characters verified here


def _imo(number: str, vessel: bool) -> str:
    match = _IMO.match(number.replace(" ", ""))
    if not match:
        raise ValueError("an IMO number has 7 digits")
    digits = match.group(1)
    if not vessel:  # an IMO company number: a separate numbering scheme from ship numbers
        return f"IMO_COMPANY:{digits}"
    if sum(int(d) * w for d, w in zip(digits, range(7, 1, -1), strict=False)) % 10 != int(digits[6]):
        raise ValueError("invalid IMO: the check digit does not match")
    return f"IMO:{digits}"


def _triples(value: Any) -> list[tuple[str, str, str | None]]:
    """(type, number, country) of the ids whose type kb keeps."""
    triples: list[tuple[str, str, str | None]] = []
    if isinstance(value, list):
        for item in value:
            if not isinstance(item, dict) or not isinstance(item.get("type"), str) or not item.get("number"):
                continue
            where = item.get("country")
            where = (
                where.strip().upper() if isinstance(where, str) and _CC.match(where.strip().upper()) else None
            )
            if item["type"].strip().lower() in ID_TYPES:
                triples.append((item["type"].strip(), str(item["number"]).strip(), where))
        return triples
    for item in parts(value):
        bits = [bit.strip() for bit in item.split(",")]
        if len(bits) < 2:
            continue
        if bits[0].lower() in ID_TYPES:
            triples.append((bits[0], bits[1], bits[2] if len(bits) == 3 and _CC.match(bits[2]) else None))
        elif bits[-1].lower() in ID_TYPES:
            triples.append((bits[-1], bits[-2], bits[0] if len(bits) == 3 and _CC.match(bits[0]) else None))
    return triples
