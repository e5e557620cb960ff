"""How alike two names are: a similarity in [0, 1] with the reasons a reviewer can check.

Words are aligned one to one, each pair scored: equal (1.0), equal once transliteration variants
are folded (0.95), one word the other split in two ("Great Wall" / "Greatwall", 1.0), a small
edit on a long word (rapidfuzz Levenshtein similarity >= 0.8, counted between 0.85 and 0.94), or
a prefix of at least four letters ("Metal" / "Metallic", 0.8). Each side's coverage is the weight
of its aligned words over the weight of all its words (generic words such as "China" or
"Technology", regions and countries weigh 0.25), and the similarity leans on the side covered
less: a name that adds a distinctive word to the other ("SMIC" / "SMIC Beijing") is another party
as often as it is the same one. The numbers are fields of :data:`kb.resolution.weights.WEIGHTS`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Indel, Levenshtein

from kb.resolution.chinese import trade_name_reading
from kb.resolution.cyrillic import REORGANISED_FORMS, slavic_fold
from kb.resolution.names import NameKey, fold, fold_digraphs, russian_name, weight
from kb.resolution.weights import WEIGHTS


@dataclass(frozen=True)
class NameMatch:
    score: float
    reasons: tuple[str, ...]
    left: str
    right: str
    acronym: bool = False  # the score rests on one name being the other's initials


@lru_cache(maxsize=1 << 18)  # the same pairs of words meet again and again when screening
def _pair(a: str, b: str, kind: str = "company") -> float:
    if a == b:
        return 1.0
    if _ACRONYM.match(a) and _ACRONYM.match(b):
        # Acronyms: only a transliterated digraph is a variant (TsST / CST); one letter for
        # another is another company (CCTC / CTG, CRRC / CRCC).
        return WEIGHTS.acronym_digraph if fold_digraphs(a) == fold_digraphs(b) else 0.0
    folded_a, folded_b = fold(a), fold(b)
    places = kind != "person"
    if folded_a == folded_b or fold(slavic_fold(a, places)) == fold(slavic_fold(b, places)):
        return WEIGHTS.word_variant
    shorter, longer = sorted((a, b), key=len)
    if len(shorter) == 1:
        # A company name cut short keeps an initial ("LE-HUA ELEC F" for "… ELECTRONIC FIELD");
        # in a person's name an initial stands for too many given names to count.
        return WEIGHTS.word_initial if kind != "person" and len(longer) >= 3 and longer[0] == shorter else 0.0
    similarity = Levenshtein.normalized_similarity(folded_a, folded_b)
    if len(shorter) >= 5 and similarity >= WEIGHTS.word_edit_similarity:
        return min(max(similarity, WEIGHTS.word_edit_floor), WEIGHTS.word_edit_ceiling)
    if len(shorter) >= 4 and longer.startswith(shorter) and kind != "person":
        return (
            WEIGHTS.word_prefix
        )  # not in a person's name: Jian / Jiangping, Mohammad / Mohammadreza are two names
    if len(shorter) >= 4 and _VOWELS.sub("", folded_a) == _VOWELS.sub("", folded_b):
        return WEIGHTS.word_vowels  # vowels differ only: Zeaiter / Zoeiter, Teir / Tair, Misr / Masr
    return 0.0


_VOWELS = re.compile("[aeiou]")
_ACRONYM = re.compile("^[^aeiouy]+$")  # no vowel: letters standing for words
INITIAL = WEIGHTS.word_initial  # old name, kept for callers


def _merge_split(left: list[str], right: list[str]) -> list[str]:
    """``left`` with two neighbouring words joined where the join is a word of ``right``, spelling
    variants folded ("Tai Long" / "Thailong")."""
    wanted = {fold(t) for t in right}
    out: list[str] = []
    i = 0
    while i < len(left):
        if i + 1 < len(left) and fold(left[i] + left[i + 1]) in wanted:
            out.append(left[i] + left[i + 1])
            i += 2
        else:
            out.append(left[i])
            i += 1
    return out


@dataclass(frozen=True)
class _Alignment:
    left: float  # share of the left name's weight aligned
    right: float
    fuzzy: bool  # some aligned words are spelling variants, not equal
    both_extra: bool  # each name has a word the other lacks


def _align(left: list[str], right: list[str], kind: str) -> _Alignment:
    """Greedy one-to-one alignment of words, best pairs first."""
    # Words alike in no way (most pairs) are never aligned: left out before sorting.
    pairs = sorted(
        [
            (sim, i, j)
            for i, a in enumerate(left)
            for j, b in enumerate(right)
            if (sim := _pair(a, b, kind)) > 0
        ],
        reverse=True,
    )
    used_l: set[int] = set()
    used_r: set[int] = set()
    got_l = got_r = 0.0
    fuzzy = False
    for sim, i, j in pairs:
        if i in used_l or j in used_r:
            continue
        used_l.add(i)
        used_r.add(j)
        got_l += sim * weight(left[i], kind)
        got_r += sim * weight(right[j], kind)
        fuzzy = fuzzy or sim < 1
    total_l = _total_weight(tuple(left), kind) or 1.0
    total_r = _total_weight(tuple(right), kind) or 1.0
    both_extra = len(used_l) < len(left) and len(used_r) < len(right)
    return _Alignment(got_l / total_l, got_r / total_r, fuzzy, both_extra)


@lru_cache(maxsize=1 << 18)  # a name meets many others: its words are weighed once
def _total_weight(words: tuple[str, ...], kind: str) -> float:
    return sum(weight(t, kind) for t in words)


def _latin(a: NameKey, b: NameKey, kind: str) -> tuple[float, list[str]]:
    if not a.tokens or not b.tokens:
        return 0.0, ["a name has no words left to compare"]
    if a.sorted_tokens == b.sorted_tokens:
        return 1.0, ["names equal after normalisation"]
    if a.joined == b.joined:
        return WEIGHTS.spacing_only, ["names equal apart from spacing"]
    # _merge_split changes a name only where two of its neighbouring words, joined, are a word of
    # the other: most pairs have none, which each name's own sets show without the loop.
    left = _merge_split(list(a.tokens), list(b.tokens)) if a.folded_joins & b.folded else list(a.tokens)
    if len(left) != len(a.tokens):
        right = _merge_split(list(b.tokens), left)
    else:
        right = _merge_split(list(b.tokens), left) if b.folded_joins & a.folded else list(b.tokens)
    found = _align(left, right, kind)
    low, high = sorted((found.left, found.right))
    score = WEIGHTS.low_coverage * low + WEIGHTS.high_coverage * high
    reasons = [f"words in common: {low:.0%} of one name, {high:.0%} of the other"]
    if found.fuzzy:
        reasons.append("spelling variants accepted")
    if found.both_extra:
        # "X (HK) International" / "X International Investment": two qualifiers, often two siblings.
        score *= WEIGHTS.two_qualifiers
        reasons.append("each name has words the other lacks")
    return score, reasons


def _acronym(a: NameKey, b: NameKey) -> bool:
    """One name is a single word made of the other's initials, in order ("CNOOC", "CPMIEC")."""
    for short, long in ((a, b), (b, a)):
        if len(short.tokens) == 1 and 3 <= len(word := short.tokens[0]) <= 8 and len(long.initials) >= 3:
            rest = iter(long.initials)
            if word[0] == long.initials[0] and all(ch in rest for ch in word):
                return True
    return False


