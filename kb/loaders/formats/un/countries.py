"""Country names as the UN writes them (nationalities, addresses, documents) -> ISO 3166-1 alpha-2.

The UN uses its official short names ("Iran (Islamic Republic of)", "United Republic of
Tanzania", "State of Palestine"); the names it shares with OFAC's spellings ("Democratic People's
Republic of Korea", "Russian Federation", "Türkiye") come from
:mod:`kb.loaders.formats.ofac.countries`. A name found in neither maps to ``None``: the caller
records an issue and leaves the field out.
"""

from __future__ import annotations

from kb.loaders.formats.ofac.countries import iso as ofac_iso

# UN official names OFAC's table does not spell this way (UNTERM short names).
_UN_NAMES = {
    "Bolivia (Plurinational State of)": "BO",
    "China, Hong Kong Special Administrative Region": "HK",
    "China, Macao Special Administrative Region": "MO",
    "Iran (Islamic Republic of)": "IR",
    "Lao People's Democratic Republic": "LA",
    "Micronesia (Federated States of)": "FM",
    "Netherlands (Kingdom of the)": "NL",
    "Republic of Korea": "KR",
    "Republic of Moldova": "MD",
    "State of Palestine": "PS",
    "United Kingdom of Great Britain and Northern Ireland": "GB",
    "United Republic of Tanzania": "TZ",
    "Venezuela (Bolivarian Republic of)": "VE",
}
NAMES = {name.casefold(): code for name, code in _UN_NAMES.items()}
# What the UN writes for "not available" where a value belongs: no value, not an unknown country.
NOT_AVAILABLE = frozenset({"na"})


def iso(name: str) -> str | None:
    """ISO alpha-2 code for a UN country name, or None when unknown."""
    key = " ".join(name.split()).replace("\u2019", "'").casefold()
    return NAMES.get(key) or ofac_iso(key)
