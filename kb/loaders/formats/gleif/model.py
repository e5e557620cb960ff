"""What GLEIF's JSON and XML readers extract, in one form for :mod:`kb.loaders.formats.gleif.records`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kb.loaders import fields as f


@dataclass(frozen=True)
class FileMeta:
    """What one file is: ``api`` (an API response) or a golden-copy part (``lei``, ``rr``, ``repex``)."""

    kind: str
    full: bool  # a complete golden-copy file: GLEIF_FULL_PUBLISHED and every record present
    date: dt.date | None  # golden-copy publish or content date


@dataclass
class Address:
    lines: list[str] = field(default_factory=list)
    number: str | None = None
    number_within_building: str | None = None
    city: str | None = None
    region: str | None = None
    postal_code: str | None = None
    country: str | None = None

    def text(self) -> str | None:
        """Street lines, then number, postal code and city, region and country, comma separated."""
        numbers = " ".join(p for p in (self.number, self.number_within_building) if p)
        town = " ".join(p for p in (self.postal_code, self.city) if p)
        parts = [*self.lines, numbers, town, self.region or "", (self.country or "").upper()]
        return ", ".join(p.strip() for p in parts if p and p.strip()) or None


@dataclass
class LeiFacts:
    lei: str | None
    legal_name: str | None
    other_names: list[str]
    address: Address
    category: str | None = None
    sub_category: str | None = None
    jurisdiction: str | None = None
    authority: str | None = None  # registration authority code, e.g. RA000585
    authority_entity_id: str | None = None  # the entity's number at that authority
    bics: list[str] = field(default_factory=list)


@dataclass
class Period:
    start: str | None
    end: str | None
    kind: str | None  # RELATIONSHIP_PERIOD, ACCOUNTING_PERIOD, DOCUMENT_FILING_PERIOD


@dataclass
class Relationship:
    child: str | None
    child_type: str | None
    parent: str | None
    parent_type: str | None
    kind: str | None  # IS_DIRECTLY_CONSOLIDATED_BY, IS_ULTIMATELY_CONSOLIDATED_BY, IS_FUND-MANAGED_BY...
    status: str | None  # ACTIVE | INACTIVE
    registration: str | None  # PUBLISHED, LAPSED, RETIRED, ANNULLED...
    periods: list[Period]


@dataclass
class ReportingException:
    lei: str | None
    category: str | None
    reasons: list[str]


def gleif_date(raw: str | None) -> dt.date | None:
    """A date from GLEIF's ISO 8601 date-times.

    GLEIF stores dates as local midnight converted to UTC ("2022-12-31T23:00:00Z" is 1 January in
    Central Europe), so a UTC time on a whole quarter hour in the afternoon counts as the next day.
    """
    value = (raw or "").strip()
    if not value:
        return None
    if len(value) == 10:
        return f.date(value)
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError("not an ISO 8601 date or date-time") from None
    utc = moment.utcoffset() == dt.timedelta(0)
    whole = moment.second == moment.microsecond == 0 and moment.minute % 15 == 0
    if utc and whole and moment.hour >= 12:
        return moment.date() + dt.timedelta(days=1)
    return moment.date()
