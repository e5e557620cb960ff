"""The EU Financial Sanctions Files (the Commission's consolidated list), XML 1.1 (format ``eu-fsf``).

Every ``sanctionEntity`` becomes an entity ``eu-fsf:<logicalId>`` (the EU's id of the entry, kept
across exports) with its names in every script, its country, its identifiers (UN reference number,
registry and tax numbers, passports…; see :mod:`~kb.loaders.formats.eu_fsf.ids`), and one listing on
``EU`` citing the regulations the entry names. The dataset is a full snapshot dated by the export's
``generationDate``. See docs/loaders/eu_fsf.md.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

from kb.errors import LoadError
from kb.loaders import fields as f
from kb.loaders.dataset import Dataset, EntityRecord, ListingRecord, SourceInfo
from kb.loaders.formats.eu_fsf import ids
from kb.loaders.formats.eu_fsf.document import Entry, read, tag

SOURCE = SourceInfo(
    name="eu-fsf",
    publisher="European Commission (DG FISMA), Financial Sanctions Files",
    url="https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content?token=dG9rZW4tMjAxNw",
    licence="Reuse permitted under Commission Decision 2011/833/EU (default licence CC BY 4.0)",
)
LIST = "EU"
KINDS = {"person": "person", "enterprise": "company"}


class EntryProblem(Exception):
    """The entry is left out: (line, field, value, reason)."""

    def __init__(self, line: int, field: str, value: str, reason: str) -> None:
        super().__init__(reason)
        self.line, self.field, self.value, self.reason = line, field, value, reason


def parse(path: Path) -> Dataset:
    """Read one XML 1.1 export; entries that cannot be read are left out and recorded in ``issues``."""
    document = read(path)
    dataset = Dataset(
        source=SOURCE,
        snapshot_date=document.generated,
        files={"entities": path.name, "listings": path.name},
    )
    seen: dict[str, int] = {}
    for entry in document.entries:
        logical_id = _logical_id(path, entry)
        if logical_id in seen:
            reason = f"duplicate of line {seen[logical_id]}: left out"
            dataset.issues.add(path.name, entry.line, "logicalId", logical_id, reason)
            continue
        seen[logical_id] = entry.line
        try:
            entity, listing = _records(dataset, path, entry, logical_id)
        except EntryProblem as problem:
            dataset.issues.add(path.name, problem.line, problem.field, problem.value, problem.reason)
            continue
        dataset.entities.append(entity)
        dataset.listings.append(listing)
    return dataset


def _logical_id(path: Path, entry: Entry) -> str:
    raw = entry.element.get("logicalId")
    if raw is None:
        raise LoadError(f"{path}:{entry.line}: sanctionEntity: missing required attribute logicalId")
    return raw.strip()


def _records(
    dataset: Dataset, path: Path, entry: Entry, logical_id: str
) -> tuple[EntityRecord, ListingRecord]:
    file = path.name
    if not logical_id.isdigit():
        raise EntryProblem(entry.line, "logicalId", logical_id, "logicalId must be a whole number")
    subject = entry.element.find(tag("subjectType"))
    if subject is None:
        raise LoadError(
            f"{path}:{entry.line}: sanctionEntity {logical_id}: missing required element subjectType"
        )
    code = (subject.get("code") or "").strip().lower()
    if code not in KINDS:
        raise EntryProblem(
            entry.line_of(subject), "subjectType", code, "unknown subject type (person or enterprise)"
        )
    kind = KINDS[code]
    names = _names(entry)
    if not names:
        raise EntryProblem(
            entry.line, "nameAlias", "", "no name: no nameAlias with a wholeName or name parts"
        )
    country = _country(dataset, file, entry, kind)
    entity_id = f"{SOURCE.name}:{logical_id}"
    primary = names[0]
    entity: EntityRecord = {
        "id": entity_id,
        "name": primary,
        "kind": kind,
        "country": country,
        "names": f.unique_names(names[1:], primary),
        "identifiers": _identifiers(dataset, file, entry, country),
        "address": _address(entry),
        "opacity": [],
        "source": SOURCE.name,
        "row": entry.line,
    }
    regulations = entry.children("regulation")
    listing: ListingRecord = {
        "entity_id": entity_id,
        "list": LIST,
        "programs": list(dict.fromkeys(p for r in regulations if (p := (r.get("programme") or "").strip()))),
        "start_date": _start(dataset, file, entry, regulations),
        "end_date": None,
        "citation": "; ".join(_cite(r) for r in regulations) or None,
        "license_requirement": None,
        "license_policy": None,
        "source_entry_id": logical_id,
        "source": SOURCE.name,
        "row": entry.line,
    }
    return entity, listing


def _names(entry: Entry) -> list[str]:
    """Every name of the entry, the primary name first: the first strong alias written in Latin
    letters, preferring the one that carries the ``function`` (the EU's main entry of a party
    holds it), then one in English or of no stated language."""
    found: list[tuple[tuple[bool, ...], int, str]] = []
    for index, alias in enumerate(entry.children("nameAlias")):
        parts = (alias.get(key) or "" for key in ("firstName", "middleName", "lastName"))
        name = " ".join((alias.get("wholeName") or " ".join(parts)).split())
        if not any(ch.isalnum() for ch in name):
            continue
        rank = (
            (alias.get("strong") or "true").strip().lower() == "false",
            not _latin(name),
            not (alias.get("function") or "").strip(),
            (alias.get("nameLanguage") or "").strip().upper() not in ("", "EN"),
        )
        found.append((rank, index, name))
    if not found:
        return []
    primary = min(found)
    return [primary[2], *(name for _, _, name in found if name != primary[2])]


def _latin(name: str) -> bool:
    return all(unicodedata.name(ch, "").startswith("LATIN") for ch in name if ch.isalpha())


def _country(dataset: Dataset, file: str, entry: Entry, kind: str) -> str | None:
    """A person's first citizenship, else the first address country; an enterprise's first
    address country, else the country of its first registration number."""
    order = ("citizenship", "address") if kind == "person" else ("address", "identification")
    for local in order:
        for element in entry.children(local):
            if local == "identification" and element.get("identificationTypeCode") != "regnumber":
                continue
            raw = (element.get("countryIso2Code") or "").strip()
            if raw in ("", ids.UNKNOWN_COUNTRY):
                continue
            try:
                return f.country(raw)
            except ValueError as exc:
                dataset.issues.add(file, entry.line_of(element), f"{local}.countryIso2Code", raw, str(exc))
    return None


def _identifiers(dataset: Dataset, file: str, entry: Entry, country: str | None) -> list[str]:
    found: list[str] = []
    for ref in (entry.element.get("unitedNationId") or "").replace(";", ",").split(","):
        if ref.strip():
            try:
                found.append(f.un_ref(ref))
            except ValueError as exc:
                dataset.issues.add(file, entry.line, "unitedNationId", ref.strip(), str(exc))
    for element in entry.children("identification"):
        try:
            found += ids.identifiers(ids.identification(element.attrib), country)
        except ValueError as exc:
            value = f"{element.get('identificationTypeCode')} {element.get('number')}"
            dataset.issues.add(file, entry.line_of(element), "identification", value, str(exc))
    return list(dict.fromkeys(found))


def _address(entry: Entry) -> str | None:
    """The first address with a street or a city: street, PO box, city, postcode, region, country."""
    for element in entry.children("address"):
        street, city = _attr(element, "street"), _attr(element, "city")
        if not (street or city):
            continue
        box = _attr(element, "poBox")
        country = _attr(element, "countryDescription")
        parts = (
            street, f"PO Box {box}" if box else "", city, _attr(element, "zipCode"),
            _attr(element, "region"), _attr(element, "place"), "" if country == "UNKNOWN" else country,
        )  # fmt: skip
        return ", ".join(part for part in parts if part)
    return None


def _attr(element: ET.Element, key: str) -> str:
    return " ".join((element.get(key) or "").split()).strip(" ,")


def _start(dataset: Dataset, file: str, entry: Entry, regulations: list[ET.Element]) -> dt.date | None:
    """The entry's designationDate; without one, the earliest date a regulation it names entered
    into force (else was published)."""
    raw = entry.element.get("designationDate") or ""
    try:
        if designated := f.date(raw):
            return designated
    except ValueError as exc:
        dataset.issues.add(file, entry.line, "designationDate", raw, f"{exc}: the regulations' date is used")
    dates = []
    for regulation in regulations:
        for key in ("entryIntoForceDate", "publicationDate"):
            value = regulation.get(key) or ""
            try:
                day = f.date(value)
            except ValueError as exc:
                dataset.issues.add(file, entry.line_of(regulation), f"regulation.{key}", value, str(exc))
                continue
            if day:
                dates.append(day)
                break
    return min(dates, default=None)


def _cite(regulation: ET.Element) -> str:
    """``Council amendment 2023/571 (OJ L75 I) of 2023-03-14, https://eur-lex…``."""
    organisation = _attr(regulation, "organisationType").capitalize()
    kind = _attr(regulation, "regulationType") or "act"
    text = " ".join(part for part in (organisation, kind, _attr(regulation, "numberTitle")) if part)
    if published := _attr(regulation, "publicationDate"):
        text += f" of {published}"
    url = (regulation.findtext(tag("publicationUrl")) or "").strip()
    return f"{text}, {url}" if url else text
