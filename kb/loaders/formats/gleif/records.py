"""GLEIF facts, whichever file shape they came from, turned into kb records.

The JSON and XML readers fill the dataclasses of ``model`` and hand them to a :class:`Collector`,
which validates LEIs, keeps only direct accounting-consolidation parents as control, turns
reporting exceptions into opacity signals and adds a minimal entity for every LEI that is
referenced but has no record of its own.
"""

from __future__ import annotations

import datetime as dt
import re

from kb.loaders import fields as f
from kb.loaders.dataset import ControlRecord, EntityRecord, SourceInfo
from kb.loaders.formats.gleif.model import LeiFacts, Period, Relationship, ReportingException, gleif_date
from kb.loaders.issues import IssueLog

SOURCE = SourceInfo(
    "gleif",
    publisher="Global Legal Entity Identifier Foundation (GLEIF)",
    url="https://www.gleif.org/en/lei-data/gleif-golden-copy",
    licence="CC0 1.0",
)
DIRECT = "IS_DIRECTLY_CONSOLIDATED_BY"
ORGANIZATION_CATEGORIES = {"RESIDENT_GOVERNMENT_ENTITY", "INTERNATIONAL_ORGANIZATION"}
EXCEPTION_SCOPES = {
    "DIRECT_ACCOUNTING_CONSOLIDATION_PARENT": "DIRECT",
    "ULTIMATE_ACCOUNTING_CONSOLIDATION_PARENT": "ULTIMATE",
}
WITHDRAWN = {"ANNULLED", "DUPLICATE"}  # registration statuses of records published in error
COMPANIES_HOUSE = "RA000585"  # GLEIF registration-authority code of UK Companies House
_BIC = re.compile(r"^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$")
_REASON = re.compile(r"^[A-Z][A-Z0-9_]*$")


class RecordProblem(Exception):
    def __init__(self, column: str, value: object, reason: str) -> None:
        super().__init__(reason)
        self.column, self.value, self.reason = column, value, reason


def _clean(value: str | None) -> str:
    return (value or "").strip()


