"""FollowTheMoney properties as kb values: identifiers, names, countries, list codes."""

from __future__ import annotations

import re
from typing import Any

from stdnum import imo
from stdnum.exceptions import ValidationError
from stdnum.ru import inn, ogrn

from kb.loaders import fields as f

Props = dict[str, list[Any]]

# schema -> kb kind; LegalEntity is a company when the source does not say more.
KINDS = {
    "Company": "company", "LegalEntity": "company", "Organization": "organization",
    "PublicBody": "organization", "Person": "person", "Vessel": "vessel",
}  # fmt: skip
# Schemata read for their relations, or left out on purpose (no kb record): no issue for these.
RELATIONS = ("Ownership", "Directorship", "Sanction", "Identification")
# FtM has no trust schema: a trust role is an Ownership (owner -> asset, the trust) or a Directorship
# (director -> organization, the trust) whose free-text `role` names it, as OpenSanctions writes
# registry roles ("Settlor", "Trustee of the trust", "Beneficiary"). The first word found wins.
TRUST_ROLE_WORDS = (
    ("settlor", "settlor"), ("trustee", "trustee"), ("protector", "protector"),
    ("beneficiar", "beneficiary"),
)  # fmt: skip


def trust_role(role: str | None) -> str | None:
    """kb's trust role a free-text FtM role names, if any."""
    text = (role or "").casefold()
    return next((kb_role for word, kb_role in TRUST_ROLE_WORDS if word in text), None)


IGNORED = (
    "Address", "Family", "Passport", "Associate", "UnknownLink", "Occupancy", "Position", "Membership",
    "Employment", "Representation", "Succession", "Note", "Mention", "Event", "Article", "Document",
    "BankAccount", "CryptoWallet", "Security", "Airplane", "Vehicle", "Asset", "Payment", "Debt",
    "Contract", "ContractAward", "CourtCase", "CourtCaseParty", "Thing", "Interval", "Analyzable",
)  # fmt: skip
NAME_PROPS = ("name", "alias", "previousName", "weakAlias")
COUNTRY_PROPS = (("jurisdiction", "country"), ("country", "nationality", "citizenship"))  # [is a person]

# OpenSanctions dataset -> kb list, where the dataset is that list.
DATASET_LISTS = {"us_ofac_sdn": "SDN", "eu_fsf": "EU", "gb_fcdo_sanctions": "UK", "gb_hmt_sanctions": "UK"}
# OpenSanctions programId -> kb list (the Consolidated Screening List's component lists).
PROGRAM_LISTS = {
    "US-BIS-EL": "EL", "US-BIS-MEU": "MEU", "US-BIS-UVL": "UVL", "US-BIS-DPL": "DPL",
    "US-DOS-ISN": "ISN", "US-AECA-DEBARRED": "DTC",
}  # fmt: skip
# A list's own name in `authority` or `program` names it beyond doubt.
NAMED_LISTS = (
    (re.compile(r"\bEntity List\b", re.I), "EL"),
    (re.compile(r"\bMilitary End[- ]User\b", re.I), "MEU"),
    (re.compile(r"\bUnverified List\b", re.I), "UVL"),
    (re.compile(r"\bDenied Persons List\b", re.I), "DPL"),
)
OS_NAMESPACE = "os"  # a Sanction of no built-in list: its dataset's list, os:<dataset> (kb.lists)
CSL_DATASET = "us_trade_csl"  # its `reason`/`provisions` are the BIS licence requirement/policy
FR_CITATION = re.compile(r"^\d+\s+FR\s+\d+")


def values(props: Props, name: str) -> list[str]:
    """The non-empty string values of a property."""
    return [v.strip() for v in props.get(name, []) if isinstance(v, str) and v.strip()]


def first(props: Props, name: str) -> str | None:
    found = values(props, name)
    return found[0] if found else None


def country(props: Props, names: tuple[str, ...]) -> tuple[str | None, list[str]]:
    """The first valid ISO 3166-1 alpha-2 code among ``names``, and the values that were not codes."""
    rejected = []
    for name in names:
        for raw in values(props, name):
            try:
                code = f.country(raw)
            except ValueError:
                rejected.append(raw)
                continue
            if code:
                return code, rejected
    return None, rejected


def _checked(module: Any, scheme: str, raw: str) -> str:
    try:
        return f"{scheme}:{module.validate(raw)}"
    except ValidationError as exc:
        raise ValueError(f"invalid {scheme}: {exc}") from None


def identifier(prop: str, raw: str, cc: str | None) -> str | None:
    """``SCHEME:VALUE`` for one identifier property value; ValueError on a bad check digit."""
    if prop in ("leiCode", "USCC"):
        return f.identifier(f"{'LEI' if prop == 'leiCode' else 'USCC'}:{raw}")
    if prop == "innCode":
        return _checked(inn, "RU_INN", raw)
    if prop == "ogrnCode":
        return _checked(ogrn, "RU_OGRN", raw)
    if prop == "imoNumber":
        return _checked(imo, "IMO", raw)
    if prop == "swiftBic":
        return f"SWIFT_BIC:{raw.replace(' ', '').upper()}"
    if prop == "dunsCode":
        return f"DUNS:{raw.replace('-', '').replace(' ', '')}"
    if prop == "registrationNumber":
        if cc == "CN" and len(raw) == 18:
            try:
                return f.identifier(f"USCC:{raw}")
            except ValueError:
                pass  # a Chinese registration number that is not a USCC: a plain registry number
        return f"REG_{cc}:{raw}" if cc else f"REG:{raw}"
    return None


IDENTIFIER_PROPS = (
    "leiCode",
    "innCode",
    "ogrnCode",
    "imoNumber",
    "swiftBic",
    "dunsCode",
    "registrationNumber",
)

# Identification.type (lower-cased, stripped of punctuation) -> entity property it stands for.
IDENTIFICATION_TYPES = {
    "lei": "leiCode", "legal entity identifier": "leiCode",
    "uscc": "USCC", "unified social credit code": "USCC",
    "inn": "innCode", "ogrn": "ogrnCode", "imo": "imoNumber", "imo number": "imoNumber",
    "swift bic": "swiftBic", "bic": "swiftBic", "duns": "dunsCode",
    "registration number": "registrationNumber", "company number": "registrationNumber",
}  # fmt: skip


def identification_prop(kind: str) -> str | None:
    return IDENTIFICATION_TYPES.get(re.sub(r"[^a-z0-9 ]+", " ", kind.lower()).strip())


def sanction_list(props: Props, datasets: list[str]) -> str | None:
    """The kb list a Sanction entry belongs to, when its dataset, programId or list name says so."""
    for dataset in datasets:
        if code := DATASET_LISTS.get(dataset):
            return code
    for program_id in values(props, "programId"):
        if code := PROGRAM_LISTS.get(program_id):
            return code
    for text in values(props, "authority") + values(props, "program"):
        for pattern, code in NAMED_LISTS:
            if pattern.search(text):
                return code
    return None
