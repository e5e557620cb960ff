"""The input of matching: one party as one source states it, independent of Neo4j."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from kb.resolution.identifiers import clean_identifier

KINDS = ("company", "person", "organization", "vessel")


@dataclass(frozen=True)
class PartyRecord:
    """One party in one source record.

    ``identifiers`` maps a kb scheme (``LEI``, ``USCC``, ``RU_INN``, ``RU_OGRN``, ``OFAC_UID``,
    ``IMO``, ``ISIN``, ``REG_<CC>``…, as in docs/schema.md) to the values the record states, already
    cleaned by :func:`kb.resolution.identifiers.clean_identifier`; :meth:`build` does that.
    ``date`` is a birth date for a person, an incorporation date otherwise. ``address`` may hold
    several addresses, one per line or separated by ``;`` (as the Consolidated Screening List
    writes them). ``programs`` holds the sanctions programmes the source lists the party under
    (OFAC's codes such as ``SDNTK`` or ``RUSSIA-EO14024``, ``1260H``, ``CMIC``): optional, empty when
    unknown; programmes of different families count against a pair
    (:func:`kb.resolution.lookalikes.program_conflict`). The graph's Entity→record adapter should
    fill it from the Entity's listings.
    """

    name: str
    kind: str = "company"
    aliases: tuple[str, ...] = ()
    country: str | None = None
    identifiers: Mapping[str, frozenset[str]] = field(default_factory=dict)
    address: str | None = None
    date: dt.date | None = None
    source: str = ""
    key: str = ""
    programs: frozenset[str] = frozenset()

    @cached_property  # read for every pair a record is scored in: worked out once
    def names(self) -> tuple[str, ...]:
        """The name first, then the aliases, each once."""
        return tuple(dict.fromkeys(n for n in (self.name, *self.aliases) if n.strip()))

    @cached_property
    def memo(self) -> dict[str, Any]:
        """What a matcher works out from this record once and reads for every pair it is scored
        in (its names as keys, per kind): not a field, so equality and hashing ignore it."""
        return {}

    @cached_property
    def addresses(self) -> tuple[str, ...]:
        """Each address the record gives, once."""
        parts = re.split(r"[;\n]", self.address or "")
        return tuple(dict.fromkeys(p.strip() for p in parts if p.strip()))

    @classmethod
    def build(
        cls,
        name: str,
        *,
        kind: str = "company",
        aliases: Iterable[str] = (),
        country: str | None = None,
        identifiers: Iterable[str] = (),
        address: str | None = None,
        date: dt.date | None = None,
        source: str = "",
        key: str = "",
        programs: Iterable[str] = (),
    ) -> PartyRecord:
        """A record from kb's own shapes: identifiers as ``SCHEME:VALUE`` strings. A value that fails
        its scheme's check is dropped: it can neither join nor separate two records."""
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
        found: dict[str, set[str]] = {}
        for text in identifiers:
            scheme, _, value = text.partition(":")
            cleaned = clean_identifier(scheme, value)
            if cleaned is not None:
                found.setdefault(scheme.strip().upper(), set()).add(cleaned)
        return cls(
            name=name,
            kind=kind,
            aliases=tuple(aliases),
            country=country.strip().upper() if country and country.strip() else None,
            identifiers={scheme: frozenset(values) for scheme, values in found.items()},
            address=address,
            date=date,
            source=source,
            key=key,
            programs=frozenset(p.strip().upper() for p in programs if p.strip()),
        )


def pair_kind(a: PartyRecord, b: PartyRecord) -> str:
    """The kind two records' names are read as: a person's if either is one, else the first's."""
    return "person" if "person" in (a.kind, b.kind) else a.kind
