"""The labelled name pairs drawn from the real samples: precision, recall, blocking, the hard rule.

A correctness test, not a timing test. The figures and the misses are discussed in
docs/resolution.md; `make bench-match` prints them with a threshold sweep.
"""

from __future__ import annotations

import dataclasses

import pytest
from match_pairs import LabelledPair, pairs
from shared_data import real

from kb.resolution import MATCH, PartyRecord, blocking_keys, score

# Categories whose names share nothing a name matcher can use (an acronym, a rename, a translation,
# a short trade name): only an alias or an identifier joins them. Labelled when the pairs were
# chosen, before any scoring.
BEYOND_NAMES = frozenset({"acronym", "rename", "translation", "short-name", "pinyin"})


@pytest.fixture(scope="module")
def labelled() -> list[LabelledPair]:
    return list(pairs(real()))


def rates(selection: list[LabelledPair]) -> tuple[float, float]:
    hits = [(p.same, score(p.left, p.right).score >= MATCH) for p in selection]
    tp = sum(1 for same, hit in hits if same and hit)
    fp = sum(1 for same, hit in hits if hit and not same)
    positives = sum(1 for same, _ in hits if same)
    return tp / max(1, tp + fp), tp / positives


def test_the_set_is_large_and_balanced_enough(labelled: list[LabelledPair]) -> None:
    assert len(labelled) >= 200
    assert sum(p.same for p in labelled) >= 100
    assert sum(not p.same for p in labelled) >= 100
    assert sum(p.held_out for p in labelled) >= 100
    sources = {record.source.split("/")[0] for p in labelled for record in (p.left, p.right)}
    assert sources == {"ofac_sdn", "ns_cmic", "csl", "dod_1260h", "ftm_opensanctions", "gleif"}


@pytest.mark.parametrize("held_out", [False, True], ids=["dev", "held-out"])
def test_precision_meets_the_target_on_each_split(labelled: list[LabelledPair], held_out: bool) -> None:
    precision, _ = rates([p for p in labelled if p.held_out == held_out])
    assert precision >= 0.98


def test_recall(labelled: list[LabelledPair]) -> None:
    # The target is 0.90 at precision 0.98; at MATCH this set gives 0.903 overall and 0.934
    # on pairs with name evidence (docs/resolution.md says which pairs miss and why). These floors
    # keep what was reached from slipping.
    _, overall = rates(labelled)
    _, with_names = rates([p for p in labelled if p.category not in BEYOND_NAMES])
    assert overall >= 0.90
    assert with_names >= 0.93


def test_blocking_keeps_the_positives(labelled: list[LabelledPair]) -> None:
    positives = [p for p in labelled if p.same]
    lost = [p for p in positives if not blocking_keys(p.left) & blocking_keys(p.right)]
    assert len(lost) / len(positives) <= 0.01, [(p.line, p.category) for p in lost]


def test_different_identifiers_of_one_scheme_never_match(labelled: list[LabelledPair]) -> None:
    def with_lei(record: PartyRecord, lei: str) -> PartyRecord:
        return dataclasses.replace(record, identifiers={**record.identifiers, "LEI": frozenset({lei})})

    for p in labelled:
        judged = score(with_lei(p.left, "21380068P1DRHMJ8KU70"), with_lei(p.right, "HWUPKR0MPOU8FGXBT394"))
        assert judged.score == 0.0, p.line


def test_pairs_told_apart_only_by_identifiers_are(labelled: list[LabelledPair]) -> None:
    only_ids = [p for p in labelled if p.category in ("same-name-two-entries", "same-name-different-id")]
    assert len(only_ids) >= 4
    for p in only_ids:
        judged = score(p.left, p.right)
        assert judged.score == 0.0
        assert judged.reasons[0].startswith("different ")


def test_what_a_record_keeps_from_scoring_never_changes_a_score(labelled: list[LabelledPair]) -> None:
    """A record keeps its names' keys once worked out (kb resolve suggest scores a party against
    many others): every labelled pair scores the same on fresh records as on records first scored
    against many others, which fills what they keep, under other kinds too."""

    def fresh(record: PartyRecord) -> PartyRecord:
        return dataclasses.replace(record)  # a new record: nothing kept

    expected = [score(fresh(p.left), fresh(p.right)) for p in labelled]
    used = [(fresh(p.left), fresh(p.right)) for p in labelled]
    records = [record for pair in used for record in pair]
    for n, record in enumerate(records):
        for other in records[n + 1 : n + 40]:
            score(record, other)
            score(other, record)
    assert all(record.memo for record in records)
    assert [score(left, right) for left, right in used] == expected
