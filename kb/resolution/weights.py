"""Every weight and threshold of the matcher, in one declared table (issue 17, "one scoring seam").

Each field says what it does and why it has that value, citing the labelled evidence of
docs/resolution.md where there is some ("the labelled set": tests/fixtures/match/pairs.csv, 465
pairs; "the lookalike set": lookalikes.csv, 488 pairs; "the cross-script set": xscript_pairs.csv).
The modules of :mod:`kb.resolution` and :mod:`kb.screening.ambiguity` read their numbers from
:data:`WEIGHTS` and nowhere else (``tests/test_resolution_weights.py`` fails on a bare weight
elsewhere); their older names (``kb.resolution.MATCH``, ``lookalikes.LOOKALIKE_CAP``…) are
aliases of these fields.

Changing a value changes every figure of ``make bench-match``: run it before and after, and say in
docs/resolution.md what moved. The dev split (OFAC) is where these were tuned; the held-out split
is there to tell whether a change generalises.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True, slots=True)
class Weights:
    # ---- Verdicts (scorer.Judgement.verdict; kb resolve, kb screen) ---------------------------

    # A score at or above this is a match: what `kb resolve auto` may accept and `kb screen` takes.
    # The target is precision >= 0.98 at recall >= 0.90; at 0.9 the labelled set gives
    # P 1.000 R 0.903, at 0.88 P 0.982 and at 0.85 P 0.978 (the sweep in docs/resolution.md).
    match: float = 0.9
    # From here to `match` a pair is possible: proposed for an analyst's review, never accepted.
    # Acronyms (0.8), short forms and lookalikes (0.85) and a name in two countries land here.
    possible: float = 0.7

    # ---- Two words (compare._pair) ----------------------------------------------------------

    # Two words equal once transliteration variants are folded (Zakharov / Zacharov, Jong /
    # Chong, Kazakou / Kazakov): one word in two romanisations, a little short of equal so that a
    # reason can say "spelling variants accepted" and a name made only of variants ranks below
    # the same name spelt alike.
    word_variant: float = 0.95
    # Two acronyms that differ only by a transliterated digraph (TsST / CST, two romanisations
    # of ЦСТ), as `word_variant`; any other letter for another is another company (CCTC / CTG,
    # CRRC / CRCC: 0).
    acronym_digraph: float = 0.95
    # Levenshtein similarity (rapidfuzz, normalised) from which two words of five letters or more
    # are a small edit of each other: a typo or a romanisation the folds miss.
    word_edit_similarity: float = 0.8
    # A small edit counts as its similarity held between these two: at least a little below a
    # folded variant's 0.95 floor...
    word_edit_floor: float = 0.85
    # ... and never as high as a folded variant (0.95): an edit is weaker evidence than a known
    # transliteration fold.
    word_edit_ceiling: float = 0.94
    # A company word that is a prefix of four letters or more of the other (Metal / Metallic): a
    # word cut short, as lists abbreviate. Never in a person's name (Jian / Jiangping, a false
    # positive at 0.9 in the cross-script set, are two names).
    word_prefix: float = 0.8
    # A one-letter word for a company word it is the initial of (LE-HUA ELEC F for ... ELECTRONIC
    # FIELD, a name cut short): as a prefix (`word_prefix`). Never in a person's name, where an
    # initial stands for too many given names.
    word_initial: float = 0.8
    # Two words of four letters or more with the same consonants and other vowels (Zeaiter /
    # Zoeiter, Teir / Tair, Misr / Masr): romanisations of Arabic vary in their vowels; as a
    # small edit's floor (`word_edit_floor`).
    word_vowels: float = 0.85

    # ---- Two names (compare.compare_names, chinese.py, short_forms.py, scorer.py) -------------

    # Names equal but for spacing (GREAT WALL / GREATWALL joined): nearly equal.
    spacing_only: float = 0.97
    # The name similarity is `low_coverage` x the lower coverage + `high_coverage` x the higher
    # (coverage: the weight of a name's aligned words over all its words). It leans on the side
    # covered less: a name adding a distinctive word (SMIC / SMIC Beijing, NORINCO / NORINCO GROUP)
    # is another party as often as the same one (China Telecom Corporation / Group, CNOOC Limited /
    # CNOOC China Limited are labelled two parties), so such pairs stay possible (11 of the 29
    # misses of the labelled set at 0.9, which sanctions work accepts rather than merge a parent
    # with its subsidiary).
    low_coverage: float = 0.75
    # The other share of the blend above (the two add up to 1).
    high_coverage: float = 0.25
    # Each name has words the other lacks ("X (HK) International" / "X International
    # Investment"): two qualifiers, usually two siblings of one group; lowered by 8%.
    two_qualifiers: float = 0.92
    # One name is a single word made of the other's initials (CNOOC / China National Offshore
    # Oil Corporation): possible only, since an acronym names several parties (CEC is China
    # Electronics Corporation and CEC Limited, two OFAC entries). 4 of the 29 misses at 0.9.
    acronym: float = 0.8
    # One name is one or two acronyms of five letters or more spelling every word of the other, a
    # Russian name, each by its initial or a first syllable (MMEZ-KT, TEKHMASH: TEKHnologii
    # MASHinostroeniya, the Soviet style): a match, just. 5 cross-script pairs of two records'
    # own names; short and English acronyms (CNOOC, COMAC) stay at `acronym`.
    long_acronym: float = 0.9
    # A syllable in such an acronym is at most this share of its word (CNOOC is no syllable of
    # "CNOOC China"), so a word cannot stand for itself.
    syllable_share: float = 0.5
    # A name is read as Russian (for the long acronyms) when it is in Cyrillic or at least this
    # share of its words are in kb's Russian vocabulary (kb.resolution.cyrillic.english).
    russian_share: float = 0.5
    # Two names written in Chinese characters score this times their Indel similarity (when not
    # equal after simplification and legal forms): below 0.9, so two different names in
    # characters are never a match on their characters alone. No labelled figure of its own.
    han_similarity: float = 0.9
    # Two names whose legal forms differ (LP / Inc, LUKOIL OAO / NK LUKOIL OOO at 0.88): lowered
    # by 12%. Bloomberg L.P. / Bloomberg Inc. are two parties in the labelled set. Not between a
    # state unitary enterprise and a joint-stock company (cyrillic.REORGANISED_FORMS).
    legal_forms_differ: float = 0.88
    # Two Latin names read as one Chinese trade name in one region, one leaving out the region or
    # some industry words (NANJING KAIKAI TECHNOLOGY / KAIKAI TECHNOLOGY): a match, just, with a
    # reason saying what was left out; the labelled set has no national company against its
    # regional subsidiary that this would join.
    chinese_reading: float = 0.92
    # A company name equal to the other but for a bracket naming the country both records are in
    # (LEADER (HONG KONG) INTERNATIONAL TRADING in HK): as two spellings of one word
    # (`word_variant`), the bracket saying nothing between them.
    home_country: float = 0.95
    # A pair resting on a short form of a record's own name ("China Telecom" of China Telecom
    # Group, "CNOOC", "MGI") is held here, possible: a group and its members share it. `auto`
    # merged China Telecom and CNOOC records into the wrong party before this cap.
    short_form_cap: float = 0.85

    # ---- How much a word says (names.weight, through vocabulary.GENERIC_WEIGHT...) ------------

    # A generic word (China, International, Technology, Trading...), a Chinese region heading a
    # company name, a country name: says little about which party a name means, so it counts a
    # quarter of a distinctive word in coverage. Dropping it from one name lowers a pair a little.
    generic_word: float = 0.25
    # A Russian, Ukrainian or Belarusian patronymic in a person's name: often left out (Abashkin
    # Konstantin / ... Konstantin Igorevich). Other given names count in full: a Korean given name
    # in two syllables (KIM, Chol / KIM, Chol Ho) would read the same way.
    patronymic: float = 0.2

    # ---- Evidence beyond names (scorer.score) -----------------------------------------------

    # A shared value of a non-exclusive scheme (ISIN, SWIFT_BIC, REG_<CC>...) adds this to the name
    # score: evidence of one party, not proof, since a party has many (securities, branches) or
    # the registry is ambiguous. Exclusive schemes decide outright (1 or 0).
    shared_identifier: float = 0.15
    # The same address lifts a name score from `possible - same_address_bonus` to at most just
    # below a match: of the 33 pairs of two records at one address in the labelled set, 32 are two
    # parties (siblings, a family, a registered agent's clients), so an address never makes a
    # match; a pair just short of possible comes up for review. The 32 stay below 0.9 (the
    # closest at 0.89).
    same_address_bonus: float = 0.1
    # How far below `match` the same address may lift a pair (to 0.89): never to a match.
    below_match: float = 0.01
    # A clearly different address in the same country lowers a company pair by 5%: a party often
    # has several addresses (the Entity List keeps one row per address; Transneft's CSL and OFAC
    # addresses differ), so one name still decides and a borderline pair goes to review.
    other_address: float = 0.95
    # Different countries on the two records: an identical name in two countries is possible,
    # not a match (MELLI BANK PLC in London, BANK MELLI in Tehran). Costs 2 positives of the
    # labelled set (one CSL party whose rows give two countries).
    countries_differ: float = 0.8
    # Different birth or incorporation dates halve the score: two persons of one name and
    # different dates are two persons.
    dates_differ: float = 0.5
    # The same date adds this (and, as evidence beyond names, lifts the names-alone cap,
    # `lookalike_cap`); it lifts none of the labelled set's pairs across 0.9 on its own.
    same_date: float = 0.05
    # Two values of one national registry (REG_<CC>) with none in common: as different countries
    # (a party may have more than one number, so it lowers, never forbids).
    other_registry_number: float = 0.8
    # One name adds a country neither record is in (ISIL / ISIL - LIBYA, 0.93 before): a branch or
    # a namesake elsewhere, lowered as different countries are.
    added_country: float = 0.8
    # Sanctions programmes of different families (CEC LIMITED, OFAC narcotics, against China
    # Electronics Corporation, 1260H), when every programme of both records is known: lowered by
    # 15%, a little less than different countries, since one party may be listed for two reasons.
    other_programs: float = 0.85
    # Names alone never make a match for lookalike words (Gold / Colt, Parker / Barker, Bank
    # Mellat / Millat, 0.96 to 0.925 before) or persons: held here, possible. With the other
    # rules of lookalikes.py it took the lookalike set from 10 false matches of 488 to 0, the
    # labelled set unchanged at 0.9.
    lookalike_cap: float = 0.85

    # ---- Addresses (addresses.same_address, different_address) ------------------------------

    # Two place words are one spelling when their Levenshtein similarity is at least this, as two
    # words of names are (`word_edit_similarity`): street names are romanised as loosely.
    # No labelled figure of its own.
    address_word_similarity: float = 0.8
    # Two addresses with agreeing numbers are the same when this share of the smaller set of place
    # words is in the other: most of them, not all (one gives the district, the other not).
    address_words_shared: float = 0.6

    # ---- Screening (kb.screening.ambiguity) -------------------------------------------------

    # A runner-up at least possible and this close to the best match is as likely the party a
    # portfolio row means: the row is ambiguous (kb screen exits 4), never matched (docs/cli.md,
    # kb screen). A judgement call, no labelled figure: a few points is what one reading (a
    # legal form, a generic word) moves a score by.
    ambiguity_margin: float = 0.05


WEIGHTS: Final = Weights()
