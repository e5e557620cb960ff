"""When a portfolio row's match is not clear, so ``kb screen`` must not take it and clear the row.

A row is **ambiguous** when its best candidate is a match but
- another candidate is a match too (a tie at 1.0, two Entities the graph has not merged, a group
  and a member under one name): which one the portfolio means is a guess;
- the runner-up is at least possible and within :data:`MARGIN` of the best: the scores do not
  tell them apart;
- a candidate at least possible is listed, caught or possible under a regime where the matched
  Entity is clear: taking the match would clear the row where it may be exposed.

An ambiguous row names no entity: every candidate is listed, best first, with its score, reasons
and statuses, and a regime is ``possible`` when one of them is exposed there, as for a row with
only possible candidates; ``kb screen`` exits 4. The first two are known when the row is scored
(:func:`close`), the third once the candidates' exposure is (:func:`settle`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from kb.resolution.weights import WEIGHTS

if TYPE_CHECKING:
    from kb.screening.screen import Candidate, Screened

MARGIN = WEIGHTS.ambiguity_margin  # old name, kept for callers: weights.py says why
EXPOSED = ("listed", "caught", "possible")
Answers = Mapping[str, Mapping[str, Mapping[str, Any]]]  # entity -> regime -> exposure


def _named(c: Candidate) -> str:
    return f"{c.name} ({c.id}, {c.judgement.score:.2f})"


def close(judged: Sequence[Candidate]) -> str | None:
    """Why the best of ``judged`` (scored, best first, none different) is not clearly the row's
    party, or None."""
    if len(judged) < 2 or judged[0].judgement.score < WEIGHTS.match:
        return None
    best, runner = judged[0], judged[1]
    matches = [c for c in judged if c.judgement.score >= WEIGHTS.match]
    if len(matches) > 1:
        return f"{len(matches)} candidates match: {', '.join(_named(c) for c in matches)}"
    if round(best.judgement.score - runner.judgement.score, 4) <= WEIGHTS.ambiguity_margin:
        return f"{_named(runner)} is within {WEIGHTS.ambiguity_margin} of the match {_named(best)}"
    return None


def settle(s: Screened, answers: Answers, regimes: Sequence[str]) -> Screened:
    """``s``, made ambiguous when one of its other candidates is exposed under a regime where its
    matched entity is clear (``answers``: exposure per entity and regime, candidates included)."""
    if s.entity is None:
        return s
    own = answers.get(s.entity.id, {})
    for r in regimes:
        if own.get(r, {}).get("status") in EXPOSED:
            continue
        for c in s.candidates:
            status = answers.get(c.id, {}).get(r, {}).get("status")
            if status in EXPOSED:
                why = f"{_named(c)} is {status} under {r}, beside the match {_named(s.entity)}, clear there"
                return replace(s, entity=None, candidates=[s.entity, *s.candidates], ambiguity=why)
    return s
