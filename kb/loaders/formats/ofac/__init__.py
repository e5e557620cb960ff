"""OFAC's legacy CSV sets: the SDN list and the consolidated non-SDN list.

``parse(path)`` takes a folder or the main file (``sdn.csv`` / ``cons_prim.csv``) and finds the
companions (addresses, aliases, remarks continuations) next to it; see :mod:`kb.loaders.formats.ofac.files`.
Every entry becomes an entity ``ofac:<ent_num>`` (OFAC never reuses an ent_num, in either set)
with the identifier ``OFAC_UID:<ent_num>`` plus the identifiers its remarks state, and one listing
per kb list it is on. Files of the wrong shape raise :class:`~kb.errors.LoadError`; bad rows are
left out and recorded in the dataset's issue log.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from kb.lists import LISTS
from kb.loaders.dataset import Dataset, EntityRecord, ListingRecord, SourceInfo
from kb.loaders.formats.ofac import remarks
from kb.loaders.formats.ofac.countries import iso
from kb.loaders.formats.ofac.files import FileSet, locate, read, value, verbatim

KINDS = {"": "company", "individual": "person", "vessel": "vessel", "aircraft": "vessel"}
SOURCE = SourceInfo(
    "ofac-sdn",
    publisher=LISTS["SDN"].authority,
    url="https://sanctionslist.ofac.treas.gov/Home/SdnList",
    licence="Public domain (US government work)",
)
SETS = {  # the set a file belongs to -> its source
    "sdn": SOURCE,
    "cons": replace(
        SOURCE, name="ofac-cons", url="https://sanctionslist.ofac.treas.gov/Home/ConsolidatedList"
    ),
}


@dataclass
class Entry:
    """One main-file row, with what the companion files add to it."""

    ent_num: str
    line: int
    name: str
    kind: str
    programs: list[str]
    flag: str
    remarks: str
    addresses: list[tuple[str, str, str]] = field(default_factory=list)  # (street, city, country)
    aliases: list[str] = field(default_factory=list)


def parse(path: Path, files: Mapping[str, str | Path] | None = None) -> Dataset:
    """Read one OFAC set. ``files`` maps a role (main, add, alt, comments, set) to a name or glob."""
    fileset = locate(path, files)
    main = list(read(fileset.main, "main"))  # every file's structure is checked before any row
    adds = list(read(fileset.add, "add"))
    alts = list(read(fileset.alt, "alt"))
    comments = list(read(fileset.comments, "comments", allow_empty=True)) if fileset.comments else []
    main_name = fileset.main.name
    dataset = Dataset(source=SETS[fileset.kind], files={"entities": main_name, "listings": main_name})
    entries, rejected = _entries(fileset, main, dataset)

    def entry(file: Path, line: int, ent_num: str) -> Entry | None:
        found = entries.get(ent_num)
        if found is None and ent_num not in rejected:
            dataset.issues.add(
                file.name, line, "ent_num", ent_num, f"no entry with this ent_num in {fileset.main.name}"
            )
        return found

    for line, cells in comments:
        if (target := entry(fileset.comments or fileset.main, line, value(cells[0]))) is not None:
            target.remarks += verbatim(cells[1])
    for line, cells in adds:
        if (target := entry(fileset.add, line, value(cells[0]))) is not None:
            target.addresses.append((value(cells[2]), value(cells[3]), value(cells[4])))
    for line, cells in alts:
        if (target := entry(fileset.alt, line, value(cells[0]))) is None:
            continue
        if not (alias := value(cells[3])):
            dataset.issues.add(fileset.alt.name, line, "alt_name", cells[3], "required, but empty")
        elif alias.casefold() not in {n.casefold() for n in [target.name, *target.aliases]}:
            target.aliases.append(alias)
    for item in entries.values():
        _records(item, fileset, dataset)
    return dataset


def _entries(
    fileset: FileSet, rows: list[tuple[int, list[str]]], dataset: Dataset
) -> tuple[dict[str, Entry], set[str]]:
    entries: dict[str, Entry] = {}
    rejected: set[str] = set()
    name = fileset.main.name
    for line, cells in rows:
        ent_num, sdn_type = value(cells[0]), value(cells[2]).lower()
        problem = None
        if not ent_num.isdigit():
            problem = ("ent_num", cells[0], "ent_num must be a whole number")
        elif ent_num in entries:
            problem = ("ent_num", ent_num, "duplicate ent_num: the first row wins")
        elif not value(cells[1]):
            problem = ("SDN_Name", cells[1], "required, but empty")
        elif sdn_type not in KINDS:
            problem = (
                "SDN_Type",
                cells[2],
                "unknown kind (individual, vessel, aircraft or -0- for an entity)",
            )
        elif fileset.kind == "cons" and not value(cells[3]):
            problem = ("Program", cells[3], "required, but empty: the program decides the list")
        if problem:
            dataset.issues.add(name, line, *problem)
            if ent_num not in entries:
                rejected.add(ent_num)
            continue
        entries[ent_num] = Entry(
            ent_num=ent_num,
            line=line,
            name=value(cells[1]),
            kind=KINDS[sdn_type],
            programs=remarks.programs(value(cells[3])),
            flag=value(cells[9]),
            remarks=verbatim(cells[11]),
        )
    return entries, rejected


def _records(item: Entry, fileset: FileSet, dataset: Dataset) -> None:
    source, entity_id = dataset.source.name, f"ofac:{item.ent_num}"
    found = remarks.identifiers(item.remarks.strip(), vessel=item.kind == "vessel")
    for fact, reason in found.problems:
        dataset.issues.add(fileset.main.name, item.line, "Remarks", fact, reason)
    countries = [iso(country) for _, _, country in item.addresses] + [iso(item.flag)]
    entity: EntityRecord = {
        "id": entity_id,
        "name": item.name,
        "kind": item.kind,
        "country": next((c for c in countries if c), None),
        "names": item.aliases,
        "identifiers": [f"OFAC_UID:{item.ent_num}", *found.identifiers],
        "address": _address(item.addresses),
        "opacity": [],
        "source": source,
        "row": item.line,
    }
    dataset.entities.append(entity)
    lists = {"SDN": item.programs} if fileset.kind == "sdn" else remarks.consolidated_lists(item.programs)
    for code, tags in lists.items():
        listing: ListingRecord = {
            "entity_id": entity_id,
            "list": code,
            "programs": tags,
            "start_date": None,
            "end_date": None,
            "citation": None,
            "license_requirement": None,
            "license_policy": None,
            "source_entry_id": item.ent_num,
            "source": source,
            "row": item.line,
        }
        dataset.listings.append(listing)


def _address(addresses: list[tuple[str, str, str]]) -> str | None:
    """The first address with a street or a city, as ``street, city, country``."""
    for street, city, country in addresses:
        if street or city:
            return ", ".join(part for part in (street, city, country) if part)
    return None
