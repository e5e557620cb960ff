"""Beneficial Ownership Data Standard (BODS) 0.2, 0.3 and 0.4 as a kb dataset.

A file is a JSON array of statements (a package), one statement, or JSON lines; a folder is all
its ``.json``/``.jsonl`` files read as one dataset, so statements may refer across files. Entity
and person statements become entity records ``bods:<statementID>`` (0.2/0.3) or
``bods:<recordId>`` (0.4), the very ids that relationships point at. Interests become stakes,
controls, officers and trust roles (see :mod:`kb.loaders.formats.bods.interests`). See docs/loaders/bods.md.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from kb.errors import LoadError
from kb.loaders.dataset import Dataset, EntityRecord, SourceInfo, Unique
from kb.loaders.fields import full_date, kebab, text_of
from kb.loaders.formats.bods.interests import Trusts, facts
from kb.loaders.formats.bods.parties import Statement, entity_record, marker, party_type
from kb.loaders.read import JsonObject, json_records, obj, source_files

SOURCE = SourceInfo("bods")  # per file or folder: bods-<name>, published as its statements say
STATEMENT_TYPES = {
    "entityStatement": "entity", "personStatement": "person", "ownershipOrControlStatement": "relationship",
}  # fmt: skip
RECORD_TYPES = ("entity", "person", "relationship")


def _statement(ds: Dataset, path: Path, row: int, obj: JsonObject) -> Statement | None:
    if "recordType" in obj:  # 0.4
        ident, kind, details = obj.get("recordId"), obj["recordType"], obj.get("recordDetails")
        kind = kind if kind in RECORD_TYPES else None
        what = "recordType"
    elif "statementType" in obj:  # 0.2 / 0.3
        ident, kind, details = obj.get("statementID"), STATEMENT_TYPES.get(obj["statementType"]), obj
        what = "statementType"
    else:
        raise LoadError(f"{path}: item {row} is not a BODS statement (no statementType or recordType)")
    if not isinstance(ident, str) or not ident.strip() or not isinstance(details, dict):
        key = "recordId and recordDetails" if what == "recordType" else "statementID"
        raise LoadError(f"{path}: item {row} has no valid {key}")
    if kind is None:
        ds.issues.add(path.name, row, what, obj[what], "unknown statement type: left out")
        return None
    try:
        date = full_date(obj.get("statementDate"))
    except ValueError as exc:
        ds.issues.add(path.name, row, "statementDate", obj.get("statementDate"), f"{exc}: left empty")
        date = None
    closed = obj.get("recordStatus") == "closed"
    return Statement(path.name, row, ident.strip(), kind, details, obj, date, closed)


def _current(ds: Dataset, statements: list[Statement]) -> tuple[list[Statement], dict[str, str]]:
    """Statements in force: replaced 0.2/0.3 statements and older 0.4 record versions are dropped."""
    replaced: dict[str, str] = {}
    for st in statements:
        for old in st.statement.get("replacesStatements") or []:
            if isinstance(old, str):
                replaced[old] = st.id
    latest: dict[str, Statement] = {}
    for st in statements:
        if st.id in replaced:
            continue
        before = latest.get(st.id)
        if before is None:
            latest[st.id] = st
        elif "recordId" in st.statement:  # a later version of a 0.4 record replaces the earlier one
            if before.date is None or st.date is None or st.date >= before.date:
                latest[st.id] = st
        else:
            ds.issues.add(st.file, st.row, "statementID", st.id, "duplicate statementID: the first wins")
    return list(latest.values()), replaced


def _resolve(ref: str, replaced: dict[str, str]) -> str:
    seen = {ref}
    while ref in replaced and replaced[ref] not in seen:
        ref = replaced[ref]
        seen.add(ref)
    return ref


def _interested(st: Statement) -> tuple[str | None, str | None]:
    """(statement/record id, inline unspecified marker) of a relationship's interested party."""
    party: Any = st.details.get("interestedParty")
    if isinstance(party, str):
        return party, None
    if not isinstance(party, dict):
        return None, None
    for key in ("describedByEntityStatement", "describedByPersonStatement"):
        if text_of(party.get(key)):
            return str(party[key]).strip(), None
    unspecified = party.get("unspecified", party)  # 0.2/0.3 nest it; 0.4 gives reason inline
    reason = unspecified.get("reason") if isinstance(unspecified, dict) else None
    return None, f"BODS:{kebab(reason)}" if isinstance(reason, str) and reason else "BODS:unspecified"


def _subject(st: Statement) -> str | None:
    subject: Any = st.details.get("subject")
    if isinstance(subject, dict):
        subject = subject.get("describedByEntityStatement")
    return subject.strip() if isinstance(subject, str) and subject.strip() else None


def _published(source: SourceInfo, statements: list[Statement]) -> SourceInfo:
    """``source`` with the publisher, URL and licence the statements' publication details give."""
    details = obj(next((s.statement.get("publicationDetails") for s in statements), None))
    publisher = obj(details.get("publisher"))
    return replace(
        source,
        publisher=text_of(publisher.get("name")),
        url=text_of(publisher.get("url")),
        licence=text_of(details.get("license")),
    )


class _Parties:
    """The parties read so far: records by statement/record id, and undisclosed parties' markers."""

    def __init__(self, ds: Dataset, statements: list[Statement]) -> None:
        self.ds = ds
        self.records: dict[str, EntityRecord] = {}
        self.unspecified: dict[str, str] = {}
        self.trusts = Trusts()
        for st in statements:
            if st.kind == "relationship":
                continue
            self.trusts.types[f"bods:{st.id}"] = party_type(st.details, st.kind)
            if opacity := marker(st.details, st.kind):
                self.unspecified[st.id] = opacity
            elif record := entity_record(st, ds.source.name, ds.issues):
                self.records[st.id] = record
                ds.entities.append(record)

    def mark(self, st: Statement, subject: str, opacity: str) -> None:
        """An undisclosed interested party: an opacity marker on the subject."""
        record = self.records.get(subject)
        if record is None:
            reason = f"an undisclosed interested party ({opacity}) for a subject not in these files"
            self.ds.issues.add(st.file, st.row, "subject", subject, reason)
        elif opacity not in record["opacity"]:
            record["opacity"].append(opacity)


def parse(path: Path, source: str | None = None) -> Dataset:
    """Read a BODS file or folder of files into a :class:`Dataset`."""
    ds = Dataset(source=SOURCE.for_file(path, source))
    statements: list[Statement] = []
    for file in source_files(path, (".json", ".jsonl")):
        statements += [st for row, item in json_records(file) if (st := _statement(ds, file, row, item))]
    ds.source = _published(ds.source, statements)
    current, replaced = _current(ds, statements)
    parties = _Parties(ds, current)
    unique = Unique(ds.issues)
    for st in (s for s in current if s.kind == "relationship"):
        subject, (party, inline) = _subject(st), _interested(st)
        if subject is None:
            ds.issues.add(st.file, st.row, "subject", None, "required, but empty: left out")
            continue
        subject = _resolve(subject, replaced)
        if party is None:
            parties.mark(st, subject, inline or "BODS:unspecified")
            continue
        party = _resolve(party, replaced)
        if party in parties.unspecified:
            parties.mark(st, subject, parties.unspecified[party])
            continue
        facts(ds, unique, st, f"bods:{party}", f"bods:{subject}", parties.trusts)
    parties.trusts.finish(ds)
    return ds
