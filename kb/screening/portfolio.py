"""A screening portfolio: a UTF-8 CSV with a ``name`` column and optional ``country``,
``identifiers`` (``|``-separated ``SCHEME:VALUE``), ``kind`` (company by default; a person is
never matched to a company) and own id (``id``, ``ref`` or ``reference``) columns. The whole
file is checked before anything is screened: a bad file fails with one line naming the file, the
line and the field."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kb.errors import LoadError, UsageError
from kb.loaders.read import csv_rows
from kb.resolution import PartyRecord
from kb.resolution.identifiers import clean_identifier
from kb.resolution.record import KINDS

REF_COLUMNS = ("id", "ref", "reference")


@dataclass(frozen=True)
class Holding:
    """One row of a portfolio: where it is, the analyst's own reference, and the party to look for."""

    line: int
    ref: str
    party: PartyRecord


def one(
    name: str, country: str | None = None, identifiers: list[str] | None = None, kind: str = "company"
) -> Holding:
    """``kb screen --name``: a portfolio of one row (line 0)."""
    return Holding(0, "", _party("--name", 0, name, country or "", identifiers or [], kind))


def read(path: Path) -> list[Holding]:
    try:
        header, rows = csv_rows(path, required=("name",))
        ref_column = next((c for c in REF_COLUMNS if c in header), None)
        holdings: list[Holding] = []
        for line, row in rows:
            if not any(cell.strip() for cell in row.values()):
                raise UsageError(f"{path}:{line}: empty row")
            ids = [part for part in row.get("identifiers", "").split("|") if part.strip()]
            ref = row[ref_column].strip() if ref_column else ""
            kind = row.get("kind", "").strip().lower() or "company"
            found = _party(str(path), line, row["name"], row.get("country", ""), ids, kind)
            holdings.append(Holding(line, ref, found))
    except LoadError as exc:  # the reader's structural errors: the user's file, not a load
        raise UsageError(str(exc)) from None
    if not holdings:
        raise UsageError(f"{path}: no rows under the header")
    return holdings


def _party(where: str, line: int, name: str, country: str, identifiers: list[str], kind: str) -> PartyRecord:
    at = f"{where}:{line}" if line else where
    if not name.strip():
        raise UsageError(f"{at}: field 'name' is empty")
    if kind not in KINDS:
        raise UsageError(f"{at}: field 'kind' {kind!r} is not one of {', '.join(KINDS)}")
    country = country.strip().upper()
    if country and not (len(country) == 2 and country.isalpha()):
        raise UsageError(f"{at}: field 'country' {country!r} is not an ISO 3166 alpha-2 code (e.g. CN)")
    for text in identifiers:
        scheme, colon, value = text.partition(":")
        if not colon or not scheme.strip() or not value.strip():
            raise UsageError(f"{at}: field 'identifiers' {text.strip()!r} is not SCHEME:VALUE (e.g. LEI:…)")
        if clean_identifier(scheme, value) is None:
            raise UsageError(f"{at}: field 'identifiers' {text.strip()!r} fails its check digits")
    return PartyRecord.build(
        name.strip(), kind=kind, country=country or None, identifiers=identifiers, key=str(line)
    )
