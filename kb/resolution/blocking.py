"""Blocking: which records are worth scoring against each other, without scoring every pair.

Each record gets a set of plain-string keys; two records are candidates when they share one. The
keys are made to be stored and looked up (a graph index on ``:MatchKey {key}`` nodes, or any
key-value table), so that screening 10,000 rows against a million records is 10,000 index
look-ups, not 10¹⁰ comparisons:

- ``id:SCHEME:VALUE`` for every identifier;
- ``w:<word>`` for each distinctive word of each name (generic words such as "China" or
  "Technology" only when a name has nothing else), folded so transliteration variants meet;
- ``j:<all words joined>`` so spacing variants ("Aero Sky One" / "Aeroskyone") and the pinyin
  of a Chinese name meet the same name written in Latin letters;
- ``p:<first five letters>`` of each long distinctive word, folded, so a misspelt long word
  ("Zhongsheng" / "Zhongshong") still meets;
- ``a:<initials>`` of a name of three words or more, and ``a:<word>`` for a one-word name, so an
  acronym meets the name it abbreviates ("CNOOC");
- ``a:<initials>`` and ``s:<first three letters>`` of a Russian name's words as written (before
  they are read in English), and ``a:`` / ``s:`` of an acronym of one or two words, so MMEZ-KT and
  TEKHMASH meet the names they abbreviate (``compare.LONG_ACRONYM``);
- ``h:<two characters>`` for each pair of neighbouring characters of a Chinese name.

A key shared by more than ``max_block`` records (a very common word) is skipped for names;
identifier keys are never skipped.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence

from kb.resolution.compare import LONG_ACRONYM_LETTERS, SYLLABLE_LETTERS
from kb.resolution.names import NameKey, fold, name_key, russian_name, weight
from kb.resolution.record import PartyRecord

# Organisation words that still tell parties apart when scored, but block thousands together.
_NOT_KEYS = frozenset({"group", "holding", "concern"})


def name_keys(name: str, kind: str) -> set[str]:
    key = name_key(name, kind)
    words = [t for t in key.tokens if weight(t, kind) == 1.0 and t not in _NOT_KEYS and len(t) > 1]
    words = words or list(key.tokens)
    keys = {f"w:{fold(t)}" for t in words}
    keys.update(f"p:{fold(t)[:5]}" for t in words if len(t) >= 7)
    if key.tokens:
        keys.add(f"j:{fold(key.joined)}")
    if len(key.initials) >= 3:
        keys.add(f"a:{key.initials}")
    if len(key.tokens) == 1 and 3 <= len(key.tokens[0]) <= 8:
        keys.add(f"a:{key.tokens[0]}")
    if kind != "person":
        keys |= _long_acronym_keys(key)
    if key.han:
        han = key.han
        keys.update(f"h:{han[i : i + 2]}" for i in range(max(1, len(han) - 1)))
    return keys


def _long_acronym_keys(key: NameKey) -> set[str]:
    letters = "".join(key.native)
    if 1 <= len(key.native) <= 2 and len(letters) >= LONG_ACRONYM_LETTERS:
        return {f"a:{letters}", f"s:{letters[:SYLLABLE_LETTERS]}"}
    if len(key.native) >= 2 and russian_name(key):
        return {f"a:{''.join(w[0] for w in key.native)}", f"s:{key.native[0][:SYLLABLE_LETTERS]}"}
    return set()


def blocking_keys(record: PartyRecord) -> frozenset[str]:
    kind = "person" if record.kind == "person" else "company"
    keys = {f"id:{scheme}:{value}" for scheme, values in record.identifiers.items() for value in values}
    for name in record.names:
        keys |= name_keys(name, kind)
    return frozenset(keys)


class Blocker:
    """An inverted index from blocking keys to the records that carry them."""

    def __init__(self, records: Sequence[PartyRecord], max_block: int = 1000) -> None:
        self.records = records
        self.max_block = max_block
        self.index: dict[str, list[int]] = defaultdict(list)
        self.keys = [blocking_keys(record) for record in records]
        for i, keys in enumerate(self.keys):
            for key in keys:
                self.index[key].append(i)

    def _usable(self, key: str) -> bool:
        return key.startswith("id:") or len(self.index.get(key, ())) <= self.max_block

    def candidates(self, record: PartyRecord, limit: int | None = None) -> list[int]:
        """Indexes of the records sharing a usable key with ``record``, most shared keys first."""
        shared: Counter[int] = Counter()
        for key in blocking_keys(record):
            if key in self.index and self._usable(key):
                shared.update(self.index[key])
        return [i for i, _ in shared.most_common(limit)]

    def pairs(self) -> Iterator[tuple[int, int]]:
        """Every candidate pair among the indexed records, each once (i < j)."""
        seen: set[tuple[int, int]] = set()
        for key, members in self.index.items():
            if len(members) < 2 or not self._usable(key):
                continue
            for n, i in enumerate(members):
                for j in members[n + 1 :]:
                    pair = (i, j) if i < j else (j, i)
                    if pair not in seen:
                        seen.add(pair)
                        yield pair
