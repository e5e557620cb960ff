"""Country names as the UK Sanctions List writes them -> ISO 3166-1 alpha-2.

The list spells countries as the FCDO's geographical names do ("Russia", "St Kitts and Nevis",
"Congo (Democratic Republic)"); the one table of :mod:`kb.loaders.formats.ofac.countries` holds
them beside OFAC's and the UN's. A name not found maps to None. This module adds the search for a
country named anywhere in a free text.
"""

from __future__ import annotations

import re

from kb.loaders.formats.ofac.countries import NAMES, iso

__all__ = ["NAMES", "first_named", "iso"]

# Every name, longest first, so "Guinea-Bissau" is found before "Guinea" and "Niger" is not found
# in "Nigeria"; a name must stand as words of its own.
_LONGEST_FIRST = sorted(NAMES, key=len, reverse=True)
_ANY = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, _LONGEST_FIRST)) + r")(?![\w-])", re.IGNORECASE)


def first_named(text: str) -> str | None:
    """The code of the first country named anywhere in a free text ("Afghanistan passport number
    P04581926, issued in Kandahar, Afghanistan" -> AF), or None."""
    match = _ANY.search(" ".join(text.split()))
    return NAMES[match.group(1).casefold()] if match else None
