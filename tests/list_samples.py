"""Minimal readers of the EU, UK and UN list samples (XML), for the labelled pairs only.

Not kb loaders: each gives, per record, its names by selector, kind, country and the identifiers
that may join it to a record of another list (``RU_INN``, ``RU_OGRN``, ``IMO``, ``PASSPORT``,
``UN_REF``), in the :class:`match_pairs.Source` shape. Selectors: ``name:<n>`` (EU ``nameAlias``,
UK ``Name``), ``nonlatin:<n>`` (UK), ``name`` / ``original`` / ``alias:<n>`` / ``alias-original:<n>``
(UN). Aliases a list marks as weak or low quality are in ``Source.weak``. The country is the first
address's, as the OFAC and CSL readers of match_pairs.py give it: a nationality is another fact
(a North Korean listed at an address in Dalian is in China for OFAC). A person's date is the first
birth date the list gives (``PartyRecord`` holds one), to the day when the list gives the day, else
its year (standing as 1 January, as match_pairs reads OFAC's "DOB 1970"); a range of years is no date.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from match_pairs import Source, _date, country_of

# ElementTree never fetches external entities (expat >= 2.4.1 refuses entity expansion bombs);
# these are the read-only samples, as kb/loaders/formats/gleif/golden_copy.py reads GLEIF's XML.

_EU = "{http://eu.europa.ec/fpi/fsd/export}"
_ORIGINAL = re.compile(r"^(.*?)\s*\(original script:\s*(.*?)\)\s*$")
_DIGITS = re.compile(r"\D")


def russian_ids(number: str) -> tuple[str, ...]:
    """A Russian INN (10 or 12 digits) or OGRN (13 or 15) from a number, else nothing."""
    digits = _DIGITS.sub("", number)
    if len(digits) in (10, 12):
        return (f"RU_INN:{digits}",)
    if len(digits) in (13, 15):
        return (f"RU_OGRN:{digits}",)
    return ()


def _parse(path: Path) -> ET.Element:
    return ET.parse(path).getroot()  # noqa: S314 - see above


def _text(element: ET.Element | None) -> str:
    return " ".join((element.text or "").split()) if element is not None else ""


_UK_DOB = re.compile(r"^(\d{2}|dd)/(\d{2}|mm)/(\d{4})$")


def _uk_date(text: str) -> str:
    """UK's ``dd/mm/yyyy`` (``dd/mm/1958`` or ``00/00/1975`` for a year alone) as ISO, else ''."""
    match = _UK_DOB.match(text.strip())
    if match is None:
        return ""
    day, month, year = match.groups()
    return f"{year}-{month}-{day}" if day.isdigit() and month.isdigit() and "00" not in (day, month) else year


def eu(root: Path) -> dict[str, Source]:
    path = root / "eu_fsf" / "eu_fsf_xml_1_1_20260805_17entities.xml"
    out = {}
    for entity in _parse(path).iter(f"{_EU}sanctionEntity"):
        names = {
            f"name:{n}": " ".join(alias.get("wholeName", "").split())
            for n, alias in enumerate(entity.iter(f"{_EU}nameAlias"))
        }
        subject = entity.find(f"{_EU}subjectType")
        kind = "person" if subject is not None and subject.get("code") == "person" else "company"
        ids: list[str] = []
        if entity.get("unitedNationId"):
            ids.append(f"UN_REF:{entity.get('unitedNationId')}")
        country = None
        for ident in entity.iter(f"{_EU}identification"):
            number, code = ident.get("number", ""), ident.get("identificationTypeCode")
            if code in ("fiscalcode", "regnumber") and ident.get("countryIso2Code") in ("RU", "00"):
                ids.extend(russian_ids(number))
            elif code == "imo":
                ids.append(f"IMO:{number}")
            elif code == "passport":
                ids.append(f"PASSPORT:{number}")
        born = [b.get("birthdate") or b.get("year") or "" for b in entity.iter(f"{_EU}birthdate")]
        date = _date(next((b for b in born if b), "")) if kind == "person" else None
        for tag in ("address",):
            for place in entity.iter(f"{_EU}{tag}"):
                if country is None and place.get("countryIso2Code", "00") != "00":
                    country = place.get("countryIso2Code")
        out[entity.get("euReferenceNumber", "")] = Source(names, kind, country, tuple(ids), date=date)
    return out


