"""The UK Sanctions List (FCDO), XML: format ``uk-sanctions``.

Since the OFSI Consolidated List was retired on 28 January 2026 the UK Sanctions List is the one
official list of UK designations. Each ``Designation`` becomes an entity ``uk-sanctions:<Unique ID>``
(the UK's id of the designation, stable across snapshots) and one listing on ``UK`` under its regime,
dated from the designation; the file is a full snapshot as of its ``DateGenerated``. See
docs/loaders/uk_sanctions.md for the mapping and :mod:`.ids` for the identifiers.
"""

from __future__ import annotations

from pathlib import Path

from kb.loaders.dataset import Dataset, SourceInfo
from kb.loaders.formats.uk_sanctions import designation
from kb.loaders.formats.uk_sanctions.document import Document
from kb.loaders.read import read_text

SOURCE = SourceInfo(
    name="uk-sanctions",
    publisher="UK Foreign, Commonwealth & Development Office (FCDO)",
    url="https://www.gov.uk/government/publications/the-uk-sanctions-list",
    licence="Open Government Licence v3.0 (Crown copyright)",
)


def parse(path: Path) -> Dataset:
    """Read one UK Sanctions List XML file; bad designations are left out and recorded in ``issues``."""
    content = read_text(path, "the UK Sanctions List XML (<Designations>)")
    file = path.name
    dataset = Dataset(source=SOURCE, files={"entities": file, "listings": file})
    document = Document(path)
    seen: dict[str, int] = {}
    for line, elem in document.designations(content):
        designation.check_structure(elem, path, line)
        try:
            parsed = designation.read(elem, line, SOURCE.name)
        except designation.Problem as problem:
            dataset.issues.add(file, line, problem.field, problem.value, problem.reason)
            continue
        uid = parsed.listing["source_entry_id"] or ""
        if uid in seen:
            dataset.issues.add(file, line, "UniqueID", uid, f"duplicate of line {seen[uid]}: the first wins")
            continue
        seen[uid] = line
        for field, value, reason in parsed.problems:
            dataset.issues.add(file, line, field, value, reason)
        dataset.entities.append(parsed.entity)
        dataset.listings.append(parsed.listing)
    dataset.snapshot_date = document.generated
    return dataset
