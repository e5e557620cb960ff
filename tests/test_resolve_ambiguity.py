"""kb resolve auto holds a pair for review when one of its Entities matches two that cannot be
one party, or that do not match each other (kb/decisions/ambiguity.py). The records are those of
the 1260H/OFAC Huawei case, and the Huaxin case of issue 17."""

from __future__ import annotations

from collections.abc import Mapping

from kb.decisions.ambiguity import split
from kb.decisions.candidates import Candidate
from kb.resolution import PartyRecord, score

DOD = PartyRecord.build(
    "Huawei Investment & Holding Co., Ltd.", aliases=["Huawei Holding"], country="CN", key="dod"
)
HOLDING = PartyRecord.build(
    "HUAWEI INVESTMENT & HOLDING CO., LTD.", country="CN", identifiers=["OFAC_UID:32087"], key="ofac:32087"
)
TECHNOLOGIES = PartyRecord.build(
    "HUAWEI TECHNOLOGIES CO., LTD.",
    aliases=["HUAWEI INVESTMENT & HOLDING CO LTD"],
    country="CN",
    identifiers=["OFAC_UID:30947"],
    key="ofac:30947",
)
PARTIES = {p.key: p for p in (DOD, HOLDING, TECHNOLOGIES)}


def candidate(a: PartyRecord, b: PartyRecord) -> Candidate:
    return Candidate(a.key, b.key, a.name, b.name, score(a, b))


def records(ids: list[str]) -> Mapping[str, PartyRecord]:
    return {i: PARTIES[i] for i in ids}


def test_a_record_matching_two_entries_their_identifiers_keep_apart_is_held() -> None:
    found = [candidate(DOD, HOLDING), candidate(DOD, TECHNOLOGIES)]
    assert all(c.judgement.score >= 0.9 for c in found)  # both are matches on their own
    keep, held = split(found, records, rejected=set())
    assert keep == []
    assert [h.candidate for h in held] == found
    assert "dod matches both ofac:32087 and ofac:30947" in held[0].why
    assert "different OFAC_UID" in held[0].why


def test_a_rejected_pair_keeps_two_partners_apart_too() -> None:
    other = PartyRecord.build("Huawei Investment and Holding", country="CN", key="bundle:hh")
    parties = {**PARTIES, other.key: other}

    def more(ids: list[str]) -> Mapping[str, PartyRecord]:
        return {i: parties[i] for i in ids}

    found = [candidate(DOD, HOLDING), candidate(DOD, other)]
    keep, held = split(found, more, rejected=set())
    assert keep == found and held == []  # nothing says ofac:32087 and bundle:hh differ
    keep, held = split(found, more, rejected={frozenset(("ofac:32087", "bundle:hh"))})
    assert keep == [] and "a reviewer rejected them as one party" in held[0].why


def test_unrelated_pairs_are_untouched() -> None:
    found = [candidate(DOD, HOLDING)]
    assert split(found, records, rejected=set()) == (found, [])


def test_a_record_matching_two_that_do_not_match_each_other_is_held() -> None:
    plain = PartyRecord.build("Huaxin Technology", key="huaxin")
    beijing = PartyRecord.build("Beijing Huaxin Technology Co., Ltd.", key="beijing")
    shanghai = PartyRecord.build("Shanghai Huaxin Technology Co., Ltd.", key="shanghai")
    parties = {p.key: p for p in (plain, beijing, shanghai)}

    def huaxin(ids: list[str]) -> Mapping[str, PartyRecord]:
        return {i: parties[i] for i in ids}

    found = [candidate(plain, beijing), candidate(plain, shanghai)]
    assert all(c.judgement.score >= 0.9 for c in found)
    keep, held = split(found, huaxin, rejected=set())
    assert keep == []
    assert [h.candidate for h in held] == found
    assert (
        held[0].why
        == "huaxin matches both beijing and shanghai, which do not match each other (0.77, possible)"
    )
    # two partners that match each other are one party with it: nothing held
    twin = PartyRecord.build("BEIJING HUAXIN TECHNOLOGY CO LTD", key="twin")
    parties[twin.key] = twin
    found = [candidate(plain, beijing), candidate(plain, twin)]
    assert split(found, huaxin, rejected=set()) == (found, [])
