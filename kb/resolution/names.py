"""Names to comparable keys, in English, Chinese and Russian (and any Latin or Cyrillic script).

A name becomes a :class:`NameKey`: its legal forms (recognised by rigour's org-type table in many
languages, plus Chinese forms in characters and pinyin), and its core words: abbreviations
expanded, plurals folded, Cyrillic transliterated (rigour), traditional Chinese made simplified
(OpenCC) and read as pinyin (pypinyin). What a key cannot do: turn a Chinese name into its English
trade name (浪潮 is "Lang Chao" in pinyin, never "Inspur"); such pairs meet only through an alias
a record carries, or an identifier.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache

import opencc
from pypinyin import lazy_pinyin
from rigour.names import extract_org_types, normalize_name, remove_org_types, remove_person_prefixes
from rigour.territories import lookup_territory
from rigour.text import ascii_text

from kb.resolution import cyrillic
from kb.resolution import vocabulary as v
from kb.resolution.weights import WEIGHTS

_T2S = opencc.OpenCC("t2s")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_APOSTROPHES = re.compile("['\u2019\u02bc`\u00b4\u2018]")
# Applied in order; transliterations of one name differ in exactly these (Zakharov / Zacharov,
# Kyong / Kyeong, Jong / Chong, Bong / Pong, Moon / Mun, TsST / CST, Thai / Tai).
_FOLD_RULES = (
    "shch>s kh>h ch>c sh>s zh>z th>t ts>c tz>c ph>f ck>k x>ks eo>o eu>u oo>u ou>u iy>i yi>i y>i j>c w>v "
    "g>k b>p d>t c>k"
)
_FOLDS = tuple((old, new) for old, _, new in (rule.partition(">") for rule in _FOLD_RULES.split()))
_PHRASES = (
    (re.compile(r"\bhong\s+kong\b", re.IGNORECASE), "hongkong"),
    # North Korea's names in lists: "North Korean Zinc" / "Korea Zinc" / "DPRKN Mining" (the
    # record's country tells KP from KR; "South Korea" keeps its "south").
    (re.compile(r"\b(?:north\s+korean?|dprkn?)\b", re.IGNORECASE), "korea"),
    (re.compile(r"\bfree\s+trade\s+zone\b", re.IGNORECASE), "ftz"),
)
# Russian -ий is written -ij in Ukrainian, Polish and German spellings, -iy, -y or -ii in English
# ones (Vitalij / Vitaliy / Vitaly / Vitalii); the folds below meet the others.
_FINAL_I = re.compile(r"[iy]j$")


@dataclass(frozen=True)
class NameKey:
    """A name ready to compare. ``tokens`` are ASCII core words (legal forms and stopwords out);
    ``han`` is the simplified-Chinese core of a name written in Chinese characters."""

    original: str
    script: str  # latin, han, cyrillic
    tokens: tuple[str, ...]
    forms: frozenset[str]  # legal forms found, in rigour's generic spelling (llc, jsc, …)
    han: str = ""
    initials: str = ""  # first letters of every word, organisation words included ("CNOOC")
    # an organisation's core words as written, before Russian and pinyin words are read in English
    # (Tekhnologii Mashinostroeniya, not technology machinebuilding): what its acronyms abbreviate
    native: tuple[str, ...] = ()

    @property
    def joined(self) -> str:
        return "".join(self.tokens)

    # Worked out once per name, not once per pair of names it is compared in.
    @cached_property
    def sorted_tokens(self) -> list[str]:
        return sorted(self.tokens)

    @cached_property
    def folded(self) -> frozenset[str]:
        """Each word with its spelling variants folded (:func:`fold`)."""
        return frozenset(fold(t) for t in self.tokens)

    @cached_property
    def folded_joins(self) -> frozenset[str]:
        """Each two neighbouring words joined, folded: what a name written as one word may match."""
        return frozenset(fold(a + b) for a, b in zip(self.tokens, self.tokens[1:], strict=False))


def script_of(text: str) -> str:
    if _HAN.search(text):
        return "han"
    if _CYRILLIC.search(text):
        return "cyrillic"
    return "latin"


_REPEATS = re.compile(r"(.)\1+")


@lru_cache(maxsize=1 << 18)  # words repeat across names: screening folds each pair of words
def fold(token: str) -> str:
    """One spelling for transliteration variants (Zakharov, Zacharov, Zaharov → zahar…)."""
    token = _FINAL_I.sub("i", token) if len(token) > 3 else token
    for old, new in _FOLDS:
        token = token.replace(old, new)
    return _REPEATS.sub(r"\1", token)


def fold_digraphs(token: str) -> str:
    """Only the folds of two letters or more (ts > c, kh > h…): for acronyms, where a single
    letter stands for a word and cannot be swapped for another."""
    for old, new in _FOLDS:
        if len(old) > 1:
            token = token.replace(old, new)
    return token


def _word(token: str) -> str:
    token = v.ABBREVIATIONS.get(token, token)
    if len(token) > 4 and token.endswith("ies"):
        token = token[:-3] + "y"
    elif len(token) > 4 and token.endswith("s") and not token.endswith("ss"):
        token = token[:-1]
    return v.VARIANTS.get(token, token)


def _drop_pinyin_forms(tokens: list[str]) -> tuple[list[str], set[str]]:
    found: set[str] = set()
    for form in v.PINYIN_FORMS:
        n = len(form)
        i = 0
        while i + n <= len(tokens):
            if tuple(tokens[i : i + n]) == form and i > 0:
                del tokens[i : i + n]
                found.add("llc" if "youxian" in form else "company")
            else:
                i += 1
    return [v.PINYIN_WORDS.get(t, t) for t in tokens if v.PINYIN_WORDS.get(t, t)], found


def _han_core(text: str) -> tuple[str, set[str], list[str]]:
    """Simplified characters without legal forms; organisation words become English tokens."""
    core = "".join(_HAN.findall(_T2S.convert(text)))
    found: set[str] = set()
    extra: list[str] = []
    changed = True
    while changed:
        changed = False
        for form in (*v.HAN_FORMS, *v.HAN_ORG_WORDS):
            if core.endswith(form) and len(core) > len(form):
                core = core[: -len(form)]
                if form in v.HAN_ORG_WORDS:
                    extra.append(v.HAN_ORG_WORDS[form])
                else:
                    found.add("llc" if "有限" in form else "company")
                changed = True
    return core, found, extra


def _russian_words(words: list[str], script: str) -> list[str]:
    """Russian words in Latin letters as the English ones ("zavod" → "plant"); the particles of a
    Russian name (i, s, po: and, with, by) out when it is one."""
    english = [cyrillic.english(w) for w in words]
    russian = script == "cyrillic" or any(english)
    return [e or w for w, e in zip(words, english, strict=True) if not (russian and w in cyrillic.PARTICLES)]


@lru_cache(maxsize=65536)
def name_key(name: str, kind: str = "company") -> NameKey:
    text = cyrillic.fold_homoglyphs(unicodedata.normalize("NFKC", name))
    text = _APOSTROPHES.sub("", text).replace("&", " and ").replace("I/E", "import export")
    for pattern, replacement in _PHRASES:
        text = pattern.sub(replacement, text)
    script = script_of(text)
    forms: set[str] = set()
    if kind == "person":
        text = remove_person_prefixes(text)
    else:
        text, russian = cyrillic.russian_forms(text)
        forms |= russian
    normal = normalize_name(text) or ""
    if kind == "person":
        normal = cyrillic.czech_feminine(normal)
    if kind != "person":
        forms |= {target for _, target in extract_org_types(normal, generic=True)}
        stripped = remove_org_types(normal, replacement=" ")
        normal = stripped if stripped.strip() else normal
    han = ""
    if script == "han":
        han, han_forms, extra = _han_core(text)
        forms |= han_forms
        latin = [t for t in ascii_text(_HAN.sub(" ", normal)).lower().split() if t]
        words = [*latin, *(s for s in lazy_pinyin(han) if s.isascii()), *extra]
    else:
        words = [t for t in re.split(r"[^a-z0-9]+", ascii_text(normal).lower()) if t]
    native: list[str] = []
    if kind != "person":
        words, pinyin_forms = _drop_pinyin_forms(words)
        forms |= pinyin_forms
        native = [w for w in words if w not in v.STOPWORDS | v.ORG_WORDS | cyrillic.PARTICLES]
        words = _russian_words(words, script)
    else:
        words = [cyrillic.patronymic(cyrillic.GIVEN_NAMES.get(w, w)) for w in words]
    tokens = [_word(t) for t in words if t not in v.STOPWORDS]
    initials = "".join(t[0] for t in tokens)
    if kind != "person":
        core = [t for t in tokens if t not in v.ORG_WORDS]
        tokens = core or tokens
    return NameKey(name, script, tuple(tokens), frozenset(forms), han, initials, tuple(native))


def russian_name(key: NameKey) -> bool:
    """A Russian organisation's name: in Cyrillic, or at least half its words Russian words kb
    reads in English (Moskovskii Mashinostroitelnyi Zavod)."""
    read = sum(cyrillic.english(word) is not None for word in key.native)
    return key.script == "cyrillic" or (bool(key.native) and read >= len(key.native) * WEIGHTS.russian_share)


# Russian, Ukrainian (-ovych, -ivna) and Belarusian (-avich, -auna) patronymics.
_PATRONYMIC = re.compile(r"(?:ovich|evich|ovna|evna|ichna|ovic|evic|ovych|evych|ivna|avich|avna|auna|vitj)$")


def weight(token: str, kind: str) -> float:
    """How much a word says about which party a name means."""
    if kind == "person":
        # A patronymic is often left out ("Abashkin Konstantin" / "… Konstantin Igorevich").
        return v.PATRONYMIC_WEIGHT if _PATRONYMIC.search(token) else 1.0
    return v.GENERIC_WEIGHT if token in v.GENERIC or token in v.REGIONS or _is_country(token) else 1.0


@lru_cache(maxsize=65536)
def _is_country(token: str) -> bool:
    return len(token) >= 4 and lookup_territory(token) is not None
