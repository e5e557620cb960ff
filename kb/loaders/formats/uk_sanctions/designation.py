"""One ``Designation`` of the UK Sanctions List as an entity record and a listing record.

A Designation lacking one of the :data:`REQUIRED` elements is not this format (a LoadError naming
the file, line and element); one whose required values are empty or wrong is a :class:`Problem`,
left out with an issue; an identifier failing its check is dropped with an issue, the rest kept.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from kb.errors import LoadError
from kb.loaders.dataset import EntityRecord, ListingRecord
from kb.loaders.fields import unique_names
from kb.loaders.formats.uk_sanctions import ids
from kb.loaders.formats.uk_sanctions.countries import iso
from kb.loaders.formats.uk_sanctions.document import text, uk_date

LIST = "UK"
REQUIRED = ("UniqueID", "Names", "RegimeName", "IndividualEntityShip", "DateDesignated")
KINDS = {"individual": "person", "entity": "company", "ship": "vessel"}
# Name types, most primary first; a type not named here ranks after them.
NAME_RANKS = {"primary name": 0, "primary name variation": 1}
_UNIQUE_ID = re.compile(r"^[A-Za-z0-9]+$")
_ADDRESS = (*(f"AddressLine{n}" for n in range(1, 7)), "AddressPostalCode", "AddressCountry")
# "The Russia (Sanctions) (EU Exit) Regulations 2019" -> "Russia": the regime, as a programme.
_REGULATIONS = re.compile(r"\s+Regulations(?:\s+\d{4})?$", re.IGNORECASE)
_EU_EXIT = re.compile(r"\s*\((?:EU Exit|Sanctions)\)", re.IGNORECASE)
_QUALIFIED = re.compile(r"\(([^()]+?)\s+Sanctions\)", re.IGNORECASE)  # (United Nations Sanctions)
_SANCTIONS = re.compile(r"\s+Sanctions$", re.IGNORECASE)


class Problem(Exception):
    def __init__(self, field: str, value: str, reason: str) -> None:
        super().__init__(reason)
        self.field, self.value, self.reason = field, value, reason


@dataclass
class Parsed:
    entity: EntityRecord
    listing: ListingRecord
    problems: list[ids.Problem]  # identifiers left out; the designation itself loads


def check_structure(elem: ET.Element, path: Path, line: int) -> None:
    for tag in REQUIRED:
        if elem.find(tag) is None:
            raise LoadError(f"{path}:{line}: a Designation without <{tag}>: not the UK Sanctions List XML")


def unique_id(elem: ET.Element) -> str:
    raw = text(elem.find("UniqueID"))
    if not raw:
        raise Problem("UniqueID", raw, "required, but empty")
    if not _UNIQUE_ID.match(raw):
        raise Problem("UniqueID", raw, "a Unique ID is letters and digits, e.g. RUS0123")
    return raw


def read(elem: ET.Element, line: int, source: str) -> Parsed:
    uid = unique_id(elem)
    raw_kind = text(elem.find("IndividualEntityShip"))
    kind = KINDS.get(raw_kind.casefold())
    if kind is None:
        raise Problem("IndividualEntityShip", raw_kind, "unknown kind (Individual, Entity or Ship)")
    regulations = text(elem.find("RegimeName"))
    if not regulations:
        raise Problem("RegimeName", regulations, "required, but empty")
    raw_date = text(elem.find("DateDesignated"))
    if not raw_date:
        raise Problem("DateDesignated", raw_date, "required, but empty")
    try:
        designated = uk_date(raw_date)
    except ValueError as exc:
        raise Problem("DateDesignated", raw_date, str(exc)) from None
    name, names = _names(elem)
    nationalities = [text(n) for n in elem.iterfind("IndividualDetails/Individual/Nationalities/Nationality")]
    country = _country(elem, kind, nationalities)
    found = ids.identifiers(elem, kind, country, nationalities)
    entity_id = f"{source}:{uid}"
    entity: EntityRecord = {
        "id": entity_id, "name": name, "kind": kind, "country": country, "names": names,
        "identifiers": found.identifiers, "address": _address(elem), "opacity": [], "source": source,
        "row": line,
    }  # fmt: skip
    listing: ListingRecord = {
        "entity_id": entity_id, "list": LIST, "programs": [regime(regulations)], "start_date": designated,
        "end_date": None, "citation": citation(regulations, text(elem.find("SanctionsImposed"))),
        "license_requirement": None, "license_policy": None, "source_entry_id": uid, "source": source,
        "row": line,
    }  # fmt: skip
    return Parsed(entity, listing, found.problems)


def regime(regulations: str) -> str:
    """The regime a regulations' title names, as the programme: "The Russia (Sanctions) (EU Exit)
    Regulations 2019" -> "Russia", "The Global Anti-Corruption Sanctions Regulations 2021" ->
    "Global Anti-Corruption", "Isil (Da'esh) and Al-Qaeda (United Nations Sanctions) (EU Exit)
    Regulations 2019" -> "Isil (Da'esh) and Al-Qaeda (United Nations)"."""
    short = _REGULATIONS.sub("", regulations.strip())
    short = _EU_EXIT.sub("", short)
    short = _QUALIFIED.sub(r"(\1)", short)
    short = _SANCTIONS.sub("", short).strip()
    short = short[4:] if short.lower().startswith("the ") else short
    return short or regulations


def citation(regulations: str, imposed: str) -> str:
    """The regulations, and the sanctions imposed under them when the list gives them."""
    measures = [part.strip() for part in imposed.split("|") if part.strip()]
    return f"{regulations}; sanctions imposed: {', '.join(measures)}" if measures else regulations


def _names(elem: ET.Element) -> tuple[str, list[str]]:
    """The primary name (the first of the most primary type; a name in another script when the
    designation has no Latin one), and every other name, alias and non-Latin name, each spelling once."""
    ranked: list[tuple[int, int, str]] = []
    for order, name in enumerate(elem.iterfind("Names/Name")):
        parts = (text(name.find(f"Name{n}")) for n in (1, 2, 3, 4, 5, 6))
        full = " ".join(part for part in parts if part)
        if full:  # an empty <Name> (it happens) holds nothing to keep
            rank = NAME_RANKS.get(text(name.find("NameType")).casefold(), len(NAME_RANKS))
            ranked.append((rank, order, full))
    latin = [full for _, _, full in ranked]
    scripts = [text(n) for n in elem.iterfind("NonLatinNames/NonLatinName/NameNonLatinScript")]
    scripts = [name for name in scripts if name]
    if ranked:
        primary = min(ranked)[2]
    elif scripts:
        primary = scripts[0]
    else:
        raise Problem("Names", "", "required, but empty: the designation has no name")
    return primary, unique_names([*latin, *scripts], primary)


def _country(elem: ET.Element, kind: str, nationalities: list[str]) -> str | None:
    """The first address's country (a person: else the first nationality; a ship: its flag)."""
    places = [text(c) for c in elem.iterfind("Addresses/Address/AddressCountry")]
    if kind == "person":
        places += nationalities
    if kind == "vessel":
        places = [text(f) for f in elem.iterfind("ShipDetails/Ship/CurrentBelievedFlagOfShips/*")] + places
    return next((code for code in (iso(place) for place in places) if code), None)


def _address(elem: ET.Element) -> str | None:
    """The first address with a line, its lines, postal code and country joined by commas."""
    for address in elem.iterfind("Addresses/Address"):
        parts = [text(address.find(tag)) for tag in _ADDRESS]
        if any(parts[:-1]):
            return ", ".join(part for part in parts if part)
    return None
