"""When a screened row's best candidates are too close to take one: pure, no Neo4j (the same
through the CLI against a real graph: tests/test_screen.py)."""

from __future__ import annotations

from kb.resolution import Judgement, PartyRecord
from kb.screening import ambiguity
from kb.screening.portfolio import Holding
from kb.screening.screen import Candidate, Screened


def judged(*scores: float) -> list[Candidate]:
    return [Candidate(f"e{i}", f"Name {i}", "CN", Judgement(s, ("r",))) for i, s in enumerate(scores)]


def test_close_means_two_matches_or_a_possible_runner_up_within_the_margin() -> None:
    assert ambiguity.close(judged(1.0, 1.0)) == "2 candidates match: Name 0 (e0, 1.00), Name 1 (e1, 1.00)"
    assert ambiguity.close(judged(0.95, 0.91, 0.75)) is not None
    assert (
        ambiguity.close(judged(0.92, 0.87))
        == "Name 1 (e1, 0.87) is within 0.05 of the match Name 0 (e0, 0.92)"
    )
    assert ambiguity.close(judged(0.93, 0.93 - ambiguity.MARGIN)) is not None  # at the margin: close
    assert ambiguity.close(judged(1.0, 0.84)) is None  # a match clear of a possible runner-up
    assert ambiguity.close(judged(0.88, 0.88)) is None  # no match: the row is possible anyway
    assert ambiguity.close(judged(1.0)) is None and ambiguity.close([]) is None


def test_an_exposed_candidate_beside_a_clear_match_settles_the_row_as_ambiguous() -> None:
    match, other = judged(1.0, 0.75)
    row = Screened(Holding(2, "P1", PartyRecord.build("Name")), match, [other])
    clear = {"status": "clear"}
    answers = {"e0": {"bis": clear, "ofac": {"status": "listed"}}, "e1": {"bis": {"status": "caught"}}}
    settled = ambiguity.settle(row, answers, ["ofac", "bis"])
    assert settled.verdict == "ambiguous" and settled.entity is None
    assert settled.candidates == [match, other]
    assert (
        settled.ambiguity
        == "Name 1 (e1, 0.75) is caught under bis, beside the match Name 0 (e0, 1.00), clear there"
    )
    # exposed where the match is exposed too: the row alerts under that regime anyway
    assert ambiguity.settle(row, answers, ["ofac"]) is row
    assert ambiguity.settle(row, {"e0": {"bis": clear}, "e1": {"bis": clear}}, ["bis"]) is row
