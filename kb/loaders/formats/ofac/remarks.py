"""What kb reads out of OFAC's free-text Remarks field, and how program tags map to lists.

Remarks are ``; ``-separated facts ("DOB 18 Mar 1961; Passport ...; Linked To: ..."). Only a few
identifier facts are taken, each anchored on OFAC's own label; the rest stays out of the graph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from stdnum import bic
from stdnum.exceptions import ValidationError

from kb.loaders import fields as f
from kb.loaders.formats.ofac.countries import iso

# (label, value, optional "(Country)") at the start of a remarks fact, "alt. " and a final "." gone.
_USCC = re.compile(r"^(?:Unified|United) Social Credit Code(?: Certificate)? \(USCCC?\) (\S+)(?: \(.+\))?$")
_LEI = re.compile(r"^Legal Entity Number (\S+)(?: \(([^()]+)\))?$")
_IMO = re.compile(r"^(?:[A-Za-z][A-Za-z ]*? )?IMO (\S+)$")
_UK_COMPANY = re.compile(r"^UK Company Number (\S+)$")
_DUNS = re.compile(r"^D-U-N-S Number (\S+)$")
_BIC = re.compile(r"^SWIFT/BIC (\S+)$")
_REGISTRY = re.compile(
    r"^(?:Registration Number|Business Registration Number|Registration ID|Company Number"
    r"|Certificate of Incorporation Number|Business Registration Document #|Chamber of Commerce Number"
    r"|Commercial Registry Number|C\.R\. No\.) (\S+) \(([^()]+)\)$"
)
_GB_COH = re.compile(r"^(?:\d{8}|[A-Z]{2}\d{6})$")
_LEI_SHAPE = re.compile(r"^[A-Z0-9]{20}$")

# Consolidated (non-SDN) list: program tag -> kb list code; a tag not named here is Menu-Based.
_TAG_LISTS = {"CMIC-EO13959": "CMIC", "UKRAINE-EO13662": "SSI", "NS-PLC": "PLC", "561LIST": "CAP"}


@dataclass
class Found:
    """Identifiers read from one entry's remarks, and the ones rejected with a reason."""

    identifiers: list[str] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (raw fact, reason)

    def add(self, raw: str, scheme: str, value: str) -> None:
        try:
            key = f.identifier(f"{scheme}:{value}")
        except ValueError as exc:
            self.problems.append((raw, str(exc)))
            return
        if key not in self.identifiers:
            self.identifiers.append(key)


def programs(raw: str) -> list[str]:
    """``SDGT] [IRGC`` or ``[SDGT] [IRGC]`` -> ``["SDGT", "IRGC"]``."""
    tags = re.split(r"\]\s*\[", raw.strip().removeprefix("[").removesuffix("]"))
    return [tag.strip() for tag in tags if tag.strip()]


def consolidated_lists(tags: list[str]) -> dict[str, list[str]]:
    """kb list code -> the entry's tags that put it on that list (non-SDN consolidated set)."""
    lists: dict[str, list[str]] = {}
    for tag in tags:
        upper = tag.upper()
        code = "FSE" if upper.startswith("FSE-") else _TAG_LISTS.get(upper, "MBS")
        lists.setdefault(code, []).append(tag)
    return lists


def facts(remarks: str) -> list[str]:
    """The remarks split into facts, without a leading ``alt.`` or a closing period."""
    out = []
    for part in remarks.split(";"):
        fact = part.strip().removeprefix("alt. ").strip()
        if fact.endswith(".") and not fact.endswith("No."):
            fact = fact[:-1].rstrip()
        if fact:
            out.append(fact)
    return out


def identifiers(remarks: str, vessel: bool) -> Found:
    """Strong identifiers (USCC, LEI, IMO, GB_COH, DUNS, SWIFT_BIC) and registry numbers (REG_<CC>)."""
    found = Found()
    for fact in facts(remarks):
        if m := _USCC.match(fact):
            found.add(fact, "USCC", m[1])
        elif m := _LEI.match(fact):
            _lei(found, fact, m[1], m[2])
        elif m := _UK_COMPANY.match(fact):
            found.add(fact, "GB_COH", m[1])
        elif m := _IMO.match(fact):
            _imo(found, fact, m[1], vessel)
        elif m := _DUNS.match(fact):
            _duns(found, fact, m[1])
        elif m := _BIC.match(fact):
            _bic(found, fact, m[1])
        elif m := _REGISTRY.match(fact):
            _registry(found, fact, m[1], m[2])
    return found


def _lei(found: Found, fact: str, value: str, country: str | None) -> None:
    # OFAC also labels 9-digit Dutch RSINs "Legal Entity Number": those are registry numbers.
    if _LEI_SHAPE.match(value) or not country:
        found.add(fact, "LEI", value)
    else:
        _registry(found, fact, value, country)


def _imo(found: Found, fact: str, value: str, vessel: bool) -> None:
    if not re.fullmatch(r"\d{7}", value):
        found.problems.append((fact, "an IMO number has 7 digits"))
    elif not vessel:
        # An IMO company number: a separate numbering scheme from ship numbers.
        found.add(fact, "IMO_COMPANY", value)
    elif sum(int(d) * w for d, w in zip(value, range(7, 1, -1), strict=False)) % 10 != int(value[6]):
        found.problems.append((fact, "invalid IMO: the check digit does not match"))
    else:
        found.add(fact, "IMO", value)


def _duns(found: Found, fact: str, value: str) -> None:
    digits = value.replace("-", "")
    if re.fullmatch(r"\d{9}", digits):
        found.add(fact, "DUNS", digits)
    else:
        found.problems.append((fact, "a D-U-N-S number has 9 digits"))


def _bic(found: Found, fact: str, value: str) -> None:
    try:
        found.add(fact, "SWIFT_BIC", bic.validate(value))
    except ValidationError as exc:
        found.problems.append((fact, f"invalid SWIFT_BIC: {exc}"))


def _registry(found: Found, fact: str, value: str, country_name: str) -> None:
    country = iso(country_name)
    if country is None:  # a state ("(Florida) (United States)") or an unknown country: too vague
        return
    if country == "GB" and _GB_COH.match(value):
        found.add(fact, "GB_COH", value)
    else:
        found.add(fact, f"REG_{country}", value)
