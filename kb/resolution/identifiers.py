"""Identifiers as matching evidence: check digits through python-stdnum, and the hard rule.

Two kinds of scheme:

- **exclusive**: a party has one value (an LEI, a USCC, an INN…). The same valid value on two
  records makes them one party; two records that both carry the scheme and share no value are two
  parties, whatever their names say (the score is forced to 0).
- **shared**: a value names one party but a party has many (ISINs of its securities, BICs of its
  branches) or the registry is ambiguous (``REG_<CC>``): an equal value is evidence, a different
  one says nothing.

A value that fails its scheme's check is ignored entirely: a typo must neither merge nor separate.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from stdnum import bic, imo, isin, lei
from stdnum.cn import uscc
from stdnum.exceptions import ValidationError
from stdnum.ru import inn, ogrn

_VALIDATORS: dict[str, Callable[[str], str]] = {
    "LEI": lei.validate,
    "USCC": uscc.validate,
    "RU_INN": inn.validate,
    "RU_OGRN": ogrn.validate,
    "IMO": imo.validate,
    "ISIN": isin.validate,
    "SWIFT_BIC": bic.validate,
}

# UN_REF: the UN Security Council's permanent reference number of a listed party (e.g. QDe.001):
# the UN list, and the EU and UK entries that implement it, carry it, so it joins them.
EXCLUSIVE = frozenset(
    {"LEI", "USCC", "RU_INN", "RU_OGRN", "IMO", "IMO_COMPANY", "OFAC_UID", "GB_COH", "DUNS", "UN_REF"}
)


def is_exclusive(scheme: str) -> bool:
    return scheme in EXCLUSIVE


def clean_identifier(scheme: str, value: str) -> str | None:
    """The compact form of ``value`` under ``scheme``, or None when its check digits fail."""
    scheme, value = scheme.strip().upper(), value.strip()
    if not scheme or not value:
        return None
    validate = _VALIDATORS.get(scheme)
    if validate is None:
        return value.upper().replace(" ", "")
    try:
        return validate(value)
    except ValidationError:
        return None


@dataclass(frozen=True)
class IdentifierEvidence:
    """What two records' identifiers say: ``same`` and ``shared`` reasons, ``conflicts``."""

    same: tuple[str, ...] = ()  # exclusive schemes with a common value
    shared: tuple[str, ...] = ()  # shared schemes with a common value
    conflicts: tuple[str, ...] = ()  # exclusive schemes on both records with no common value

    @property
    def reasons(self) -> list[str]:
        return [*self.conflicts, *self.same, *self.shared]


def compare_identifiers(
    left: Mapping[str, frozenset[str]], right: Mapping[str, frozenset[str]]
) -> IdentifierEvidence:
    same: list[str] = []
    shared: list[str] = []
    conflicts: list[str] = []
    for scheme in sorted(set(left) & set(right)):
        common = left[scheme] & right[scheme]
        if common:
            (same if is_exclusive(scheme) else shared).append(f"same {scheme} {min(common)}")
        elif is_exclusive(scheme):
            conflicts.append(
                f"different {scheme}: {', '.join(sorted(left[scheme]))} vs {', '.join(sorted(right[scheme]))}"
            )
    return IdentifierEvidence(tuple(same), tuple(shared), tuple(conflicts))
