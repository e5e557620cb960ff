"""What every format parser produces and the one graph writer consumes.

A parser reads one source file (or folder) into a :class:`Dataset` of plain records; it writes
nothing. Ids in records are the dataset's own keys (``ofac:12345``, ``gleif:5493…``, a bundle's
``id``); the writer resolves them to graph entities through strong identifiers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TypedDict

from kb.loaders.issues import IssueLog


class EntityRecord(TypedDict):
    id: str
    name: str
    kind: str  # company | person | organization | vessel
    country: str | None  # ISO 3166-1 alpha-2
    names: list[str]  # other names, any script
    identifiers: list[str]  # "SCHEME:VALUE", LEI and USCC already validated
    address: str | None
    opacity: list[str]  # e.g. GLEIF reporting exceptions: "GLEIF:DIRECT:NATURAL_PERSONS"
    source: str
    row: int


class StakeRecord(TypedDict):
    owner_id: str
    owned_id: str
    pct: float | None
    pct_min: float | None
    pct_max: float | None
    basis: str  # equity | voting
    derived: bool  # a vendor's look-through figure, never a direct stake
    start_date: dt.date | None
    end_date: dt.date | None
    source: str
    row: int


class ControlRecord(TypedDict):
    controller_id: str
    controlled_id: str
    # board_appointment | voting_agreement | vie_contract | dominant_influence | consolidation | other
    basis: str
    start_date: dt.date | None
    end_date: dt.date | None
    source: str
    row: int


class ListingRecord(TypedDict):
    entity_id: str
    list: str  # a code of kb.lists.LISTS
    programs: list[str]
    start_date: dt.date | None
    end_date: dt.date | None
    citation: str | None
    license_requirement: str | None
    license_policy: str | None
    source_entry_id: str | None
    source: str
    row: int


class JvRecord(TypedDict):
    jv_id: str
    partner_id: str
    pct: float | None
    pct_min: float | None
    pct_max: float | None
    start_date: dt.date | None
    end_date: dt.date | None
    purpose: str | None
    source: str
    row: int


class OfficerRecord(TypedDict):
    person_id: str
    entity_id: str
    role: str
    start_date: dt.date | None
    end_date: dt.date | None
    source: str
    row: int


@dataclass(frozen=True)
class SourceInfo:
    name: str  # short key, e.g. "ofac-sdn", "csl", or a bundle's folder name
    publisher: str | None = None
    url: str | None = None
    licence: str | None = None


@dataclass
class LineDelta:
    """A full snapshot given as its changed lines (see :mod:`kb.loaders.formats.bundle.line_delta`): the
    dataset's records are its added lines; these are what its removed lines held."""

    entities: set[str] = field(default_factory=set)  # record ids of removed lines
    claims: dict[str, set[str]] = field(default_factory=dict)  # FactKind name -> claims of removed lines
    unchanged: dict[str, int] = field(default_factory=dict)  # FactKind name or "entities" -> lines


class DeltaUnsafe(Exception):
    """A line-level delta would not end exactly where a full diff does: do the full diff."""


@dataclass
class Dataset:
    source: SourceInfo
    entities: list[EntityRecord] = field(default_factory=list)
    stakes: list[StakeRecord] = field(default_factory=list)
    controls: list[ControlRecord] = field(default_factory=list)
    listings: list[ListingRecord] = field(default_factory=list)
    jvs: list[JvRecord] = field(default_factory=list)
    officers: list[OfficerRecord] = field(default_factory=list)
    issues: IssueLog = field(default_factory=IssueLog)
    # A full snapshot: what an earlier snapshot of this source held and this one lacks gets closed.
    snapshot: bool = True
    snapshot_date: dt.date | None = None
    line_delta: LineDelta | None = None
    # Which file each kind of record came from, for issue messages ("entities" -> "entities.csv").
    files: dict[str, str] = field(default_factory=dict)

    def file_of(self, kind: str) -> str:
        return self.files.get(kind, kind)
