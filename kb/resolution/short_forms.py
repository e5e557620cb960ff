"""A record's short forms of its own name: "China Telecom" beside "China Telecom Group Co., Ltd.",
"CNOOC" beside "China National Offshore Oil Corporation".

Lists give a party's short name as an alias, and a group and its members share it: the DoD 1260H
list's China Telecom Group gives "China Telecom", which is (legal form aside) the name of China
Telecom Corporation Limited, a different listed company; OFAC gives "CHINA TELECOM" for both its
China Telecom Corporation and China Telecommunications Corporation entries. A short form meeting
another record's name is therefore evidence of one family of companies, not of one party: the
scorer holds such a pair at *possible* (:data:`SHORT_FORM_CAP`), so a reviewer decides. An
acronym of a few letters is a short form even when it leaves out only generic words: the 1260H
list's MGI Tech Co., Ltd. gives "MGI", the name of MGI PTE LTD of Singapore on OFAC's list. Full
names meeting full names are untouched, and a record's only name is never a short form.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from kb.resolution.names import NameKey, name_key, weight
from kb.resolution.record import PartyRecord
from kb.resolution.weights import WEIGHTS

SHORT_FORM_CAP = WEIGHTS.short_form_cap  # old name, kept for callers; scorer.py applies it
ACRONYM_LETTERS = 4  # a one-word short form this short is held even when it leaves out only generic words
_BRACKETS = re.compile(r"[(\[][^)\]]*[)\]]")


def shortened(
    name: str, record: PartyRecord, kind: str, key: Callable[[str], NameKey] | None = None
) -> str | None:
    """The other name of ``record`` that ``name`` shortens, if any (organisations only): its
    words are some of that name's, leaving out at least one distinctive word, or it is that
    name's initials. ``key``: where the keys of names under ``kind`` are kept, if not name_key's
    cache."""
    if kind == "person" or name not in record.names:
        return None  # a name given in brackets is read as a name of its own (brackets.py)
    key = key or (lambda text: name_key(text, kind))
    short = key(name)
    words = set(short.tokens)
    if not words:
        return None
    for other in record.names:
        if other == name:
            continue
        full = key(_BRACKETS.sub(" ", other))  # "X Co. (Sugon)" gives X and Sugon
        left_out = set(full.tokens) - words
        if words < set(full.tokens) and any(weight(t, kind) == 1.0 for t in left_out):
            return other
        if len(short.tokens) == 1 and len(full.initials) >= 3 and short.tokens[0] == full.initials:
            return other  # "CEC" of China Electronics Corporation (its initials count Corporation)
        if len(short.tokens) == 1 and len(short.tokens[0]) <= ACRONYM_LETTERS and words < set(full.tokens):
            return other  # "MGI" of MGI Tech Co., Ltd.: a word this short names many parties
    return None
