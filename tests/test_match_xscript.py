"""The cross-script labelled set (tests/fixtures/match/xscript_pairs.csv, built by
bench/build_xscript_pairs.py): records sharing an identifier across lists, a record's name against
its own a.k.a.s, and hard negatives with different identifiers of one scheme, compared on names.

docs/resolution.md discusses the figures; `make bench-match` prints them beside nomenklatura's.
"""

from __future__ import annotations

import pytest
from match_pairs import XSCRIPT_PAIRS, LabelledPair, pairs
from shared_data import real

from kb.resolution import MATCH, score


@pytest.fixture(scope="module")
def labelled() -> list[LabelledPair]:
    return list(pairs(real(), XSCRIPT_PAIRS))


def test_every_reference_resolves_to_the_names_it_was_built_from(labelled: list[LabelledPair]) -> None:
    assert len(labelled) >= 300
    kinds = {p.category.split("/")[0] for p in labelled}
    assert kinds == {"shared-id", "own-alias", "negative", "same-name"}
    assert all(p.same == (p.category.split("/")[0] in ("shared-id", "own-alias")) for p in labelled)


def test_precision_on_the_cross_script_set(labelled: list[LabelledPair]) -> None:
    # "same-name" negatives are one name on two entries: only identifiers separate them.
    hits = [(p, score(p.left, p.right).score) for p in labelled if not p.category.startswith("same-name/")]
    tp = sum(1 for p, s in hits if p.same and s >= MATCH)
    false = [(p.line, p.category, s) for p, s in hits if not p.same and s >= MATCH]
    assert tp / (tp + len(false)) >= 0.98, false


def test_recall_on_the_cross_script_set(labelled: list[LabelledPair]) -> None:
    # 208 of 345 at MATCH when written (0.603; nomenklatura's logic-v2 0.345): renames, pseudonyms,
    # acronyms and Arabic original-script names are most of the misses (docs/resolution.md). These
    # floors keep what was reached from slipping.
    def recall(selection: list[LabelledPair]) -> float:
        positives = [p for p in selection if p.same]
        return sum(score(p.left, p.right).score >= MATCH for p in positives) / len(positives)

    # 0.577 once persons need a shared date or identifier (lookalikes.py); 0.614 once two person
    # records carry the birth dates their lists give (the first of each: a record giving no date, or
    # listing several in another order, stays held at possible or is halved); 0.655 (226 of 345)
    # with the EU-language forms, oil company, Radio- and Belarusian readings of 2026-12-07; 0.699
    # (241 of 345, twice logic-v2's 119 and three more) with машиностроение in English, long
    # Russian acronyms (MMEZ-KT, TEKHMASH) and the Czech -ová.
    assert recall(labelled) >= 0.69
    assert recall([p for p in labelled if p.category.endswith("/cyrillic-latin")]) >= 0.64
