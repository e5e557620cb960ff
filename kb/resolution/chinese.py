"""A structural reading of Chinese company names written in Latin letters.

By the rules on enterprise names a Chinese company is named region + trade name (字号) + industry +
legal form: "Nanjing Kaikai Technology Co., Ltd.". Lists and English versions routinely leave out
the region at the head ("Kaikai Technology Co., Ltd.") or the industry words ("Yanbian
Silverstar"); both name the party the full name names. A region elsewhere in a name is another
thing: "SMIC (Beijing)", "X (Shenzhen) Trading" usually name a subsidiary or a branch, so this
reading never applies to them, nor to two names of different regions, nor to a group or holding
company (a group's regional subsidiaries carry its trade name after their own region).

The reading holds only when the trade name, the distinctive words, is the same in both names
(spelling variants folded) and one name's industry words are all in the other (one leaves some
out, neither substitutes: "Zhicheng Metallic Material" / "Zhicheng Metallic Mineral" may be two
companies of one owner). Nor does it apply to a name carrying another country's name ("IRAN
AIRCRAFT MANUFACTURING INDUSTRIAL" is not "Shanghai Aircraft Manufacturing" without its region):
the scorer, besides, applies it only to records whose country is Chinese or not given
(:mod:`kb.resolution.lookalikes`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rigour.territories import lookup_territory

from kb.resolution import vocabulary as v
from kb.resolution.names import NameKey, fold, weight
from kb.resolution.weights import WEIGHTS

# What two names of one trade name in one region score (weights.py's ``chinese_reading``): a match,
# with the reason saying what the shorter name left out, so that a reviewer sees the reading.
SAME_TRADE_NAME = WEIGHTS.chinese_reading
_GROUP_WORDS = frozenset({"group", "holding", "concern"})


@dataclass(frozen=True)
class _Parts:
    region: str | None
    trade_name: tuple[str, ...]  # distinctive words, folded, sorted
    industry: frozenset[str]  # generic words, folded
    words: tuple[str, ...]  # as written (for reasons)


_CHINESE = frozenset({"cn", "hk", "mo", "tw"})


@lru_cache(maxsize=65536)
def _foreign(token: str) -> bool:
    """A country's name (or its people's) other than China's, Hong Kong's, Macau's, Taiwan's."""
    if len(token) < 4 or token in v.REGIONS:
        return False
    territory = lookup_territory(token)
    return territory is not None and territory.is_country and territory.code[:2] not in _CHINESE


def _parts(tokens: tuple[str, ...]) -> _Parts | None:
    if any(_foreign(t) for t in tokens):
        return None
    region = tokens[0] if len(tokens) > 1 and tokens[0] in v.REGIONS else None
    rest = tokens[1:] if region else tokens
    if any(t in v.REGIONS for t in rest) or any(t in _GROUP_WORDS for t in rest):
        return None
    trade_name = tuple(sorted(fold(t) for t in rest if weight(t, "company") == 1.0))
    industry = frozenset(fold(t) for t in rest if weight(t, "company") < 1.0)
    return _Parts(region, trade_name, industry, rest)


def trade_name_reading(a: NameKey, b: NameKey) -> tuple[float, str] | None:
    """``(score, reason)`` when ``a`` and ``b`` read as one trade name in one region, else None."""
    if a.script != "latin" or b.script != "latin":
        return None
    left, right = _parts(a.tokens), _parts(b.tokens)
    if left is None or right is None or not (left.region or right.region):
        return None
    if left.region and right.region and left.region != right.region:
        return None
    if not left.trade_name or left.trade_name != right.trade_name:
        return None
    if not (left.industry <= right.industry or right.industry <= left.industry):
        return None
    reason = _reason(left, right)
    return (WEIGHTS.chinese_reading, reason) if reason else None


def _reason(left: _Parts, right: _Parts) -> str | None:
    left_out: list[str] = []
    if bool(left.region) != bool(right.region):
        left_out.append(f"the region {(left.region or right.region or '').upper()}")
    extra = left.industry ^ right.industry
    if extra:
        longer = left if left.industry > right.industry else right
        words = [t for t in longer.words if fold(t) in extra]
        left_out.append(f"the industry words {' '.join(words).upper()}")
    if not left_out:
        return None
    return (
        f"one name is the other without {' and '.join(left_out)} "
        "(Chinese names read region + trade name + industry + legal form)"
    )
