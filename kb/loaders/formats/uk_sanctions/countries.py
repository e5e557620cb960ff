"""Country names as the UK Sanctions List writes them -> ISO 3166-1 alpha-2.

The list spells countries as the FCDO's geographical names do ("Russia", "St Kitts and Nevis",
"Congo (Democratic Republic)"); OFAC's table (:mod:`kb.loaders.formats.ofac.countries`) already
holds most of them, and the FCDO spellings it lacks are added here. A name not found maps to None.
"""

from __future__ import annotations

import re

from kb.loaders.formats.ofac.countries import NAMES as OFAC_NAMES

_FCDO = {
    "st kitts and nevis": "KN",
    "st lucia": "LC",
    "st vincent": "VC",
    "st vincent and the grenadines": "VC",
    "congo (democratic republic)": "CD",
    "myanmar (burma)": "MM",
    "occupied palestinian territories": "PS",
    "the occupied palestinian territories": "PS",
    "korea (north)": "KP",
    "korea (south)": "KR",
    "western sahara": "EH",
}
NAMES: dict[str, str] = {**OFAC_NAMES, **_FCDO}
# Every name, longest first, so "Guinea-Bissau" is found before "Guinea" and "Niger" is not found
# in "Nigeria"; a name must stand as words of its own.
_LONGEST_FIRST = sorted(NAMES, key=len, reverse=True)
_ANY = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, _LONGEST_FIRST)) + r")(?![\w-])", re.IGNORECASE)


def iso(name: str | None) -> str | None:
    """ISO alpha-2 code for a country name, or None (empty, unknown)."""
    if not name:
        return None
    return NAMES.get(" ".join(name.split()).casefold())


def first_named(text: str) -> str | None:
    """The code of the first country named anywhere in a free text ("Afghanistan passport number
    P04581926, issued in Kandahar, Afghanistan" -> AF), or None."""
    match = _ANY.search(" ".join(text.split()))
    return NAMES[match.group(1).casefold()] if match else None
