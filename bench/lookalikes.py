"""The false-match rate on real lookalike negatives (tests/fixtures/match/lookalikes.csv): two
entries of one list whose names differ by one letter or one word, scored on their names, kinds and
countries. Called by bench_match.py; the set, its builder and its bound: tests/lookalike_pairs.py,
tests/test_lookalikes_labelled.py."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import lookalike_pairs

from kb.resolution import score

LOOKALIKE_CATEGORIES = ("one-letter", "one-word")  # "same-name": equal names, for identifiers to part


def figures(root: Path, threshold: float) -> dict[str, Any]:
    """Pairs and false matches at ``threshold`` per category and kind, and every false match."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    false_matches = []
    for pair in lookalike_pairs.lookalikes(root):
        judged = score(pair.left, pair.right)
        hit = judged.score >= threshold
        for key in (pair.category, f"{pair.category}/{pair.left.kind}"):
            counts[key][0] += hit
            counts[key][1] += 1
        if hit:
            false_matches.append({"line": pair.line, "category": pair.category, "score": judged.score})
    lookalike = [sum(counts[c][i] for c in LOOKALIKE_CATEGORIES) for i in (0, 1)]
    return {
        "false_match_rate": round(lookalike[0] / max(1, lookalike[1]), 4),
        "false_matches": lookalike[0],
        "pairs": lookalike[1],
        "by_category": {k: f"{hit}/{n}" for k, (hit, n) in sorted(counts.items())},
        "false_match_lines": false_matches,
    }


def summary(found: dict[str, Any]) -> str:
    same_name = found["by_category"].get("same-name", "0/0")
    return (
        f"lookalikes: {found['false_matches']}/{found['pairs']} false matches "
        f"(rate {found['false_match_rate']:.4f}); same name on two entries {same_name}"
    )