def uk(root: Path) -> dict[str, Source]:
    path = root / "uk_sanctions_list" / "uk_sanctions_list_xml_20260907_21designations.xml"
    out = {}
    for designation in _parse(path).iter("Designation"):
        names: dict[str, str] = {}
        weak: set[str] = set()
        for n, name in enumerate(designation.iter("Name")):
            parts = [_text(name.find(f"Name{i}")) for i in range(1, 7)]
            names[f"name:{n}"] = " ".join(p for p in parts if p)
            if "low" in _text(name.find("AliasStrength")).lower():
                weak.add(f"name:{n}")
        for n, other in enumerate(designation.iter("NameNonLatinScript")):
            names[f"nonlatin:{n}"] = _text(other)
        kind = {"Individual": "person", "Ship": "vessel"}.get(
            _text(designation.find("IndividualEntityShip")), "company"
        )
        ids: list[str] = []
        if un_ref := _text(designation.find("UNReferenceNumber")):
            ids.append(f"UN_REF:{un_ref}")
        for number in designation.iter("BusinessRegistrationNumber"):
            for match in re.finditer(r"(INN|OGRN)\s*:?\s*(\d+)", number.text or ""):
                ids.extend(russian_ids(match.group(2)))
        ids += [f"IMO:{_DIGITS.sub('', _text(imo))}" for imo in designation.iter("IMONumber")]
        ids += [f"PASSPORT:{_text(p)}" for p in designation.iter("PassportNumber")]
        country = country_of(_text(designation.find("Addresses/Address/AddressCountry")))
        born = next((d for d in (_uk_date(_text(b)) for b in designation.iter("DOB")) if d), "")
        date = _date(born) if kind == "person" else None
        unique = _text(designation.find("UniqueID"))
        out[unique] = Source(names, kind, country, tuple(dict.fromkeys(ids)), date=date, weak=frozenset(weak))
    return out


def un(root: Path) -> dict[str, Source]:
    path = root / "un_consolidated" / "un_consolidated_2026-02-27.xml"
    out = {}
    document_root = _parse(path)
    for tag, kind in (("INDIVIDUAL", "person"), ("ENTITY", "company")):
        for record in document_root.iter(tag):
            parts = [
                _text(record.find(f)) for f in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
            ]
            names = {"name": " ".join(p for p in parts if p)}
            if original := _text(record.find("NAME_ORIGINAL_SCRIPT")):
                names["original"] = original
            weak: set[str] = set()
            for n, alias in enumerate(record.iter(f"{tag}_ALIAS")):
                text, note = _text(alias.find("ALIAS_NAME")), _text(alias.find("NOTE"))
                if match := _ORIGINAL.match(text):
                    text, note = match.group(1), f"original script: {match.group(2)}"
                if text:
                    names[f"alias:{n}"] = text
                if note.startswith("original script:"):
                    names[f"alias-original:{n}"] = note.split(":", 1)[1].strip()
                if _text(alias.find("QUALITY")).lower() == "low":
                    weak |= {f"alias:{n}", f"alias-original:{n}"}
            ids = [f"UN_REF:{_text(record.find('REFERENCE_NUMBER'))}"]
            for document in record.iter("INDIVIDUAL_DOCUMENT"):
                if "passport" in _text(document.find("TYPE_OF_DOCUMENT")).lower():
                    ids.append(f"PASSPORT:{_text(document.find('NUMBER'))}")
            country = country_of(_text(record.find(f"{tag}_ADDRESS/COUNTRY")))
            born = (
                _text(b.find("DATE")) or _text(b.find("YEAR")) for b in record.iter(f"{tag}_DATE_OF_BIRTH")
            )
            date = _date(next((b for b in born if b), ""))
            key = _text(record.find("DATAID"))
            out[key] = Source(names, kind, country, tuple(ids), date=date, weak=frozenset(weak))
    return out
