"""The UN Security Council Consolidated List, the UN's own XML (format ``un``).

One file holds the whole list: ``CONSOLIDATED_LIST`` (``dateGenerated``) > ``INDIVIDUALS/INDIVIDUAL``
and ``ENTITIES/ENTITY``. Every entry becomes an entity ``un-sc:<DATAID>`` (the UN's permanent id of
the entry) with the identifier ``UN_REF:<REFERENCE_NUMBER>``, which the EU and UK entries that
implement the listing carry too, and one listing on ``UN``. A file of the wrong shape raises
:class:`~kb.errors.LoadError`; a bad value is left out and recorded in the issue log. The mapping
is in docs/loaders/un.md.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

from kb.errors import LoadError
from kb.lists import LISTS
from kb.loaders.dataset import Dataset, EntityRecord, ListingRecord, SourceInfo
from kb.loaders.fields import un_ref
from kb.loaders.formats.un import fields as f
from kb.loaders.formats.un.countries import iso
from kb.loaders.read import read_text

SOURCE = SourceInfo(
    "un-sc",
    publisher=LISTS["UN"].authority,
    url="https://scsanctions.un.org/resources/xml/en/consolidated.xml",
    licence="Public information, published by the UN for implementation by all states (no licence terms)",
)
LIST = "UN"
ROOT = "CONSOLIDATED_LIST"
SECTIONS = {"INDIVIDUALS": "INDIVIDUAL", "ENTITIES": "ENTITY"}
KINDS = {"INDIVIDUAL": "person", "ENTITY": "company"}
CITATION = "UN Security Council Consolidated List"
ADDRESS_PARTS = ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY")
_GENERATED = re.compile(r"^\d{4}-\d{2}-\d{2}(?:T.*)?$")

Issue = Callable[[str, str, str], None]  # (field, value, reason) of the entry at hand


def parse(path: Path) -> Dataset:
    """Read the list; an entry's bad values are left out and recorded in ``issues``."""
    content = read_text(path, "the UN Security Council Consolidated List (XML)")
    reader = _Reader(path)
    dataset = Dataset(source=SOURCE, files={"entities": path.name, "listings": path.name})
    seen: set[str] = set()
    for row, entry in reader.entries(content):
        _entry(dataset, path, row, entry, seen)
    if reader.count == 0:
        raise LoadError(f"{path}: no INDIVIDUAL or ENTITY: an empty list would close every UN listing")
    dataset.snapshot_date = reader.generated
    return dataset


