"""Entity resolution: do two source records describe the same party? A pure library (no Neo4j).

- :class:`PartyRecord` — one party as a source states it (names, kind, country, identifiers…);
- :func:`score` — a :class:`Judgement` (score in [0, 1], verdict, reasons) for two records;
- :func:`name_key` — a name normalised for comparison (legal forms, abbreviations, scripts);
- :class:`Blocker` — candidate pairs among many records without comparing every pair;
- :data:`WEIGHTS` — every weight and threshold of the matcher, in one table (weights.py).

How it works, what it cannot do and its figures: docs/resolution.md.
"""

from kb.resolution.blocking import Blocker, blocking_keys
from kb.resolution.names import NameKey, name_key
from kb.resolution.record import PartyRecord
from kb.resolution.scorer import MATCH, POSSIBLE, Judgement, score
from kb.resolution.weights import WEIGHTS, Weights

__all__ = [
    "MATCH",
    "POSSIBLE",
    "WEIGHTS",
    "Blocker",
    "Judgement",
    "NameKey",
    "PartyRecord",
    "Weights",
    "blocking_keys",
    "name_key",
    "score",
]
