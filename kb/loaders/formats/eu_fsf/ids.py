"""An FSF ``identification`` as a kb identifier, by its ``identificationTypeCode``.

Kept: registration numbers (``regnumber``: ``RU_OGRN``, ``USCC``, ``GB_COH`` where the number has
that shape in that country, else ``REG_<CC>``), tax numbers (``fiscalcode``: Russian INNs, Chinese
USCCs), IMO numbers (``IMO_COMPANY``: the list names no vessels), SWIFT/BIC codes, passports
(``PASSPORT_<CC>``) and national identity documents (``NATIONAL_ID_<CC>``). A number failing its
scheme's check is rejected with a reason. Left out: the other document types (``other``,
``tradelic``, ``ssn``, ``birthcert``, ``residentperm``, ``drivinglicence``…), other countries' tax
numbers, documents the list says are false, and documents or registry numbers of no known country.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from stdnum import bic
from stdnum.exceptions import ValidationError
from stdnum.ru import inn, ogrn

from kb.loaders import fields as f

UNKNOWN_COUNTRY = "00"  # the FSF's countryIso2Code for "UNKNOWN"
DOCUMENTS = {"passport": "PASSPORT", "id": "NATIONAL_ID"}
_IMO = re.compile(r"^(?:IMO\s*)?(\d{7})$", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Identification:
    code: str  # identificationTypeCode, lower-case
    number: str
    latin: str  # latinNumber: the number in Latin letters, when ``number`` is in another script
    country: str | None  # ISO alpha-2, None when unknown
    known_false: bool


def identification(attrs: Any) -> Identification:
    """The fields of one ``identification`` element (its attribute mapping); ValueError for a
    country code that is not ISO alpha-2."""
    raw_country = (attrs.get("countryIso2Code") or "").strip()
    return Identification(
        code=(attrs.get("identificationTypeCode") or "").strip().lower(),
        number=" ".join((attrs.get("number") or "").split()),
        latin=" ".join((attrs.get("latinNumber") or "").split()),
        country=None if raw_country in ("", UNKNOWN_COUNTRY) else f.country(raw_country),
        known_false=(attrs.get("knownFalse") or "").strip().lower() == "true",
    )


def identifiers(doc: Identification, entity_country: str | None) -> list[str]:
    """The kb identifiers ``doc`` gives (none for a type kb does not keep, or without a number);
    ValueError(reason) when its number fails its scheme's check. A registry or tax number without
    a country takes the entity's."""
    reader = _READERS.get(doc.code)
    if reader is None or doc.known_false:
        return []
    # The list writes "-" where it has no number: nothing to keep, nothing wrong.
    numbers = list(dict.fromkeys(n for n in (doc.number, doc.latin) if any(ch.isalnum() for ch in n)))
    country = doc.country if doc.code in DOCUMENTS else doc.country or entity_country
    found = [key for number in numbers if (key := reader(doc.code, number, country))]
    return list(dict.fromkeys(found))


def _document(code: str, number: str, country: str | None) -> str | None:
    # Without its country a document number would join records across countries' numbering.
    return f"{DOCUMENTS[code]}_{country}:{_SPACES.sub('', number).upper()}" if country else None


def _registry(_: str, number: str, country: str | None) -> str | None:
    if country is None:
        return None
    compact = _SPACES.sub("", number)
    if country == "RU" and compact.isdigit() and len(compact) in (13, 15):
        return _checked(ogrn.validate, "RU_OGRN", compact)
    if country == "CN" and len(compact) == 18:
        try:
            return f.identifier(f"USCC:{compact}")
        except ValueError:
            pass  # a Chinese registration number that is not a USCC: a plain registry number
    if country == "GB":
        try:
            return f.gb_coh(compact)
        except ValueError:
            pass
    return f"REG_{country}:{number}"


def _tax(_: str, number: str, country: str | None) -> str | None:
    compact = _SPACES.sub("", number)
    if country == "RU":
        return _checked(inn.validate, "RU_INN", compact)
    if country == "CN" and len(compact) == 18:
        return f.identifier(f"USCC:{compact}")
    return None


def _imo(_: str, number: str, __: str | None) -> str:
    match = _IMO.match(number.replace(" ", ""))
    if not match:
        raise ValueError("an IMO number has 7 digits")
    return f"IMO_COMPANY:{match.group(1)}"  # a company's IMO number, not a ship's (no check digit)


def _swift(_: str, number: str, __: str | None) -> str:
    return _checked(bic.validate, "SWIFT_BIC", _SPACES.sub("", number))


def _checked(validate: Callable[[str], str], scheme: str, number: str) -> str:
    try:
        return f"{scheme}:{validate(number)}"
    except ValidationError as exc:
        raise ValueError(f"invalid {scheme}: {exc}") from None


_READERS: dict[str, Callable[[str, str, str | None], str | None]] = {
    "passport": _document,
    "id": _document,
    "regnumber": _registry,
    "fiscalcode": _tax,
    "imo": _imo,
    "swiftbic": _swift,
}
