"""Candidate pairs of Entities, read from the graph and scored by :mod:`kb.resolution`.

Each Entity becomes one :class:`PartyRecord` carrying the names of every SourceRecord that
describes it and its strong identifiers. Candidates come from :class:`kb.resolution.Blocker` in
memory, which suits graphs of up to some hundred thousand entities; larger graphs will look the
blocking keys up in the graph (the ``MatchKey`` nodes `kb screen` writes).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kb.db import Database, Row
from kb.queries import run, wrapper
from kb.resolution import POSSIBLE, Blocker, Judgement, PartyRecord, score
from kb.resolution.record import KINDS


@wrapper("resolve/match_entities")
def match_entities(db: Database, *, ids: list[str] | None = None) -> list[Row]:
    return run(db, "resolve/match_entities", ids=ids)


@wrapper("resolve/decided_pairs")
def decided_pairs(db: Database) -> list[Row]:
    return run(db, "resolve/decided_pairs")


@dataclass(frozen=True)
class Candidate:
    a: str  # the survivor if accepted: the Entity seen first
    b: str
    a_name: str
    b_name: str
    judgement: Judgement

    def row(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "a_name": self.a_name,
            "b": self.b,
            "b_name": self.b_name,
            "score": self.judgement.score,
            "verdict": self.judgement.verdict,
            "reasons": list(self.judgement.reasons),
        }


def party(row: Row) -> PartyRecord:
    kind = row["kind"] if row["kind"] in KINDS else "company"
    name = row["name"] or next(iter(row["names"]), "") or row["id"]
    return PartyRecord.build(
        name,
        kind=kind,
        aliases=[n for n in row["names"] if n != name],
        country=row["country"],
        identifiers=row["identifiers"],
        address="\n".join(row["addresses"]) or None,
        key=row["id"],
    )


def pair_key(a: str, b: str) -> frozenset[str]:
    return frozenset((a, b))


def _seen_first(left: Row, right: Row) -> tuple[Row, Row]:
    """The survivor first: the Entity a load wrote first, then the smaller id."""

    def order(row: Row) -> tuple[str, str]:
        seen = row["first_seen"]
        return (seen.iso_format() if seen is not None else "~", row["id"])

    return (left, right) if order(left) <= order(right) else (right, left)


def suggest(db: Database, *, min_score: float = POSSIBLE, limit: int | None = None) -> list[Candidate]:
    """Pairs scoring at least ``min_score``, best first; never a pair an active decision covers,
    never one whose strong identifiers of one scheme differ (the matcher scores those 0)."""
    rows = match_entities(db)
    records = [party(row) for row in rows]
    decided = {pair_key(r["a"], r["b"]) for r in decided_pairs(db)}
    found: list[Candidate] = []
    for i, j in Blocker(records).pairs():
        if pair_key(rows[i]["id"], rows[j]["id"]) in decided:
            continue
        judged = score(records[i], records[j])
        if judged.score <= 0 or judged.score < min_score:
            continue
        first, second = _seen_first(rows[i], rows[j])
        found.append(Candidate(first["id"], second["id"], first["name"] or "", second["name"] or "", judged))
    found.sort(key=lambda c: (-c.judgement.score, c.a, c.b))
    return found[:limit] if limit is not None else found