ACRONYM = WEIGHTS.acronym  # old name, kept for callers
# A long acronym spelling out every word of the other, Russian, name (WEIGHTS.long_acronym): letters
# this many or more leave few parties to share one; shorter acronyms stay ACRONYM.
LONG_ACRONYM_LETTERS = 5
SYLLABLE_LETTERS = 3  # a word's part in such an acronym: its initial, or a syllable this long or more


def _spells(pieces: str, words: tuple[str, ...]) -> bool:
    """``pieces`` is every word of ``words`` in order, each by its initial or a beginning of
    :data:`SYLLABLE_LETTERS` or more, at most ``WEIGHTS.syllable_share`` of the word."""
    if not words:
        return not pieces
    word = words[0]
    return any(
        (length == 1 or length >= SYLLABLE_LETTERS)
        and word.startswith(pieces[:length])
        and _spells(pieces[length:], words[1:])
        for length in range(1, min(int(len(word) * WEIGHTS.syllable_share), len(pieces)) + 1)
    )


def _covers(acronyms: tuple[str, ...], words: tuple[str, ...]) -> bool:
    """Each acronym spells its own run of ``words``, in order, the runs covering them all."""
    if not acronyms:
        return not words
    return any(
        _spells(acronyms[0], words[:end]) and _covers(acronyms[1:], words[end:])
        for end in range(1, len(words) - len(acronyms) + 2)
    )


