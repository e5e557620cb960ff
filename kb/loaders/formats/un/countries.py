"""Country names as the UN writes them (nationalities, addresses, documents) -> ISO 3166-1 alpha-2,
through the one table of :mod:`kb.loaders.formats.ofac.countries`, which holds the UN's official
short names ("Iran (Islamic Republic of)", "United Republic of Tanzania") beside OFAC's. A name not
found maps to ``None``: the caller records an issue and leaves the field out.
"""

from __future__ import annotations

from kb.loaders.formats.ofac.countries import iso as table_iso

# What the UN writes for "not available" where a value belongs: no value, not an unknown country.
NOT_AVAILABLE = frozenset({"na"})


def iso(name: str) -> str | None:
    """ISO alpha-2 code for a UN country name, or None when unknown."""
    return table_iso(name.replace("\u2019", "'"))
