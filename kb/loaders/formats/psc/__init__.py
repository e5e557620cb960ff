"""UK Companies House "persons with significant control" (PSC) snapshot as a kb dataset.

The snapshot is JSON lines, one ``{"company_number": ..., "data": {...}}`` object per line; a file
holding one pretty-printed object is read too, and a folder is all its ``.json``/``.jsonl``/``.txt``
files as one snapshot. Each company becomes ``psc:company:<number>`` (identifier GB_COH), each
PSC ``psc:<number>:<psc id>`` with its natures of control as stakes and controls
(:mod:`kb.loaders.formats.psc.natures`). Statements, exemptions and super-secure PSCs are opacity markers
on the company. See docs/loaders/psc.md.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from typing import Any

from kb.errors import LoadError
from kb.loaders import fields as f
from kb.loaders.dataset import (
    ControlRecord,
    Dataset,
    EntityRecord,
    SourceInfo,
    StakeRecord,
    Unique,
    later_end,
)
from kb.loaders.fields import gb_coh, text_of
from kb.loaders.formats.psc.natures import nature
from kb.loaders.read import JsonObject, json_records, obj, source_files

SOURCE = SourceInfo(  # per file or folder: psc-<name>
    "psc", "Companies House", "https://download.companieshouse.gov.uk/en_pscdata.html",
    "Open Government Licence v3.0",
)  # fmt: skip
ENUMERATIONS = "psc_descriptions_enumerations.json"  # the code list, not snapshot lines
PSC_KINDS = {
    "individual-person-with-significant-control": "person",
    "individual-beneficial-owner": "person",
    "corporate-entity-person-with-significant-control": "company",
    "corporate-entity-beneficial-owner": "company",
    "legal-person-person-with-significant-control": "organization",
    "legal-person-beneficial-owner": "organization",
}
SUPER_SECURE = ("super-secure-person-with-significant-control", "super-secure-beneficial-owner")
STATEMENT, EXEMPTIONS, TOTALS = "persons-with-significant-control-statement", "exemptions", "totals#"
UK_NAMES = {
    "united kingdom", "uk", "great britain", "england", "wales", "scotland", "northern ireland",
    "england and wales", "england & wales", "british",
}  # fmt: skip
_SNAPSHOT_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")


class Problem(Exception):
    def __init__(self, field: str, value: Any, reason: str) -> None:
        super().__init__(reason)
        self.field, self.value, self.reason = field, value, reason


def _uk(*values: Any) -> bool:
    return any(isinstance(v, str) and v.strip().lower() in UK_NAMES for v in values)


def _address(raw: Any) -> str | None:
    if not isinstance(raw, dict):
        return None
    keys = ("care_of", "po_box", "premises", "address_line_1", "address_line_2", "locality", "region",
            "postal_code", "country")  # fmt: skip
    parts = [text_of(raw.get(k)) for k in keys]
    return ", ".join(p for p in parts if p) or None


def _name(data: JsonObject) -> str:
    if name := text_of(data.get("name")):
        return name
    elements = obj(data.get("name_elements"))
    parts = [text_of(elements.get(k)) for k in ("forename", "middle_name", "surname")]
    if name := " ".join(p for p in parts if p):
        return name
    raise Problem("name", None, "required, but empty")


def _date(data: JsonObject, key: str) -> Any:
    raw = data.get(key)
    try:
        return f.date(raw) if isinstance(raw, str) else None
    except ValueError as exc:
        raise Problem(key, raw, str(exc)) from None


class _Reader:
    def __init__(self, source: SourceInfo) -> None:
        self.ds = Dataset(source=source)
        self.companies: dict[str, EntityRecord] = {}
        self.pscs: set[str] = set()
        self.unique = Unique(self.ds.issues)
        self.file = ""

    def company(self, number: str, row: int) -> EntityRecord:
        key = gb_coh(number)
        if (record := self.companies.get(key)) is None:
            value = key.partition(":")[2]
            record = {
                "id": f"psc:company:{value}", "name": f"UK company {value}", "kind": "company",
                "country": "GB", "names": [], "identifiers": [key], "address": None, "opacity": [],
                "source": self.ds.source.name, "row": row,
            }  # fmt: skip
            self.companies[key] = record
            self.ds.entities.append(record)
        return record

    def opacity(self, company: EntityRecord, marker: str) -> None:
        if marker not in company["opacity"]:
            company["opacity"].append(marker)

    def line(self, row: int, data: JsonObject, number: Any) -> None:
        kind = data.get("kind")
        if isinstance(kind, str) and kind.startswith(TOTALS):
            return
        known = (*PSC_KINDS, *SUPER_SECURE, STATEMENT, EXEMPTIONS)
        if kind not in known:
            raise Problem("kind", kind, "unknown kind: left out")
        if not isinstance(number, str) or not number.strip():
            raise Problem("company_number", number, "required, but empty")
        try:
            company = self.company(number, row)
        except ValueError as exc:
            raise Problem("company_number", number, str(exc)) from None
        if kind == STATEMENT:
            statement = text_of(data.get("statement"))
            if statement is None:
                raise Problem("statement", None, "required, but empty")
            if _date(data, "ceased_on") is None:  # a withdrawn statement no longer says anything
                self.opacity(company, f"PSC:{statement}")
        elif kind in SUPER_SECURE:
            if _date(data, "ceased_on") is None:
                self.opacity(company, f"PSC:{kind}")
        elif kind == EXEMPTIONS:
            for exemption in obj(data.get("exemptions")).values():
                if isinstance(exemption, dict) and (code := text_of(exemption.get("exemption_type"))):
                    self.opacity(company, f"PSC:{code}")
        else:
            self.psc(row, data, company, str(kind))

    def psc(self, row: int, data: JsonObject, company: EntityRecord, kind: str) -> None:
        links = obj(data.get("links"))
        psc_id = (text_of(links.get("self")) or "").rstrip("/").rpartition("/")[2]
        if not psc_id:
            raise Problem("links.self", links.get("self"), "required, but empty")
        entity_id = f"psc:{company['identifiers'][0].partition(':')[2]}:{psc_id}"
        if entity_id in self.pscs:
            raise Problem("links.self", links.get("self"), "duplicate PSC: the first line wins")
        dates = (_date(data, "notified_on"), _date(data, "ceased_on"))
        ident = obj(data.get("identification"))
        identifiers, number = [], text_of(ident.get("registration_number"))
        uk_registered = _uk(ident.get("country_registered"), ident.get("place_registered"))
        if number and PSC_KINDS[kind] == "company" and uk_registered:
            try:
                identifiers.append(gb_coh(number))
            except ValueError as exc:
                field = "identification.registration_number"
                self.ds.issues.add(self.file, row, field, number, f"{exc}: identifier left out")
        uk = _uk(data.get("country_of_residence"), data.get("nationality"), ident.get("country_registered"))
        record: EntityRecord = {
            "id": entity_id, "name": _name(data), "kind": PSC_KINDS[kind], "country": "GB" if uk else None,
            "names": [], "identifiers": identifiers, "address": _address(data.get("address")), "opacity": [],
            "source": self.ds.source.name, "row": row,
        }  # fmt: skip
        self.pscs.add(entity_id)
        self.ds.entities.append(record)
        self.natures(row, data, entity_id, company["id"], dates)

    def natures(self, row: int, data: JsonObject, owner: str, owned: str, dates: tuple[Any, Any]) -> None:
        start, end = dates
        for code in data.get("natures_of_control") or []:
            found = nature(code) if isinstance(code, str) else None
            where = (self.file, row, "natures_of_control", code)
            if found is None:
                self.ds.issues.add(*where, "unknown nature of control: left out")
            elif found.fact == "stake":
                stake: StakeRecord = {
                    "owner_id": owner, "owned_id": owned, "pct": None, "pct_min": found.pct_min,
                    "pct_max": found.pct_max, "basis": found.basis, "derived": found.derived,
                    "start_date": start, "end_date": end, "source": self.ds.source.name, "row": row,
                }  # fmt: skip
                key = ("stake", owner, owned, found.basis, found.derived, start)
                self.unique.add(self.ds.stakes, stake, key, where, later_end)
            else:
                control: ControlRecord = {
                    "controller_id": owner, "controlled_id": owned, "basis": found.basis,
                    "start_date": start, "end_date": end, "source": self.ds.source.name, "row": row,
                }  # fmt: skip
                self.unique.add(
                    self.ds.controls, control, ("control", owner, owned, found.basis, start), where, later_end
                )


def parse(path: Path, source: str | None = None) -> Dataset:
    """Read a PSC snapshot file, or a folder of its parts, into a :class:`Dataset`."""
    reader = _Reader(SOURCE.for_file(path, source))
    for file in source_files(path, (".json", ".jsonl", ".txt"), skip=(ENUMERATIONS,)):
        reader.file = file.name
        if reader.ds.snapshot_date is None and (found := _SNAPSHOT_DATE.search(file.name)):
            with contextlib.suppress(ValueError):  # parts are named psc-snapshot-YYYY-MM-DD_NofM.txt
                reader.ds.snapshot_date = f.date(found.group(1))
        for row, item in json_records(file):
            data = item.get("data")
            if not isinstance(data, dict):
                raise LoadError(
                    f"{file}:{row}: a PSC snapshot line is {{'company_number': ..., 'data': {{...}}}}"
                )
            try:
                reader.line(row, data, item.get("company_number"))
            except Problem as problem:
                reader.ds.issues.add(file.name, row, problem.field, problem.value, problem.reason)
    return reader.ds
