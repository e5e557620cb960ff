"""What keeps lookalike names apart: evidence against a pair, and caps on names alone.

A name matcher that accepts spelling variants (Zakharov / Zacharov, Jong / Chong, Zhongsheng /
Zhongshong) also accepts two parties whose names differ by a letter: "Gold Trading" / "Colt
Trading" (g/k and d/t are transliteration folds), "Parker Industries" / "Barker Industries",
"Bank Mellat" / "Bank Millat". Sanctions lists are full of such pairs, so:

- **Lookalike words.** When the distinctive words of the best pair of names meet only through an
  edit (not equal, not a word cut short, not a digraph of a transliteration), the names alone never
  make a match: the pair is held at :data:`LOOKALIKE_CAP` (*possible*) unless something else says
  they are one: a shared identifier, the same address, the same date, or, for a substitution
  inside a word, the same country on both records. A distinctive word whose *first letter*
  differs (Gold / Colt, Parker / Barker) between two names both written in Latin letters is not
  rescued by the country either: romanisations of one Chinese or Russian word in one country vary
  inside the word (Zhongsheng / Zhongshong, Aeroscan / Aeroskan), hardly at its first letter. Two
  names in different scripts (Аэроскан / Aeroscan) are compared through a transliteration whose
  letters vary, and are left alone.
- **Persons** never match on names alone: without a shared date or identifier two persons of one
  name are namesakes as often as not, so they are held at :data:`LOOKALIKE_CAP`.
- **Contradictions** lower a pair: two values of one national registry (``REG_<CC>``) that differ
  (x0.8), and two records whose sanctions programmes fall in different families (x0.85, when every
  programme of both records is known to :data:`PROGRAM_FAMILIES`).
- **A country one name adds** ("ISLAMIC STATE IN IRAQ AND THE LEVANT - LIBYA" beside the
  name without LIBYA): a country word weighs little in a name, but one that neither record's country
  is names a branch or a namesake elsewhere, so the pair is lowered as different countries are
  (x0.8). Not for an acronym (the C of CNOOC stands for China), which is *possible* already.
- **The Chinese reading** (region + trade name + industry, :mod:`kb.resolution.chinese`) applies
  only to two records that may be Chinese: each record's country is CN, HK, MO, TW or not given
  (the reading itself requires a Chinese region word at the head of one name, and chinese.py
  refuses a name carrying another country's name such as IRAN).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rigour.territories import lookup_territory

from kb.resolution.compare import _pair
from kb.resolution.cyrillic import slavic_fold
from kb.resolution.names import NameKey, fold_digraphs, script_of, weight
from kb.resolution.record import PartyRecord, pair_kind
from kb.resolution.weights import WEIGHTS

# The old names of weights.py's fields, kept for callers.
LOOKALIKE_CAP = WEIGHTS.lookalike_cap
ADDED_COUNTRY = WEIGHTS.added_country
OTHER_REGISTRY_NUMBER = WEIGHTS.other_registry_number
OTHER_PROGRAMS = WEIGHTS.other_programs
CHINESE_COUNTRIES = frozenset({"CN", "HK", "MO", "TW"})


@dataclass(frozen=True)
class Lookalike:
    left: str
    right: str
    first_letter: bool  # the words differ at their first letter (Gold / Colt)

    def reason(self) -> str:
        return f"{self.left.upper()} / {self.right.upper()} differ by an edit (lookalike names)"


def _edit(x: str, y: str) -> Lookalike | None:
    short, long = sorted((x, y), key=len)
    dx, dy = fold_digraphs(x), fold_digraphs(y)
    if long.startswith(short) or dx == dy or slavic_fold(x) == slavic_fold(y) or {x, y} == {"ia", "ya"}:
        # a word cut short, an initial, a transliterated digraph (zh / z, ts / c), one Russian word
        # in two transliteration systems (bridzh / bridge, Orlov / Orlou, Ia. / Ya.)
        return None
    return Lookalike(x, y, len(dx) == len(dy) and dx[0] != dy[0])


def lookalike_words(left: NameKey, right: NameKey, kind: str) -> Lookalike | None:
    """A pair of distinctive words that meet only through an edit, if any (one whose first letters
    differ first): the words left once equal words are set aside, each aligned with its most
    similar word of the other name."""
    rest_l, rest_r = list(left.tokens), list(right.tokens)
    for token in list(rest_l):
        if token in rest_r:
            rest_l.remove(token)
            rest_r.remove(token)
    found: list[Lookalike] = []
    for mine, theirs, flip in ((rest_l, rest_r, False), (rest_r, rest_l, True)):
        for word in mine:
            if weight(word, kind) < 1 or not theirs:
                continue
            similarity, best = max((_pair(word, other, kind), other) for other in theirs)
            edit = _edit(best, word) if flip else _edit(word, best)
            if 0 < similarity < 1 and edit is not None:
                found.append(edit)
    return min(found, key=lambda f: not f.first_letter, default=None)


def names_alone_cap(
    a: PartyRecord, b: PartyRecord, names: tuple[NameKey, NameKey], corroborated: Iterable[str], value: float
) -> tuple[float, str | None]:
    """``value`` held at :data:`LOOKALIKE_CAP`, with the reason, when it rests on names alone.

    ``corroborated`` names the evidence beyond names the pair has: ``identifier``, ``address``,
    ``date``, ``country`` (the same on both records)."""
    if value <= WEIGHTS.lookalike_cap:
        return value, None
    evidence = set(corroborated)
    kind = pair_kind(a, b)
    if kind == "person":
        if evidence & {"identifier", "date"}:
            return value, None
        why = "persons named alike but no shared date or identifier: namesakes are common"
        return WEIGHTS.lookalike_cap, why
    if script_of(names[0].original) != script_of(names[1].original):
        return value, None  # compared through a transliteration, whose letters vary (Аэроскан / Aeroscan)
    found = lookalike_words(names[0], names[1], kind)
    if found is None or evidence & {"identifier", "address", "date"}:
        return value, None
    if "country" in evidence and not (found.first_letter and script_of(names[0].original) == "latin"):
        return value, None
    return WEIGHTS.lookalike_cap, f"{found.reason()} and nothing but the names says they are one party"


def registry_conflicts(left: Mapping[str, frozenset[str]], right: Mapping[str, frozenset[str]]) -> list[str]:
    """``REG_<CC>`` schemes both records carry with no common value: two registration numbers of
    one registry (a party may have more than one, so this lowers a pair; it never forbids it)."""
    return [
        f"different {scheme}: {', '.join(sorted(left[scheme]))} vs {', '.join(sorted(right[scheme]))}"
        for scheme in sorted(set(left) & set(right))
        if scheme.startswith("REG_") and not left[scheme] & right[scheme]
    ]


# Sanctions programmes (OFAC's codes, the CSL's, the DoD 1260H and CMIC lists) by family: the
# country or the conduct a programme is about. A programme not listed here says nothing.
_FAMILIES = {
    "iran": "IRAN IFSR IRGC ISA IRAN-HR IRAN-TRA IRAN-CON-ARMS-EO IRAN-EO13846 IRAN-EO13871 IRAN-EO13876 "
    "IRAN-EO13902 HRIT-IR",
    "dprk": "DPRK DPRK2 DPRK3 DPRK4 DPRK-NKSPEA",
    "russia": "RUSSIA-EO14024 UKRAINE-EO13660 UKRAINE-EO13661 UKRAINE-EO13662 UKRAINE-EO13685 "
    "CAATSA-RUSSIA RUSSIA-EO14066 RUSSIA-EO14068 RUSSIA-EO14071 SSI",
    "belarus": "BELARUS BELARUS-EO14038",
    "syria": "SYRIA SYRIA-EO13894 CAESAR",
    "venezuela": "VENEZUELA VENEZUELA-EO13850 VENEZUELA-EO13884",
    "cuba": "CUBA",
    "china-military": "CMIC CMIC-EO13959 NS-CMIC 1260H EO13959",
    "narcotics": "SDNT SDNTK ILLICIT-DRUGS-EO14059",
    "terrorism": "SDGT SDT FTO",
}
PROGRAM_FAMILIES = {code: family for family, codes in _FAMILIES.items() for code in codes.split()}


def program_conflict(left: frozenset[str], right: frozenset[str]) -> str | None:
    """Why two records' programmes contradict one party, or None: every programme of both is
    known and the two share no family (SDNTK, narcotics, against 1260H, China's military)."""
    if not left or not right:
        return None
    codes = {
        side: {p.strip().upper().strip("[]") for p in programs}
        for side, programs in (("l", left), ("r", right))
    }
    if not all(code in PROGRAM_FAMILIES for side in codes.values() for code in side):
        return None
    fam_l = {PROGRAM_FAMILIES[c] for c in codes["l"]}
    fam_r = {PROGRAM_FAMILIES[c] for c in codes["r"]}
    if fam_l & fam_r:
        return None
    return f"programmes of different families ({', '.join(sorted(fam_l))} vs {', '.join(sorted(fam_r))})"


def plausibly_chinese(a: PartyRecord, b: PartyRecord) -> bool:
    """Both records may be Chinese companies: no country, or CN, HK, MO, TW."""
    return all(r.country is None or r.country in CHINESE_COUNTRIES for r in (a, b))


def added_country(a: PartyRecord, b: PartyRecord, names: tuple[NameKey, NameKey]) -> str | None:
    """A country's name one of ``names`` adds to the other when neither record is in that country
    ("… LEVANT - LIBYA" / "… LEVANT"), as a reason, or None."""
    kind = pair_kind(a, b)
    if kind == "person":
        return None
    left, right = (set(n.tokens) for n in names)
    homes = {r.country.lower() for r in (a, b) if r.country}
    for word in sorted(left ^ right):
        other = right if word in left else left
        if any(_pair(word, t, kind) > 0 for t in other):
            continue  # a spelling of a word the other has (THAI LONG / TAI LUNG)
        territory = lookup_territory(word) if len(word) >= 4 else None
        if territory is not None and territory.is_country and territory.code[:2] not in homes:
            return f"one name adds {word.upper()}, a country neither record is in"
    return None
