"""Matches ``kb resolve auto`` leaves to a reviewer: an Entity matching two Entities that cannot
be one party, or that do not match each other.

OFAC's Huawei Technologies entry gives Huawei Investment & Holding's full name as an alias, and
two OFAC entries (China Unicom (Hong Kong) and the Unicom group) share the name "China Unicom": a
1260H record matches both entries of each pair at 1.0, while their OFAC UIDs say they are two
parties. Merging it into either is a guess, so both pairs are held for review, with the reason.
Two Entities cannot be one party when :func:`kb.resolution.party.incompatible` says so (their
kinds, or their strong identifiers of one exclusive scheme, differ) or an active ``kb resolve
reject`` does.

An Entity matching two Entities that score below the match threshold against each other is held
too: "Huaxin Technology" reads as "Beijing Huaxin Technology" and as "Shanghai Huaxin Technology"
(a Chinese name without its region), which are two companies (0.77); merging it into both would
make them one through it. :func:`disagree` is the test, :func:`split` applies it to auto's matches.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from kb.decisions.candidates import Candidate, pair_key
from kb.resolution import MATCH, PartyRecord, score
from kb.resolution.party import incompatible


@dataclass(frozen=True)
class Held:
    candidate: Candidate
    why: str

    def row(self) -> dict[str, object]:
        return {**self.candidate.row(), "held": self.why}


def apart(a: PartyRecord, b: PartyRecord, rejected: set[frozenset[str]]) -> str | None:
    """Why ``a`` and ``b`` cannot be one party (:func:`kb.resolution.party.incompatible`, or a
    reviewer's reject), or None."""
    if pair_key(a.key, b.key) in rejected:
        return "a reviewer rejected them as one party"
    return incompatible(a, b)


def disagree(a: PartyRecord, b: PartyRecord, rejected: set[frozenset[str]]) -> str | None:
    """Why one Entity should not be merged with both ``a`` and ``b``, or None: they cannot be one
    party (:func:`apart`), or they do not match each other."""
    why = apart(a, b, rejected)
    if why is not None:
        return f"which cannot be one party ({why})"
    judged = score(a, b)
    if judged.score < MATCH:
        return f"which do not match each other ({judged.score:.2f}, {judged.verdict})"
    return None


def split(
    found: Sequence[Candidate],
    records: Callable[[list[str]], Mapping[str, PartyRecord]],
    rejected: set[frozenset[str]],
) -> tuple[list[Candidate], list[Held]]:
    """``found`` split into the pairs auto may accept and those held for review, order kept."""
    partners: dict[str, list[tuple[str, Candidate]]] = {}
    for c in found:
        partners.setdefault(c.a, []).append((c.b, c))
        partners.setdefault(c.b, []).append((c.a, c))
    crowded = {x: ps for x, ps in partners.items() if len(ps) > 1}
    parties = records(sorted({p for ps in crowded.values() for p, _ in ps}))
    held: dict[frozenset[str], str] = {}
    for x, ps in crowded.items():
        for (y, cy), (z, cz) in combinations(ps, 2):
            why = disagree(parties[y], parties[z], rejected)
            if why is None:
                continue
            reason = f"{x} matches both {y} and {z}, {why}"
            for c in (cy, cz):
                held.setdefault(pair_key(c.a, c.b), reason)
    keep = [c for c in found if pair_key(c.a, c.b) not in held]
    return keep, [Held(c, held[pair_key(c.a, c.b)]) for c in found if pair_key(c.a, c.b) in held]
