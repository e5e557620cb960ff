"""An Entity of the graph as the matcher sees it, and when two parties cannot be one.

:func:`entity_party` is the one adapter from the row a query returns for an Entity to the
:class:`PartyRecord` that :func:`kb.resolution.score` weighs: ``kb screen`` (each candidate of a
row), ``kb resolve`` (each Entity of a pair) and the match keys all read an Entity through it, so
a pair is scored on the same evidence wherever it is met. :func:`incompatible` says why two parties
cannot be one, whatever their names say; the scorer gives such a pair 0, ``kb resolve accept``
refuses it and ``kb resolve auto`` holds a pair beside it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from kb.resolution.identifiers import compare_identifiers
from kb.resolution.record import KINDS, PartyRecord

ORGANISATIONS = frozenset({"company", "organization"})  # one class: sources label the same party either way


def entity_party(row: Mapping[str, Any]) -> PartyRecord:
    """The party an Entity's row describes: ``id``, ``name``, ``names`` (the names of all its
    records), ``kind``, ``country``, ``identifiers`` (``SCHEME:VALUE``), ``addresses`` (or one
    ``address``), ``date`` and ``programs`` when the row has them. A kind kb does not know reads as
    a company; a missing name as the first other name, else the id."""
    kind = row.get("kind") if row.get("kind") in KINDS else "company"
    names = [n for n in row.get("names") or () if n]
    name = row.get("name") or next(iter(names), "") or str(row["id"])
    given = row["addresses"] if "addresses" in row else [row.get("address")]
    addresses = list(dict.fromkeys(a for a in given or () if a))
    return PartyRecord.build(
        name,
        kind=str(kind),
        aliases=[n for n in names if n != name],
        country=row.get("country"),
        identifiers=row.get("identifiers") or (),
        address="\n".join(addresses) or None,
        date=_date(row.get("date")),
        programs=sorted({p for p in row.get("programs") or () if p}),
        key=str(row["id"]),
    )


def _date(value: object) -> dt.date | None:
    """A date as Python or the driver gives it (``neo4j.time.Date`` has ``to_native``)."""
    native = getattr(value, "to_native", None)
    value = native() if callable(native) else value
    return value if isinstance(value, dt.date) and not isinstance(value, dt.datetime) else None


def kinds_compatible(a: str, b: str) -> bool:
    """A person is never a company; a company and an organisation may be one party."""
    return a == b or {a, b} <= ORGANISATIONS


def incompatible(a: PartyRecord, b: PartyRecord) -> str | None:
    """Why ``a`` and ``b`` cannot be one party, or None: kinds that cannot be one, or different
    values of one exclusive identifier scheme (two LEIs, two OFAC UIDs…)."""
    if not kinds_compatible(a.kind, b.kind):
        return f"kinds differ ({a.kind} vs {b.kind})"
    conflicts = compare_identifiers(a.identifiers, b.identifiers).conflicts
    return "; ".join(conflicts) if conflicts else None
