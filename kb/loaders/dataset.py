"""What every format parser produces and the one graph writer consumes.

A parser reads one source file (or folder) into a :class:`Dataset` of plain records; it writes
nothing. Ids in records are the dataset's own keys (``ofac:12345``, ``gleif:5493…``, a bundle's
``id``); the writer resolves them to graph entities through strong identifiers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypedDict, TypeVar

from kb.lists import ListInfo
from kb.loaders.issues import IssueLog

R = TypeVar("R", bound=Mapping[str, Any])


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
    list: str  # a code of kb.lists.LISTS, or of the dataset's own ``lists``
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


class TrustRoleRecord(TypedDict):
    party_id: str  # the settlor, trustee, protector or beneficiary
    trust_id: str  # the trust (an Entity: kb knows it is a trust by the roles that point at it)
    role: str  # settlor | trustee | protector | beneficiary
    powers: list[str]  # kept over the trust's assets or trustee; ["none"]: none; []: not known
    start_date: dt.date | None
    end_date: dt.date | None
    source: str
    row: int


@dataclass(frozen=True)
class SourceInfo:
    """A source as the graph's ``Source`` node records it: its name (what claims and load runs are
    keyed by) and who publishes it, where, under which licence.

    Every format declares one, ``SOURCE``. A format whose files are each a source of their own
    (FtM, BODS, PSC, a bundle) names them with :meth:`for_file` or :meth:`named`; its ``SOURCE``
    name is then their prefix.
    """

    name: str  # short key, e.g. "ofac-sdn", "csl", "ftm-<file>", or a bundle's folder name
    publisher: str | None = None
    url: str | None = None
    licence: str | None = None

    def named(self, name: str) -> SourceInfo:
        return replace(self, name=name)

    def for_file(self, path: Path, name: str | None = None) -> SourceInfo:
        """The source of one file: ``name`` when given, else ``<prefix>-<file name without
        extensions>`` (or the folder's name), stable across snapshots of the file."""
        stem = path.name.split(".", 1)[0] if path.is_file() else path.name
        return self.named(name or f"{self.name}-{stem}")


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
    trust_roles: list[TrustRoleRecord] = field(default_factory=list)
    # The lists the source defines itself (code -> what it says of each), beyond kb.lists.LISTS:
    # codes namespaced (kb.lists.NAMESPACES), never a built-in one (kb.lists.check_source_lists).
    lists: dict[str, ListInfo] = field(default_factory=dict)
    issues: IssueLog = field(default_factory=IssueLog)
    # A full snapshot: what an earlier snapshot of this source held and this one lacks gets closed.
    snapshot: bool = True
    snapshot_date: dt.date | None = None
    line_delta: LineDelta | None = None
    # Which file each kind of record came from, for issue messages ("entities" -> "entities.csv").
    files: dict[str, str] = field(default_factory=dict)

    def file_of(self, kind: str) -> str:
        return self.files.get(kind, kind)


class Unique:
    """Keeps one record per key (what the graph writer tells facts apart by); a clash is an issue."""

    def __init__(self, issues: IssueLog) -> None:
        self.issues = issues
        self.index: dict[Hashable, int] = {}

    def add(
        self,
        records: list[R],
        record: R,
        key: Hashable,
        where: tuple[str, int, str, Any],
        prefer: Callable[[R, R], bool] | None = None,
    ) -> None:
        """Append ``record`` unless a record with ``key`` is there: then ``prefer(new, old)`` decides."""
        file, row, field, value = where
        at = self.index.get(key)
        if at is None:
            self.index[key] = len(records)
            records.append(record)
            return
        other = records[at]["row"]
        if prefer is not None and prefer(record, records[at]):
            records[at] = record
            reason = f"same parties, basis and start date as row {other}, which this one replaces"
        else:
            reason = f"same parties, basis and start date as row {other}: left out"
        self.issues.add(file, row, field, value, reason)


def later_end(new: Any, old: Any) -> bool:
    """True when ``new`` is still open (no end date) and ``old`` is not, or ends later."""
    new_end, old_end = new["end_date"], old["end_date"]
    if old_end is None:
        return False
    return new_end is None or new_end > old_end