class Collector:
    """Accumulates records from every file of one parse; ``file`` is the name issues carry."""

    def __init__(self) -> None:
        self.issues = IssueLog()
        self.full: dict[str, EntityRecord] = {}
        self.stubs: dict[str, EntityRecord] = {}
        self.opacity: dict[str, list[str]] = {}
        self.controls: list[ControlRecord] = []
        self.files: dict[str, set[str]] = {"entities": set(), "controls": set()}
        self._control_keys: set[tuple[str, str, dt.date | None]] = set()
        self._per_file: set[tuple[str, str]] = set()

    def entities(self) -> list[EntityRecord]:
        records = [*self.full.values(), *(s for k, s in self.stubs.items() if k not in self.full)]
        for record in records:
            record["opacity"] = list(dict.fromkeys(self.opacity.get(record["id"], [])))
        return records

    def _lei(self, file: str, row: int, column: str, raw: str | None) -> tuple[str, str | None]:
        """(normalised LEI, validated ``LEI:`` identifier or None after recording an issue)."""
        key = _clean(raw).upper()
        if not key:
            raise RecordProblem(column, raw or "", "required, but empty")
        try:
            return key, f.identifier(f"LEI:{key}")
        except ValueError as exc:
            self.issues.add(file, row, column, key, f"{exc}: identifier dropped")
            return key, None

    def _reference(self, file: str, row: int, key: str, identifier: str | None) -> None:
        if f"{SOURCE.name}:{key}" not in self.stubs:
            self.stubs[f"{SOURCE.name}:{key}"] = EntityRecord(
                id=f"{SOURCE.name}:{key}", name=key, kind="company", country=None, names=[],
                identifiers=[identifier] if identifier else [], address=None, opacity=[],
                source=SOURCE.name, row=row,
            )  # fmt: skip
            self.files["entities"].add(file)

    def add_lei(self, file: str, row: int, facts: LeiFacts) -> None:
        try:
            key, identifier = self._lei(file, row, "LEI", facts.lei)
            name = _clean(facts.legal_name)
            if not name:
                raise RecordProblem("LegalName", facts.legal_name or "", "required, but empty")
        except RecordProblem as problem:
            self.issues.add(file, row, problem.column, problem.value, problem.reason)
            return
        record_id = f"{SOURCE.name}:{key}"
        if (file, key) in self._per_file:
            self.issues.add(file, row, "LEI", key, "duplicate LEI in the file: the first record wins")
            return
        self._per_file.add((file, key))
        if record_id in self.full:  # the same LEI in another response: the first file read wins
            return
        try:
            country = f.country(facts.address.country or "")
        except ValueError as exc:
            self.issues.add(file, row, "LegalAddress.Country", facts.address.country, str(exc))
            country = None
        extra = [i for i in (*self._bics(file, row, facts.bics), _registry(facts)) if i]
        category = " ".join((_clean(facts.category), _clean(facts.sub_category))).upper()
        government = "GOVERNMENT" in category or bool(ORGANIZATION_CATEGORIES & set(category.split()))
        self.full[record_id] = EntityRecord(
            id=record_id, name=name, kind="organization" if government else "company", country=country,
            names=list(dict.fromkeys(n for n in map(_clean, facts.other_names) if n and n != name)),
            identifiers=[i for i in (identifier, *extra) if i], address=facts.address.text(),
            opacity=[], source=SOURCE.name, row=row,
        )  # fmt: skip
        self.files["entities"].add(file)

    def _bics(self, file: str, row: int, bics: list[str]) -> list[str]:
        kept = []
        for raw in bics:
            bic = _clean(raw).upper()
            if _BIC.match(bic):
                kept.append(f"SWIFT_BIC:{bic}")
            elif bic:
                self.issues.add(file, row, "BIC", raw, "not a BIC (8 or 11 letters and digits): dropped")
        return kept

    def add_relationship(self, file: str, row: int, rel: Relationship) -> None:
        """Direct accounting-consolidation parents only; ultimate parents are not direct facts."""
        kind = _clean(rel.kind).upper()
        if not kind:
            self.issues.add(file, row, "RelationshipType", rel.kind or "", "required, but empty")
        if kind != DIRECT:
            return
        try:
            record = self._control(file, row, rel)
        except RecordProblem as problem:
            self.issues.add(file, row, problem.column, problem.value, problem.reason)
            return
        key = (record["controller_id"], record["controlled_id"], record["start_date"])
        if key not in self._control_keys:
            self._control_keys.add(key)
            self.controls.append(record)
            self.files["controls"].add(file)

    def _control(self, file: str, row: int, rel: Relationship) -> ControlRecord:
        for column, kind in (
            ("StartNode.NodeIDType", rel.child_type),
            ("EndNode.NodeIDType", rel.parent_type),
        ):
            if _clean(kind).upper() not in ("", "LEI"):
                raise RecordProblem(column, kind, "only LEI nodes are supported")
        registration = _clean(rel.registration).upper()
        if registration in WITHDRAWN:
            raise RecordProblem("RegistrationStatus", registration, "relationship withdrawn: left out")
        child, child_identifier = self._lei(file, row, "StartNode.NodeID", rel.child)
        parent, parent_identifier = self._lei(file, row, "EndNode.NodeID", rel.parent)
        if child == parent:
            raise RecordProblem("EndNode.NodeID", parent, "an entity cannot be its own parent")
        start, end = self._validity(rel.periods)
        status = _clean(rel.status).upper() or "ACTIVE"
        if (status == "INACTIVE" or registration == "RETIRED") and end is None:
            reason = "inactive relationship without an end date: left out"
            raise RecordProblem(
                "RelationshipStatus", status if status == "INACTIVE" else registration, reason
            )
        self._reference(file, row, child, child_identifier)
        self._reference(file, row, parent, parent_identifier)
        return ControlRecord(
            controller_id=f"{SOURCE.name}:{parent}", controlled_id=f"{SOURCE.name}:{child}",
            basis="consolidation", start_date=start, end_date=end, source=SOURCE.name, row=row,
        )  # fmt: skip

    @staticmethod
    def _validity(periods: list[Period]) -> tuple[dt.date | None, dt.date | None]:
        """Earliest start and latest end of the RELATIONSHIP_PERIODs (no end if one is open)."""
        starts: list[dt.date] = []
        ends: list[dt.date] = []
        open_ended = False
        for period in periods:
            if _clean(period.kind).upper() != "RELATIONSHIP_PERIOD":
                continue
            for column, raw, bucket in (("StartDate", period.start, starts), ("EndDate", period.end, ends)):
                try:
                    value = gleif_date(raw)
                except ValueError as exc:
                    raise RecordProblem(f"RelationshipPeriod.{column}", raw, str(exc)) from None
                if value is not None:
                    bucket.append(value)
            open_ended = open_ended or not _clean(period.end)
        start = min(starts, default=None)
        end = None if open_ended else max(ends, default=None)
        if start and end and end <= start:
            raise RecordProblem("RelationshipPeriod.EndDate", end.isoformat(), "end must come after start")
        return start, end

    def add_exception(self, file: str, row: int, exc: ReportingException) -> None:
        try:
            key, identifier = self._lei(file, row, "LEI", exc.lei)
            category = _clean(exc.category).upper()
            if category not in EXCEPTION_SCOPES:
                known = ", ".join(EXCEPTION_SCOPES)
                raise RecordProblem(
                    "ExceptionCategory", exc.category or "", f"unknown category (known: {known})"
                )
            reasons = [_clean(r).upper() for r in exc.reasons if _clean(r)]
            if not reasons:
                raise RecordProblem("ExceptionReason", "", "required, but empty")
            if bad := next((r for r in reasons if not _REASON.match(r)), None):
                raise RecordProblem("ExceptionReason", bad, "not a GLEIF exception reason code")
        except RecordProblem as problem:
            self.issues.add(file, row, problem.column, problem.value, problem.reason)
            return
        tags = self.opacity.setdefault(f"{SOURCE.name}:{key}", [])
        tags.extend(f"GLEIF:{EXCEPTION_SCOPES[category]}:{reason}" for reason in reasons)
        self._reference(file, row, key, identifier)


def _registry(facts: LeiFacts) -> str | None:
    """The registry number as ``GB_COH``, a valid ``USCC`` for China, else weak ``REG_<CC>``."""
    value = _clean(facts.authority_entity_id).upper()
    if not value:
        return None
    if _clean(facts.authority).upper() == COMPANIES_HOUSE:
        return f"GB_COH:{value}"
    country = (_clean(facts.jurisdiction) or _clean(facts.address.country))[:2].upper()
    if not re.fullmatch(r"[A-Z]{2}", country):
        return None
    if country == "CN":
        try:
            return f.identifier(f"USCC:{value}")
        except ValueError:
            pass
    return f"REG_{country}:{value}"
