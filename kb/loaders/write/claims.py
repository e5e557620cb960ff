"""Facts between parties (stakes, JV stakes, control, listings, officers, trust roles) as claims.

Each source's statement of a fact is one relationship, keyed by a ``claim`` built from the
loaded source, the kind of fact, the two record ids, the fields that tell two facts of one pair
apart (basis, start date…) and the source the row cites, when it is not the loaded source itself:
two reports in one bundle giving 45% and 40% for one stake are two claims (a range for the rules,
never a sum). Its ``hash`` covers everything written, so an unchanged fact is never written again.
Relationship types come from this closed set.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kb.db import Database
from kb.loaders.dataset import Dataset
from kb.loaders.write import cypher_by_type
from kb.queries import run, wrapper


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
    FactKind("trust_roles", "TRUST_ROLE", "party_id", "trust_id", ("role", "start_date"),
             ("role", "powers", "start_date", "end_date")),
)  # fmt: skip


def _text(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else "" if value is None else str(value)


def claim_key(source: str, kind: FactKind, record: Mapping[str, Any]) -> str:
    parts = [source, kind.name, record[kind.start], record[kind.end], *(_text(record[k]) for k in kind.key)]
    if record["source"] != source:
        parts.append(record["source"])
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
    props: dict[str, Any]  # with a_record and b_record: the SourceRecords at its two ends
    hash: str


def claim(
    source: str,
    kind: FactKind,
    record: Mapping[str, Any],
    mapping: Mapping[str, str],
    records: Mapping[str, str] | None = None,
) -> Claim:
    """One record as the relationship both the writer and the bulk path write. ``mapping`` gives
    each record id's Entity now; ``records`` the SourceRecord key of an id the source refers to
    but does not define (its own records are ``<source>|<id>``). The ends' records, not their
    Entities, are in the claim and its hash: clustering may move the claim, never change it."""
    values = props(kind, record)

    def key_of(record_id: str) -> str:
        return (records or {}).get(record_id) or f"{source}|{record_id}"

    start = mapping[record[kind.start]]
    end = record[kind.end] if kind.end_is_list else mapping[record[kind.end]]
    values["a_record"] = key_of(record[kind.start])
    values["b_record"] = None if kind.end_is_list else key_of(record[kind.end])
    return Claim(claim_key(source, kind, record), start, end, values, content_hash(values))


def records(dataset: Dataset, kind: FactKind) -> list[Mapping[str, Any]]:
    return list(getattr(dataset, kind.name))


# Claim keys of a Source whose ``claim_format`` is below this need upgrading (see cite_sources).
# 2: a claim's key ends with the row's cited source when that is not the loaded source.
# 3: a claim keeps the SourceRecords at its two ends (a_record, b_record), so clustering can move it.
CLAIM_FORMAT = 3


@wrapper("load/outdated_sources")
def _outdated_sources(db: Database, *, format: int) -> list[str]:
    return [row["name"] for row in run(db, "load/outdated_sources", format=format)]


@wrapper("load/claims_upgraded")
def _claims_upgraded(db: Database, *, name: str, format: int) -> None:
    run(db, "load/claims_upgraded", name=name, format=format)


def outdated_sources(db: Database) -> list[str]:
    """The sources whose claims were written under an older claim key."""
    return _outdated_sources(db, format=CLAIM_FORMAT)


def cite_sources(db: Database, source: str, batch_size: int = 10_000) -> int:
    """Append the cited source to the older keys of ``source``'s claims and give each the records
    at its ends, then mark the source upgraded; returns how many claims changed. A key already
    ending in its cited source, or a claim with its records, is left alone, so a run cut short and
    run again ends with the same claims. The caller holds the load lock.
    """
    changed = 0
    for rel in sorted({kind.rel for kind in KINDS}):
        rows = db.run_auto_commit(cypher_by_type.cite_sources(rel), {"dataset": source, "batch": batch_size})
        changed += int(rows[0]["n"])
    for rel, end_is_list in sorted({(kind.rel, kind.end_is_list) for kind in KINDS}):
        rows = db.run_auto_commit(
            cypher_by_type.record_claim_ends(rel, end_is_list), {"dataset": source, "batch": batch_size}
        )
        changed += int(rows[0]["n"])
    _claims_upgraded(db, name=source, format=CLAIM_FORMAT)
    return changed
