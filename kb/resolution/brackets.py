"""What a bracket in a company name says: another name of the party, or a place.

- "LLC CST (Zala Aero Group)": a bracket of two words or more with a distinctive one gives another
  name of the party. A place ("SMIC (Beijing)", "X (Hong Kong)", "(Dalian FTZ)"), a number
  ("(84)") or a lone acronym ("(GEC)", which names many parties) is not another name.
- "LEADER (HONG KONG) INTERNATIONAL TRADING LIMITED": a bracketed country tells the party from a
  namesake elsewhere (the Hong Kong arm of a mainland company). When both records place the party
  in that very country, the bracket tells nothing between them, and a name equal to the other once
  it is left out names the same party. A bracketed city or province ("SMIC (Beijing)") names a
  subsidiary or branch and is never left out.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rigour.territories import lookup_territory

from kb.resolution.names import name_key, weight

_BRACKETS = re.compile(r"\(([^()]+)\)")


@lru_cache(maxsize=65536)
def bracketed_names(name: str) -> tuple[str, ...]:
    """Names a company name gives in brackets: "LLC CST (Zala Aero Group)" gives "Zala Aero Group"."""
    found = []
    for inner in _BRACKETS.findall(name):
        tokens = name_key(inner).tokens
        if len(tokens) >= 2 and any(weight(t, "company") == 1.0 and not t.isdigit() for t in tokens):
            found.append(inner.strip())
    return tuple(found)


@lru_cache(maxsize=65536)
def without_country(name: str, country: str) -> tuple[str, str] | None:
    """``(name without the bracket, the bracket)`` when ``name`` brackets the country ``country``."""
    for match in _BRACKETS.finditer(name):
        territory = lookup_territory(match.group(1).strip())
        if territory is not None and territory.code.upper() == country.upper():
            return name[: match.start()] + " " + name[match.end() :], match.group(0)
    return None
