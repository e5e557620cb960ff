"""The identifiers of one Designation, in kb's schemes.

- ``UNReferenceNumber`` -> ``UN_REF`` (exclusive: the UN, EU and UK entries of one party join by it);
  ``OFSIGroupID`` -> ``OFSI_GROUP``, the legacy OFSI Consolidated List's group id.
- ``BusinessRegistrationNumber`` (free text, e.g. ``OGRN: 1247700291200\\nKPP: 770701001\\nINN:
  9707028663``): labelled INN and OGRN numbers -> ``RU_INN`` / ``RU_OGRN``, check digits verified;
  an unlabelled number -> ``RU_INN`` / ``RU_OGRN`` when the party is Russian and the number passes
  one of their checks, else the registry number ``REG_<CC>`` of the party's country (left out
  without one). KPP codes name a tax office registration, not a party: not kept.
- ``IMONumber`` of a ship -> ``IMO``, check digit verified.
- ``PassportNumber`` / ``NationalIdentifierNumber`` -> ``PASSPORT_<CC>`` / ``NATIONAL_ID_<CC>``,
  non-exclusive: ``<CC>`` is the first country the document's own text names, else the person's one
  nationality, else the scheme has no country (``PASSPORT:<n>``).

A value failing its check is not kept: it is a problem (field, value, reason) for the issues file.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any

from stdnum import imo
from stdnum.exceptions import ValidationError
from stdnum.ru import inn, ogrn

from kb.loaders.fields import un_ref
from kb.loaders.formats.uk_sanctions.countries import first_named, iso
from kb.loaders.formats.uk_sanctions.document import text

_RUSSIAN = {"INN": ("RU_INN", inn), "OGRN": ("RU_OGRN", ogrn), "OGRNIP": ("RU_OGRN", ogrn)}
# A label, then at most a few non-digits (": ", " - ", " number "), then the number.
_LABELLED = re.compile(r"\b(INN|OGRNIP|OGRN|KPP)\b[^\d\n]{0,12}?(\d+)", re.IGNORECASE)
_LEADING_LABEL = re.compile(r"^[^:\d]*:\s*")
_NUMBER = re.compile(r"^[A-Z0-9][A-Z0-9./-]*$")
# "Kuwait, number 260012001546": a country, then the number.
_WHERE_NUMBER = re.compile(r"^(?P<where>[^\d,]+),\s*(?:number|no\.?)?\s*(?P<number>.+)$", re.IGNORECASE)
# Clauses naming the holder, whose names ("Jordan", "Chad") must not be read as countries.
_HOLDER = re.compile(r"\((?:[^()]*\bname\b[^()]*)\)|\bunder (?:the )?name\b.*$", re.IGNORECASE)
Problem = tuple[str, str, str]  # (field, value, reason)


@dataclass
class Found:
    identifiers: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def add(self, key: str) -> None:
        if key not in self.identifiers:
            self.identifiers.append(key)


def identifiers(elem: ET.Element, kind: str, country: str | None, nationalities: list[str]) -> Found:
    found = Found()
    if raw_ref := text(elem.find("UNReferenceNumber")):
        try:
            found.add(un_ref(raw_ref))  # the one form the EU and UN loaders write too
        except ValueError as exc:
            found.problems.append(("UNReferenceNumber", raw_ref, str(exc)))
    if group := text(elem.find("OFSIGroupID")).replace(" ", ""):
        found.add(f"OFSI_GROUP:{group}")
    registry = "EntityDetails/Entity/BusinessRegistrationNumbers/BusinessRegistrationNumber"
    for registration in elem.iterfind(registry):
        _registration(found, registration.text or "", country)
    if kind == "vessel":
        for imo_number in elem.iterfind("ShipDetails/Ship/IMONumbers/IMONumber"):
            _checked(found, "IMONumber", text(imo_number), "IMO", imo)
    individual = "IndividualDetails/Individual"
    for passport in elem.iterfind(f"{individual}/PassportDetails/Passport"):
        number = text(passport.find("PassportNumber"))
        info = text(passport.find("PassportAdditionalInformation"))
        _document(found, "PassportNumber", "PASSPORT", number, info, nationalities)
    for national in elem.iterfind(f"{individual}/NationalIdentifierDetails/NationalIdentifier"):
        number = text(national.find("NationalIdentifierNumber"))
        info = text(national.find("NationalIdentifierAdditionalInformation"))
        _document(found, "NationalIdentifierNumber", "NATIONAL_ID", number, info, nationalities)
    return found


def _checked(found: Found, where: str, raw: str, scheme: str, module: Any, value: str | None = None) -> None:
    """``value`` (else ``raw``) under ``scheme`` if its check digits hold, else a problem naming ``raw``."""
    try:
        found.add(f"{scheme}:{module.validate(raw if value is None else value)}")
    except ValidationError as exc:
        found.problems.append((where, raw, f"invalid {scheme}: {exc}"))


def _registration(found: Found, raw: str, country: str | None) -> None:
    where = "BusinessRegistrationNumber"
    labelled = list(_LABELLED.finditer(raw))
    for match in labelled:
        label, number = match.group(1).upper(), match.group(2)
        if label in _RUSSIAN:
            scheme, module = _RUSSIAN[label]
            _checked(found, where, f"{label} {number}", scheme, module, number)
    if labelled:
        return
    number = _LEADING_LABEL.sub("", " ".join(raw.split())).replace(" ", "").upper()
    if not number or not _NUMBER.match(number) or not any(ch.isdigit() for ch in number):
        return  # free text kb does not read (docs/loaders/uk_sanctions.md)
    if country == "RU" and number.isdigit():
        for scheme, module in (("RU_INN", inn), ("RU_OGRN", ogrn)):
            if module.is_valid(number):
                found.add(f"{scheme}:{number}")
                return
    if country:
        found.add(f"REG_{country}:{number}")


def _document(found: Found, where: str, scheme: str, raw: str, info: str, nationalities: list[str]) -> None:
    """A passport or national identity number, under the country that issued it when known."""
    if not raw:
        return  # the list gives only a description ("Egypt issued in 1993, under name ...")
    country = None
    number = raw
    if (match := _WHERE_NUMBER.match(raw)) and (named := iso(match.group("where"))):
        country, number = named, match.group("number")
    number = number.replace(" ", "").upper().rstrip(".")
    if not _NUMBER.match(number) or not any(ch.isdigit() for ch in number):
        found.problems.append((where, raw, "not a document number: left out"))
        return
    if country is None:
        country = first_named(_HOLDER.sub(" ", info))
    if country is None:
        codes = {code for code in (iso(n) for n in nationalities) if code}
        country = codes.pop() if len(codes) == 1 else None
    found.add(f"{scheme}_{country}:{number}" if country else f"{scheme}:{number}")