class _Reader:
    """Streams the entries (row = position in the file, individuals first), checking the structure."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.generated: dt.date | None = None
        self.count = 0

    def entries(self, content: str) -> Iterator[tuple[int, ET.Element]]:
        stack: list[ET.Element] = []
        try:
            # ElementTree never fetches external entities, and expat >= 2.4.1 refuses entity-expansion
            # bombs: the stdlib parser is safe on a downloaded file (as the GLEIF reader says). Text,
            # not bytes: the file was read as UTF-8, whatever encoding its declaration names.
            events = ET.iterparse(io.StringIO(content), events=("start", "end"))  # noqa: S314
            for event, element in events:
                if event == "start":
                    self._check(element, stack)
                    stack.append(element)
                    continue
                stack.pop()
                if len(stack) == 2:  # an INDIVIDUAL or ENTITY ended
                    self.count += 1
                    yield self.count, element
                    stack[-1].remove(element)  # keep memory flat
        except ET.ParseError as exc:
            raise LoadError(f"{self.path}: not well-formed XML ({exc})") from None

    def _check(self, element: ET.Element, stack: list[ET.Element]) -> None:
        tag = element.tag
        if not stack:
            if tag != ROOT:
                raise LoadError(
                    f"{self.path}: root element <{tag}>, expected <{ROOT}>"
                    " (the UN Security Council Consolidated List XML)"
                )
            self.generated = self._generated(element.get("dateGenerated"))
        elif len(stack) == 1 and tag not in SECTIONS:
            raise LoadError(f"{self.path}: unexpected <{tag}> in <{ROOT}> (expected INDIVIDUALS, ENTITIES)")
        elif len(stack) == 2 and tag != SECTIONS[stack[1].tag]:
            raise LoadError(
                f"{self.path}: entry {self.count + 1}: unexpected <{tag}> in <{stack[1].tag}>"
                f" (expected {SECTIONS[stack[1].tag]})"
            )

    def _generated(self, raw: str | None) -> dt.date:
        """The snapshot date: what a later file no longer lists is closed on its date."""
        value = (raw or "").strip()
        try:
            if _GENERATED.match(value):
                return dt.date.fromisoformat(value[:10])
        except ValueError:
            pass
        raise LoadError(f"{self.path}: <{ROOT}> dateGenerated={raw!r}: not a date (the list's snapshot date)")


def _entry(dataset: Dataset, path: Path, row: int, entry: ET.Element, seen: set[str]) -> None:
    tag = entry.tag
    data_id = f.value(entry, "DATAID")
    if not data_id.isdigit():
        problem = f"{data_id!r} is not a whole number" if data_id else "missing"
        raise LoadError(f"{path}: entry {row} ({tag}): DATAID {problem}: it is the entry's permanent id")
    issue: Issue = partial(dataset.issues.add, path.name, row)
    if data_id in seen:
        issue("DATAID", data_id, "duplicate DATAID: the first entry wins")
        return
    seen.add(data_id)
    reference = f.value(entry, "REFERENCE_NUMBER")
    name, others = f.names(entry, f"{tag}_ALIAS")
    if not reference:
        issue("REFERENCE_NUMBER", "", "required, but empty: the UN's reference number names the listing")
        return
    if not name:
        issue("FIRST_NAME", "", "required, but empty: the entry has no name in any script")
        return
    entity_id, kind = f"un-sc:{data_id}", KINDS[tag]
    try:
        identifiers = [un_ref(reference)]  # the one form the EU and UK loaders write too
    except ValueError as exc:
        issue("REFERENCE_NUMBER", reference, str(exc))
        return
    if kind == "person":
        identifiers += _documents(entry, issue)
    else:
        numbers = f.imo_company_numbers(f.value(entry, "COMMENTS1"))
        identifiers += [f"IMO_COMPANY:{number}" for number in numbers]
    entity: EntityRecord = {
        "id": entity_id,
        "name": name,
        "kind": kind,
        "country": _country(entry, tag, issue),
        "names": others,
        "identifiers": list(dict.fromkeys(identifiers)),
        "address": _address(entry, tag),
        "opacity": [],
        "source": SOURCE.name,
        "row": row,
    }
    dataset.entities.append(entity)
    list_type = f.value(entry, "UN_LIST_TYPE")
    listing: ListingRecord = {
        "entity_id": entity_id,
        "list": LIST,
        "programs": [list_type] if list_type else [],
        "start_date": _listed_on(entry, issue),
        "end_date": None,
        "citation": ", ".join(part for part in (CITATION, list_type, reference) if part),
        "license_requirement": None,
        "license_policy": None,
        "source_entry_id": reference,
        "source": SOURCE.name,
        "row": row,
    }
    dataset.listings.append(listing)


def _listed_on(entry: ET.Element, issue: Issue) -> dt.date | None:
    raw = f.value(entry, "LISTED_ON")
    try:
        return f.date(raw)
    except ValueError as exc:
        issue("LISTED_ON", raw, f"{exc}: the listing is kept without a start date")
        return None


def _country(entry: ET.Element, tag: str, issue: Issue) -> str | None:
    """A person's first nationality kb can map, else (and for an entity) the first address country."""
    paths = (["NATIONALITY/VALUE"] if tag == "INDIVIDUAL" else []) + [f"{tag}_ADDRESS/COUNTRY"]
    codes = []
    for path in paths:
        for name in f.values(entry, path):
            if (code := iso(name)) is None:
                issue(path, name, "unknown country name: left out")
            codes.append(code)
    return next((code for code in codes if code), None)


def _address(entry: ET.Element, tag: str) -> str | None:
    """The first address with a street or a city, as ``street, city, state, zip code, country``."""
    for place in entry.findall(f"{tag}_ADDRESS"):
        if f.value(place, "STREET") or f.value(place, "CITY"):
            return ", ".join(part for part in (f.value(place, tag) for tag in ADDRESS_PARTS) if part)
    return None


def _documents(entry: ET.Element, issue: Issue) -> list[str]:
    """``PASSPORT_<CC>:`` and ``NATIONAL_ID_<CC>:`` of the documents with a number and an issuing
    country; a document without a country says nothing kb can key it by and is left out."""
    found = []
    for document in entry.findall("INDIVIDUAL_DOCUMENT"):
        kind, detail = f.value(document, "TYPE_OF_DOCUMENT"), f.value(document, "TYPE_OF_DOCUMENT2")
        scheme = f.document_scheme(kind, detail)
        raw = f.value(document, "NUMBER")
        field = "ISSUING_COUNTRY" if f.value(document, "ISSUING_COUNTRY") else "COUNTRY_OF_ISSUE"
        where = f.value(document, field)
        if scheme is None or not raw or not where:
            continue
        try:
            number = f.document_number(raw)
        except ValueError as exc:
            issue("INDIVIDUAL_DOCUMENT/NUMBER", raw, str(exc))
            continue
        if (code := iso(where)) is None:
            issue(f"INDIVIDUAL_DOCUMENT/{field}", where, "unknown country name: the document is left out")
            continue
        found.append(f"{scheme}_{code}:{number}")
    return found
