"""Are two records the same party? A score in [0, 1], a verdict and the reasons behind both.

Order of evidence: kinds (a person is never a company), then identifiers (an exclusive scheme on
both records decides: the same value is a match, different values a non-match whatever the names
say), then the best-matching pair of names, adjusted by country and date. Thresholds:
``MATCH`` and above may be accepted automatically; from ``POSSIBLE`` an analyst should look.
"""

from __future__ import annotations

from dataclasses import dataclass

from kb.resolution.compare import NameMatch, compare_names
from kb.resolution.identifiers import compare_identifiers
from kb.resolution.names import name_key
from kb.resolution.record import PartyRecord

MATCH = 0.9
POSSIBLE = 0.7
_ORGANISATIONS = frozenset({"company", "organization"})


@dataclass(frozen=True)
class Judgement:
    score: float
    reasons: tuple[str, ...]
    names: tuple[str, str] | None = None  # the pair of names the score rests on

    @property
    def verdict(self) -> str:
        if self.score >= MATCH:
            return "match"
        return "possible" if self.score >= POSSIBLE else "different"


def _kinds_compatible(a: str, b: str) -> bool:
    return a == b or {a, b} <= _ORGANISATIONS


def best_name_match(a: PartyRecord, b: PartyRecord) -> NameMatch | None:
    kind = "person" if "person" in (a.kind, b.kind) else a.kind
    best: NameMatch | None = None
    for left in a.names:
        for right in b.names:
            found = compare_names(name_key(left, kind), name_key(right, kind), kind)
            if best is None or found.score > best.score:
                best = found
    return best


def score(a: PartyRecord, b: PartyRecord) -> Judgement:
    if not _kinds_compatible(a.kind, b.kind):
        return Judgement(0.0, (f"kinds differ ({a.kind} vs {b.kind})",))
    ids = compare_identifiers(a.identifiers, b.identifiers)
    if ids.conflicts:
        return Judgement(0.0, tuple(ids.reasons))
    if ids.same:
        return Judgement(1.0, tuple(ids.reasons))
    found = best_name_match(a, b)
    if found is None:
        return Judgement(0.0, ("a record has no name",))
    value = found.score
    reasons = list(found.reasons)
    if ids.shared:
        value = min(1.0, value + 0.15)
        reasons.extend(ids.shared)
    if a.country and b.country:
        if a.country != b.country:
            value *= 0.8
            reasons.append(f"countries differ ({a.country} vs {b.country})")
        else:
            reasons.append(f"same country ({a.country})")
    if a.date and b.date:
        if a.date != b.date:
            value *= 0.5
            reasons.append(f"dates differ ({a.date} vs {b.date})")
        else:
            value = min(1.0, value + 0.05)
            reasons.append(f"same date ({a.date})")
    return Judgement(round(value, 4), tuple(reasons), (found.left, found.right))
