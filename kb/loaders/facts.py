"""Facts between parties (stakes, JV stakes, control, listings, officers) as claims.

Each source's statement of a fact is one relationship, keyed by a ``claim`` built from the
source, the kind of fact, the two record ids and the fields that tell two facts of one pair apart
(basis, start date…). Its ``hash`` covers everything written, so an unchanged fact is never written
again. Relationship types come from this closed set.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kb.loaders.dataset import Dataset


@dataclass(frozen=True)
class FactKind:
    name: str  # the Dataset attribute
    rel: str  # relationship type
    start: str  # record field of the start node's id
    end: str  # record field of the end node's id (a List code for listings)
    key: tuple[str, ...]
    props: tuple[str, ...]
    constant: tuple[tuple[str, Any], ...] = ()
    end_is_list: bool = False


KINDS: tuple[FactKind, ...] = (
    FactKind("stakes", "OWNS", "owner_id", "owned_id", ("basis", "derived", "start_date"),
             ("pct", "pct_min", "pct_max", "basis", "derived", "start_date", "end_date"),
             (("jv", False),)),
    FactKind("jvs", "OWNS", "partner_id", "jv_id", ("start_date",),
             ("pct", "pct_min", "pct_max", "start_date", "end_date", "purpose"),
             (("jv", True), ("basis", "equity"), ("derived", False))),
    FactKind("controls", "CONTROLS", "controller_id", "controlled_id", ("basis", "start_date"),
             ("basis", "start_date", "end_date")),
    FactKind("listings", "LISTED_ON", "entity_id", "list", ("start_date",),
             ("programs", "start_date", "end_date", "citation", "license_requirement", "license_policy",
              "source_entry_id"), end_is_list=True),
    FactKind("officers", "OFFICER_OF", "person_id", "entity_id", ("role", "start_date"),
             ("role", "start_date", "end_date")),
)  # fmt: skip


def _text(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else "" if value is None else str(value)


def claim_key(source: str, kind: FactKind, record: Mapping[str, Any]) -> str:
    parts = [source, kind.name, record[kind.start], record[kind.end], *(_text(record[k]) for k in kind.key)]
    return "|".join(parts)


def props(kind: FactKind, record: Mapping[str, Any]) -> dict[str, Any]:
    values = {field: record[field] for field in kind.props}
    values.update(kind.constant)
    values["source"] = record["source"]
    return values


# One encoder for every hash: json.dumps with options builds a new one per call.
_ENCODER = json.JSONEncoder(sort_keys=True, default=_text, ensure_ascii=False)


def content_hash(values: Mapping[str, Any]) -> str:
    text = _ENCODER.encode(values)
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()


@dataclass(frozen=True)
class Claim:
    key: str
    start: str  # the Entity id the relationship starts at
    end: str  # the Entity id (or List code) it ends at
    props: dict[str, Any]
    hash: str


def claim(source: str, kind: FactKind, record: Mapping[str, Any], mapping: Mapping[str, str]) -> Claim:
    """One record as the relationship both the writer and the bulk path write."""
    values = props(kind, record)
    start = mapping[record[kind.start]]
    end = record[kind.end] if kind.end_is_list else mapping[record[kind.end]]
    digest = content_hash({**values, "a": start, "b": start if kind.end_is_list else end})
    return Claim(claim_key(source, kind, record), start, end, values, digest)


def records(dataset: Dataset, kind: FactKind) -> list[Mapping[str, Any]]:
    return list(getattr(dataset, kind.name))