def _long_acronym(a: NameKey, b: NameKey) -> bool:
    """One name is one or two acronyms (MMEZ-KT, TEKHMASH) spelling every word of the other, a
    Russian name: English acronyms (CNOOC, COMAC) name a group and its members alike, and stay
    ACRONYM."""
    for short, long in ((a, b), (b, a)):
        letters = "".join(short.native)
        if (
            1 <= len(short.native) <= 2
            and len(letters) >= LONG_ACRONYM_LETTERS
            and len(long.native) >= max(2, len(short.native) + 1)
            and russian_name(long)
            and not set(short.native) & set(long.native)
            and _covers(short.native, long.native)
        ):
            return True
    return False


def _han(a: NameKey, b: NameKey) -> tuple[float, list[str]]:
    if a.han == b.han:
        return 1.0, ["Chinese names equal after traditional→simplified and removing legal forms"]
    similarity = Indel.normalized_similarity(a.han, b.han)
    return WEIGHTS.han_similarity * similarity, [f"Chinese names {similarity:.0%} alike"]


def compare_names(a: NameKey, b: NameKey, kind: str = "company", chinese: bool = True) -> NameMatch:
    """``chinese``: whether the region + trade name + industry reading may apply (the scorer says
    no when a record's country is not Chinese)."""
    acronym = False
    if a.script == "han" and b.script == "han":
        score, reasons = _han(a, b)
    else:
        score, reasons = _latin(a, b, kind)
        if kind != "person" and score < WEIGHTS.long_acronym and _long_acronym(a, b):
            reason = "one name is made of the initials or first syllables of every word of the other"
            score, reasons, acronym = WEIGHTS.long_acronym, [reason], True
        elif kind != "person" and score < WEIGHTS.acronym and _acronym(a, b):
            score, reasons, acronym = WEIGHTS.acronym, ["one name is made of the other's initials"], True
        reading = trade_name_reading(a, b) if kind != "person" and chinese else None
        if reading is not None and reading[0] > score:
            score, reasons, acronym = reading[0], [reading[1]], False
        if "han" in (a.script, b.script):
            reasons = [*reasons, "compared through the pinyin of the Chinese name"]
        elif "cyrillic" in (a.script, b.script) and a.script != b.script:
            reasons = [*reasons, "compared through the transliteration of the Cyrillic name"]
    reorganised = a.forms | b.forms <= REORGANISED_FORMS
    if a.forms and b.forms and not a.forms & b.forms and score > 0 and not reorganised:
        score *= WEIGHTS.legal_forms_differ
        reasons.append(f"legal forms differ ({', '.join(sorted(a.forms))} vs {', '.join(sorted(b.forms))})")
    return NameMatch(round(score, 4), tuple(reasons), a.original, b.original, acronym)
