"""Every list an entity is on, whatever the list: what each answer about an entity names beside its
regime statuses (``kb exposure``, ``kb screen``, ``kb affiliates``, ``kb jv-exposure``, the
pictures). An entity clear under every regime may still be on a list no regime seeds from (CMIC,
a source-defined ``os:…`` list): the answer says so.

One read (``exposure/entity_listings``, every LISTED_ON valid on the date) for the entities and
their listed owners; the JSON objects (:func:`record`), a compact text for a table cell
(:func:`compact`, ``1260H (2021-06-03), CMIC (undated; CMIC-EO13959)``) and the phrase evidence
uses (:func:`phrase`). A listing without a start date says why instead of "since None".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from kb.db import Database
from kb.exposure import engine

Records = list[dict[str, Any]]  # listing objects (:func:`record`)

# Sources whose files carry no listing dates at all: an undated listing from them is the source's
# silence, not a gap in kb.
UNDATED_SOURCES = {
    "ofac-sdn": "the SDN files publish no listing dates",
    "ofac-cons": "OFAC's consolidated (non-SDN) files publish no listing dates",
}


def undated_why(source: str | None) -> str:
    """Why a listing from ``source`` has no start date."""
    return UNDATED_SOURCES.get(source or "") or "its source gives no listing date"


def _day(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return str(value.iso_format() if hasattr(value, "iso_format") else value.isoformat())


def record(row: Mapping[str, Any]) -> dict[str, Any]:
    """A listing as every JSON answer gives it."""
    start = _day(row.get("start_date"))
    return {
        "list": row["list"], "list_name": row.get("list_name"), "authority": row.get("authority"),
        "jurisdiction": row.get("jurisdiction"), "programs": list(row.get("programs") or []),
        "start_date": start, "end_date": _day(row.get("end_date")), "source": row.get("source"),
        "citation": row.get("citation"),
        "date_note": None if start else undated_why(row.get("source")),
    }  # fmt: skip


def _order(item: Mapping[str, Any]) -> tuple[str, str, str]:
    return (item["list"], item.get("start_date") or "", item.get("source") or "")


def read(db: Database, ids: Iterable[str], on: dt.date) -> dict[str, Records]:
    """Entity id -> every listing valid on ``on`` (:func:`record` objects, by list and date), for
    each of ``ids`` (an entity on no list maps to ``[]``); one read."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    found: dict[str, Records] = {}
    for row in engine.entity_listings(db, ids=wanted, as_of=on):
        found[row["id"]] = sorted((record(x) for x in row["listings"] if x is not None), key=_order)
    return found


def _dates(start: str | None, end: str | None) -> str:
    if start and end:
        return f"{start} to {end}"
    if end:
        return f"undated, until {end}"
    return start or "undated"


def compact(listings: Sequence[Mapping[str, Any]]) -> str:
    """``1260H (2021-06-03), CMIC (undated; CMIC-EO13959)``: each list once, from its earliest start
    (the listings valid on one date overlap: editions of one list), with its programmes."""
    merged: dict[str, dict[str, Any]] = {}
    for item in listings:
        code = item["list"]
        known = merged.setdefault(code, {"starts": [], "ends": [], "programs": {}})
        known["starts"].append(item.get("start_date"))
        known["ends"].append(item.get("end_date"))
        known["programs"].update(dict.fromkeys(item.get("programs") or []))
    parts = []
    for code, known in merged.items():
        starts = [s for s in known["starts"] if s]
        ends = known["ends"]
        end = None if None in ends or not ends else max(ends)
        text = _dates(min(starts) if starts else None, end)
        if known["programs"]:
            text += "; " + ", ".join(known["programs"])
        parts.append(f"{code} ({text})")
    return ", ".join(parts)


def phrase(item: Mapping[str, Any]) -> str:
    """A listing as evidence: ``on 1260H since 2021-06-03 (citation)``, and, undated, ``on SDN
    (ofac-sdn; the SDN files publish no listing dates)``: never "since None"."""
    text = f"on {item['list']}"
    start, end = _day(item.get("start_date")), _day(item.get("end_date"))
    if start:
        text += f" since {start}"
    if end:
        text += f" until {end}"
    cited = [c for c in (item.get("citation") or item.get("source"),) if c]
    if not start:
        cited.append(undated_why(item.get("source")))
    return text + (f" ({'; '.join(cited)})" if cited else "")


def owner_records(owners: Iterable[tuple[str, str | None]], found: Mapping[str, Records]) -> Records:
    """``[{id, name, listings}]`` for each listed owner ``(id, name)``, once, in the order given."""
    seen: dict[str, dict[str, Any]] = {}
    for owner, name in owners:
        if owner not in seen:
            seen[owner] = {"id": owner, "name": name, "listings": list(found.get(owner, []))}
    return list(seen.values())


def text(own: Sequence[Mapping[str, Any]], owners: Sequence[Mapping[str, Any]] = ()) -> str:
    """A table cell: the entity's lists, then each listed owner's (``owner NAME: …``)."""
    parts = [compact(own)] if own else []
    parts += [f"owner {o['name'] or o['id']}: {compact(o['listings'])}" for o in owners if o["listings"]]
    return "; ".join(parts)
