"""The labelled-set figures, exactly as measured: any change to them is seen here first.

test_match_labelled.py, test_match_xscript.py and test_lookalikes_labelled.py hold the targets and
floors; this holds the counts themselves. They depend on kb.resolution and on the libraries under it
(rigour, normality, PyICU and the ICU inside it, rapidfuzz, opencc, pypinyin), whose versions
requirements.lock pins. A figure that moves, up or down, after a change to either fails here with
the new counts: if the change is meant, write them below and in docs/resolution.md.

Measured 2026-12-07 with requirements.lock (pyicu-wheels 2.15.2, ICU 77.1); PyICU 2.17 built against
ICU 72.1 gives the same scores for every pair.
"""

from __future__ import annotations

import pytest
from lookalike_pairs import lookalikes
from match_pairs import XSCRIPT_PAIRS, pairs
from shared_data import real

from kb.resolution import MATCH, PartyRecord, score

BEYOND_NAMES = frozenset({"acronym", "rename", "translation", "short-name", "pinyin"})

# (pairs, of them the same party, matched among those, matched among the others) at MATCH
FIGURES = {
    "labelled, dev": (267, 182, 163, 0),
    "labelled, held out": (198, 117, 107, 0),
    "labelled, with name evidence": (453, 287, 268, 0),
    "cross-script, on names": (514, 345, 241, 1),
    "cross-script, Cyrillic-Latin": (119, 92, 59, 0),
    "lookalikes, one letter or word": (488, 0, 0, 0),
    "lookalikes, equal names": (6, 0, 0, 5),
}


Figures = tuple[int, int, int, int]


def _counts(selection: list[tuple[bool, PartyRecord, PartyRecord]]) -> Figures:
    matched = [(same, score(left, right).score >= MATCH) for same, left, right in selection]
    return (
        len(matched),
        sum(same for same, _ in matched),
        sum(hit for same, hit in matched if same),
        sum(hit for same, hit in matched if not same),
    )


@pytest.fixture(scope="module")
def measured() -> dict[str, Figures]:
    labelled = list(pairs(real()))
    xscript = [p for p in pairs(real(), XSCRIPT_PAIRS) if not p.category.startswith("same-name/")]
    looks = list(lookalikes(real()))
    selections = {
        "labelled, dev": [p for p in labelled if not p.held_out],
        "labelled, held out": [p for p in labelled if p.held_out],
        "labelled, with name evidence": [p for p in labelled if p.category not in BEYOND_NAMES],
        "cross-script, on names": xscript,
        "cross-script, Cyrillic-Latin": [p for p in xscript if p.category.endswith("/cyrillic-latin")],
    }
    figures = {
        name: _counts([(p.same, p.left, p.right) for p in chosen]) for name, chosen in selections.items()
    }
    figures["lookalikes, one letter or word"] = _counts(
        [(False, p.left, p.right) for p in looks if p.category != "same-name"]
    )
    figures["lookalikes, equal names"] = _counts(
        [(False, p.left, p.right) for p in looks if p.category == "same-name"]
    )
    return figures


@pytest.mark.parametrize("name", FIGURES)
def test_the_figure_is_as_measured(measured: dict[str, Figures], name: str) -> None:
    assert measured[name] == FIGURES[name], f"{name}: (pairs, same, matched same, matched others) moved"
