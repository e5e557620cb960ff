"""Addresses as matching evidence: normalised, compared, and said in words a reviewer can check.

An address becomes an :class:`AddressKey`: its numbers (house, building, postcode, P.O. box) and
its place words (street and district names, city), with the abbreviations lists use expanded
(RD / ROAD, ST / STREET, UL. / ULITSA, BLDG / BUILDING…), the words that only say what kind of
place follows (street, road, building, floor, room…), words of one or two letters and a country
ending the address set aside, Cyrillic transliterated and traditional Chinese simplified. Two addresses are:

- **the same** when they give the same numbers (one's numbers all among the other's) and most of
  their place words (spelling variants accepted);
- **different** when they share no number and at most the city: another street, another building;
- otherwise, or when either gives too little (a city alone), nothing is said.

What an address is worth is the scorer's business (:mod:`kb.resolution.scorer`): many companies of
one group share one address (the Entity List's Gulf Gate Sea Cargo and Gulf Gate Shipping, two
Rostec subsidiaries at 24 Usacheva Street), and one party often has several addresses (the
Entity List keeps one row per address), so neither is enough on its own: of the 33 pairs of two
records at one address in the labelled set, 32 are two parties.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import opencc
from rapidfuzz.distance import Levenshtein
from rigour.territories import lookup_territory
from rigour.text import ascii_text

from kb.resolution.weights import WEIGHTS

_T2S = opencc.OpenCC("t2s")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_DIGITS = re.compile(r"\d+")

# Abbreviations in the addresses of sanctions lists (English, transliterated Russian), expanded.
ABBREVIATIONS = {
    "rd": "road",
    "st": "street",
    "str": "street",
    "ul": "street",
    "ulitsa": "street",
    "ulica": "street",
    "bldg": "building",
    "bld": "building",
    "blvd": "boulevard",
    "ave": "avenue",
    "av": "avenue",
    "hwy": "highway",
    "ln": "lane",
    "sq": "square",
    "dist": "district",
    "distr": "district",
    "fl": "floor",
    "flr": "floor",
    "rm": "room",
    "apt": "apartment",
    "ste": "suite",
    "korp": "building",
    "stroenie": "building",
    "kv": "apartment",
    "pr": "prospekt",
    "prosp": "prospekt",
    "per": "pereulok",
    "obl": "oblast",
    "pl": "plaza",
    "ctr": "center",
    "centre": "center",
    "intl": "international",
}
# Words that say what kind of place a name is, not which: set aside when comparing.
PLACE_TYPES = frozenset(
    [
        "street",
        "road",
        "building",
        "boulevard",
        "avenue",
        "highway",
        "lane",
        "square",
        "district",
        "floor",
        "room",
        "apartment",
        "suite",
        "prospekt",
        "pereulok",
        "oblast",
        "plaza",
        "center",
        "no",
        "number",
        "house",
        "dom",
        "litera",
        "lit",
        "tower",
        "block",
        "unit",
        "office",
        "po",
        "box",
        "p",
        "o",
        "postal",
        "code",
        "zip",
        "city",
        "province",
        "region",
        "village",
        "town",
        "industrial",
        "zone",
        "park",
        "estate",
        "and",
        "the",
        "of",
        "de",
        "la",
        "el",
        "al",
    ]
)
# Chinese address words that only say what kind of place follows (省 province, 市 city, 区 district,
# 路 road, 街 street, 号 number, 楼 / 层 floor, 室 room, 大厦 building…).
_HAN_TYPES = re.compile("[省市区县镇乡村路街道号楼层室座栋幢单元]|大厦|大楼|中心|园区|开发区")


@dataclass(frozen=True)
class AddressKey:
    original: str
    numbers: frozenset[str]
    words: frozenset[str]  # place words, ASCII (or simplified Chinese characters)


@lru_cache(maxsize=65536)
def address_key(text: str) -> AddressKey:
    normal = unicodedata.normalize("NFKC", text)
    numbers = frozenset(n.lstrip("0") or "0" for n in _DIGITS.findall(normal))
    if _HAN.search(normal):
        han = _HAN_TYPES.sub(" ", "".join(c if _HAN.match(c) else " " for c in _T2S.convert(normal)))
        return AddressKey(text, numbers, frozenset(w for w in han.split() if len(w) >= 2))
    tokens = re.split(r"[^a-z]+", ascii_text(_without_country(normal)).lower())
    expanded = (ABBREVIATIONS.get(t, t) for t in tokens)
    return AddressKey(text, numbers, frozenset(w for w in expanded if len(w) > 2 and w not in PLACE_TYPES))


def _without_country(text: str) -> str:
    """The address without its last part when that part is a country ("…, Moscow, RU")."""
    head, _, last = text.rpartition(",")
    territory = lookup_territory(last.strip()) if head and last.strip() else None
    return head if territory is not None and "-" not in territory.code else text


def _shared_words(a: frozenset[str], b: frozenset[str]) -> int:
    """How many of the smaller set of place words are in the other, spelling variants accepted."""
    small, large = sorted((a, b), key=len)
    similar = WEIGHTS.address_word_similarity
    return sum(
        1
        for w in small
        if w in large or any(Levenshtein.normalized_similarity(w, o) >= similar for o in large)
    )


def same_address(a: AddressKey, b: AddressKey) -> bool:
    if not a.numbers or not b.numbers or len(a.words) < 2 or len(b.words) < 2:
        return False
    numbers_agree = a.numbers <= b.numbers or b.numbers <= a.numbers
    return numbers_agree and _shared_words(a.words, b.words) >= WEIGHTS.address_words_shared * min(
        len(a.words), len(b.words)
    )


def different_address(a: AddressKey, b: AddressKey) -> bool:
    """Clearly two places: no number in common and at most one place word (the city) shared."""
    if not a.numbers or not b.numbers or len(a.words) < 2 or len(b.words) < 2:
        return False
    return not a.numbers & b.numbers and _shared_words(a.words, b.words) <= 1


@dataclass(frozen=True)
class AddressEvidence:
    verdict: str  # "same", "different" or "unknown"
    reason: str | None = None


def compare_addresses(left: tuple[str, ...], right: tuple[str, ...]) -> AddressEvidence:
    """Same when any address of one is an address of the other; different when every pair of them
    is clearly two places; unknown otherwise (or when a record gives none)."""
    if not left or not right:
        return AddressEvidence("unknown")
    keys_l = [address_key(a) for a in left]
    keys_r = [address_key(b) for b in right]
    for a in keys_l:
        for b in keys_r:
            if same_address(a, b):
                return AddressEvidence("same", f"same address ({a.original} / {b.original})")
    if all(different_address(a, b) for a in keys_l for b in keys_r):
        return AddressEvidence("different", "addresses differ")
    return AddressEvidence("unknown")
