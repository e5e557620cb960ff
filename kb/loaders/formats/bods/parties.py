"""BODS entity and person statements (0.2, 0.3 and 0.4 records) as kb entity records."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from kb.loaders import fields as f
from kb.loaders.dataset import EntityRecord
from kb.loaders.fields import gb_coh, kebab, text_of, unique_names
from kb.loaders.issues import IssueLog
from kb.loaders.read import JsonObject

ENTITY_KINDS = {
    "registered-entity": "company", "legal-entity": "company", "arrangement": "organization",
    "state": "organization", "state-body": "organization",
}  # fmt: skip
UNSPECIFIED = ("anonymous-entity", "unknown-entity", "anonymous-person", "unknown-person")
GLEIF_RA_COMPANIES_HOUSE = "RA000585"  # GLEIF's code for UK Companies House
_RA_CODE = re.compile(r"^RA\d{6}$")
_SCHEME = re.compile(r"[^A-Z0-9]+")


@dataclass
class Statement:
    file: str
    row: int
    id: str  # statementID (0.2/0.3) or recordId (0.4): what references point at
    kind: str  # entity | person | relationship
    details: JsonObject  # the statement itself (0.2/0.3) or its recordDetails (0.4)
    statement: JsonObject
    date: dt.date | None
    closed: bool  # a 0.4 record whose recordStatus is closed


def party_type(details: JsonObject, kind: str) -> str:
    """The kebab-cased ``entityType`` (0.4: its ``type``) or ``personType``; empty when absent."""
    raw = details.get("entityType" if kind == "entity" else "personType")
    if isinstance(raw, dict):  # 0.4: {"type": "registeredEntity", ...}
        raw = raw.get("type")
    return kebab(raw) if isinstance(raw, str) else ""


def marker(details: JsonObject, kind: str) -> str | None:
    """For an anonymous or unknown party: the opacity marker it stands for; else None."""
    found = party_type(details, kind)
    if found not in UNSPECIFIED:
        return None
    unspecified = details.get(f"unspecified{kind.title()}Details")
    reason = unspecified.get("reason") if isinstance(unspecified, dict) else None
    return f"BODS:{kebab(reason) if isinstance(reason, str) and reason else found}"


def _code(raw: Any) -> str | None:
    """A country from ``"GB"``, ``{"code": "GB"}`` or a subdivision like ``US-MA``."""
    code = raw.get("code") if isinstance(raw, dict) else raw
    if not isinstance(code, str) or len(code.strip()) < 2:
        return None
    try:
        return f.country(code.strip()[:2]) if len(code.strip()) == 2 or code.strip()[2] == "-" else None
    except ValueError:
        return None


def _address(details: JsonObject) -> str | None:
    found = [a for a in details.get("addresses") or [] if isinstance(a, dict) and text_of(a.get("address"))]
    found.sort(key=lambda a: a.get("type") != "registered")
    if not found:
        return None
    text, post = str(found[0]["address"]).strip(), text_of(found[0].get("postCode"))
    return f"{text}, {post}" if post and post not in text else text


def _names(details: JsonObject, kind: str) -> list[str]:
    if kind == "entity":
        alternates = [n for n in details.get("alternateNames") or [] if isinstance(n, str)]
        return [details["name"], *alternates] if text_of(details.get("name")) else alternates
    found = [n for n in details.get("names") or [] if isinstance(n, dict)]
    found.sort(key=lambda n: n.get("type") not in ("individual", "legal", None))
    names = []
    for name in found:
        full = text_of(name.get("fullName"))
        parts = [text_of(name.get(k)) for k in ("givenName", "familyName")]
        names.append(full or " ".join(p for p in parts if p))
    return [n for n in names if n]


def identifier(item: JsonObject) -> str | None:
    """``SCHEME:VALUE`` for one BODS identifier, None when it is no registry number (a URI, no id)."""
    value, scheme = text_of(item.get("id")), text_of(item.get("scheme"))
    if value is None:
        return None
    if scheme is None:  # the GLEIF pipeline gives a registration authority code as schemeName
        name = text_of(item.get("schemeName")) or ""
        if name == GLEIF_RA_COMPANIES_HOUSE:
            return gb_coh(value)
        return f"REG_{name}:{value}" if _RA_CODE.match(name) else None
    scheme = scheme.upper()
    if scheme == "GB-COH":
        return gb_coh(value)
    if scheme == "XI-LEI":
        return f.identifier(f"LEI:{value}")
    return f"REG_{_SCHEME.sub('_', scheme).strip('_')}:{value}"


def entity_record(st: Statement, source: str, issues: IssueLog) -> EntityRecord | None:
    """The record of a known party; None (and an issue) when it has no name."""
    details, kind = st.details, st.kind
    names = _names(details, kind)
    if not names:
        issues.add(st.file, st.row, "name", None, "required, but empty")
        return None
    identifiers: list[str] = []
    for item in details.get("identifiers") or []:
        if not isinstance(item, dict):
            continue
        try:
            key = identifier(item)
        except ValueError as exc:
            issues.add(st.file, st.row, "identifiers", item.get("id"), f"{exc}: identifier left out")
            continue
        if key and key not in identifiers:
            identifiers.append(key)
    if kind == "entity":
        country = _code(details.get("jurisdiction") or details.get("incorporatedInJurisdiction"))
        if country is None and any(i.startswith("GB_COH:") for i in identifiers):
            country = "GB"  # registered at Companies House
    else:
        country = next((c for c in map(_code, details.get("nationalities") or []) if c), None)
    return {
        "id": f"bods:{st.id}", "name": names[0], "names": unique_names(names, names[0]),
        "kind": ENTITY_KINDS.get(party_type(details, kind), "company") if kind == "entity" else "person",
        "country": country, "identifiers": identifiers, "address": _address(details), "opacity": [],
        "source": source, "row": st.row,
    }  # fmt: skip
