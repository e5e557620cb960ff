"""Field values of one UN list entry: names and scripts, dates, documents, IMO numbers.

Parsers of values that can be wrong raise ValueError(reason), which the format records as a row
issue (the field is left out, the entry kept), like :mod:`kb.loaders.fields`.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

from kb.loaders.fields import unique
from kb.loaders.formats.un.countries import NOT_AVAILABLE

NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
# "Abu Muhammad (original script: <the name in Cyrillic>)": the name, and its original script.
_ORIGINAL_IN_NAME = re.compile(r"^(.*?)\s*\(original script:\s*(.+?)\)$", re.IGNORECASE)
# An alias note giving the alias in its own script: "original script: <Cyrillic>",
# "Previously listed as. In Arabic: <Arabic>", "in Arabic script: <Arabic>".
_ORIGINAL_IN_NOTE = re.compile(r"(?:original script|\bin arabic(?: script)?)\s*:\s*(.+)$", re.IGNORECASE)
# xs:date, with the time zone the UN sometimes writes ("2015-04-07-04:00").
_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:Z|[+-]\d{2}:\d{2})?$")
# An entity's own IMO company number in its comments: "IMO number: 5571322.",
# "International Maritime Organization (IMO) Number: 1790183.", "Company Number IMO 5434358.".
_IMO = re.compile(r"\bIMO\)?\s+number\s*:?\s*(\d{7})\b|\bcompany number IMO\s*:?\s*(\d{7})\b", re.IGNORECASE)
_PASSPORT_LABELS = ("passport", "numéro de passeport", "número de pasaporte")  # the UN's three languages
# TYPE_OF_DOCUMENT2 refines "National Identification Number": an identity card or number is kept
# (a Russian "national passport", the internal one, too), another document filed under that type
# (ration card, social security or tax number, military, voter or student card, birth
# certificate…) is not a national id.
_NATIONAL_ID = re.compile(r"identi|tazkira|personalausweis|national number|national passport", re.IGNORECASE)
_NOT_NATIONAL_ID = re.compile(
    r"military|serviceman|student|voter|driver|ration|birth|social security|fiscal|residen|certificate|fardc",
    re.IGNORECASE,
)
_TRAILING_PARENS = re.compile(r"\s*\([^()]*\)$")
# A label the UN writes before a number ("Diplomatic Passport: Z30321794", "Libyan Passport No.
# 96/184442", "national identity card number 5802098444"): words ending in "no.", "number" or ":".
_LABEL = re.compile(r"^[A-Za-z][A-Za-z .']*?(?:\bno\.?|\bnumber|:)\s*:?\s*(?=\S*\d)", re.I)
# A document number: groups of letters, digits and . / -, each with a digit but a short first one
# ("OB 0243318", "TR-P 614 166", "96 03 464086"); a word ("Libya B/002210") makes it free text.
_DOCUMENT_NUMBER = re.compile(r"(?:[A-Z./-]{1,4} )?[A-Z./-]*\d[A-Z0-9./-]*(?: [A-Z./-]*\d[A-Z0-9./-]*)*")


def value(element: ET.Element, path: str) -> str:
    """The text at ``path``, spacing collapsed; "" when absent or the UN's "na" (not available)."""
    found = " ".join((element.findtext(path) or "").split())
    return "" if found in NOT_AVAILABLE else found


def values(element: ET.Element, path: str) -> list[str]:
    found = (" ".join((e.text or "").split()) for e in element.findall(path))
    return [text for text in found if text and text not in NOT_AVAILABLE]


def names(entry: ET.Element, alias_tag: str) -> tuple[str, list[str]]:
    """(name, other names): the name parts joined in order (else the original script), then the
    original script and every alias, of any quality, with the original scripts aliases give."""
    primary = " ".join(part for part in (value(entry, tag) for tag in NAME_PARTS) if part)
    original = value(entry, "NAME_ORIGINAL_SCRIPT")
    others = [original]
    for alias in entry.findall(alias_tag):
        others += alias_names(value(alias, "ALIAS_NAME"), value(alias, "NOTE"))
    primary = primary or original
    return primary, unique(others, primary)


def alias_names(name: str, note: str) -> list[str]:
    """The names one alias gives: its ALIAS_NAME, split where it lists several, and the original
    script its name or note states."""
    found = [name]
    if match := _ORIGINAL_IN_NAME.match(name):
        found = [match.group(1), match.group(2)]
    elif ";" in name:  # "A; B", or "A (B; C; D)": a name and the names it is also written as
        found = re.split(r"[;()]", name.replace("(original script)", ""))
    if match := _ORIGINAL_IN_NOTE.search(note):
        found.append(match.group(1))
    return [text for text in (" ".join(part.split()).strip(" .,") for part in found) if text]


def date(raw: str) -> dt.date | None:
    if not raw:
        return None
    if match := _DATE.match(raw):
        try:
            return dt.date.fromisoformat(match.group(1))
        except ValueError:
            pass
    raise ValueError("not a date of the form YYYY-MM-DD")


def document_scheme(kind: str, detail: str) -> str | None:
    """``PASSPORT`` or ``NATIONAL_ID`` for a TYPE_OF_DOCUMENT (refined by TYPE_OF_DOCUMENT2), else
    None: another kind of document, which kb does not keep."""
    kind, detail = kind.casefold(), detail.casefold()
    if kind in _PASSPORT_LABELS:
        return "PASSPORT"
    if kind == "national identification number":
        if detail and (_NOT_NATIONAL_ID.search(detail) or not _NATIONAL_ID.search(detail)):
            return None
        return "NATIONAL_ID"
    return None


def document_number(raw: str) -> str:
    """The number alone, upper case without spaces ("OB 0243318" -> "OB0243318", a trailing
    "(Expired 25 Jan. 2016)" and a leading label such as "Passport No." dropped); other free text
    around a number raises."""
    number = _LABEL.sub("", _TRAILING_PARENS.sub("", raw).strip()).upper()
    if not _DOCUMENT_NUMBER.fullmatch(number):
        raise ValueError("not a document number alone (words around it, or no digit): left out")
    return number.replace(" ", "")


def imo_company_numbers(comments: str) -> list[str]:
    """The IMO company and registered-owner numbers an entity's comments state as its own."""
    found = (match.group(1) or match.group(2) for match in _IMO.finditer(comments))
    return list(dict.fromkeys(found))
