"""What names alone may not do (kb/resolution/lookalikes.py): the cases of issue 17, as synthetic
examples. The figures on real lists are tests/test_lookalikes_labelled.py's."""

from __future__ import annotations

import datetime as dt

import pytest

from kb.resolution import MATCH, POSSIBLE, PartyRecord, score
from kb.resolution.lookalikes import LOOKALIKE_CAP, program_conflict


def company(name: str, country: str | None = None, **more: object) -> PartyRecord:
    return PartyRecord.build(name, country=country, **more)  # type: ignore[arg-type]


def person(name: str, date: dt.date | None = None, country: str | None = None) -> PartyRecord:
    return PartyRecord.build(name, kind="person", date=date, country=country)


@pytest.mark.parametrize(
    ("left", "right", "words"),
    [
        ("Gold Trading LLC", "Colt Trading LLC", "GOLD / COLT"),
        ("Parker Industries", "Barker Industries", "PARKER / BARKER"),
        ("Bank Mellat", "Bank Millat", "MELLAT / MILLAT"),
    ],
)
def test_names_differing_by_an_edit_are_possible_on_names_alone(left: str, right: str, words: str) -> None:
    judged = score(company(left), company(right))
    assert judged.score == LOOKALIKE_CAP
    assert judged.verdict == "possible"
    assert f"{words} differ by an edit" in judged.reasons[-1]
    assert "nothing but the names" in judged.reasons[-1]


def test_a_first_letter_apart_is_not_rescued_by_one_country() -> None:
    assert score(company("Parker Industries", "US"), company("Barker Industries", "US")).verdict == "possible"
    assert score(company("Gold Trading LLC", "AE"), company("Colt Trading LLC", "AE")).verdict == "possible"


def test_other_evidence_lifts_the_cap() -> None:
    # a letter inside a word, in one country: romanisations vary so (Zhongsheng / Zhongshong)
    assert score(company("Bank Mellat", "IR"), company("Bank Millat", "IR")).verdict == "match"
    # a shared registration number, the same address
    reg = ["REG_IR:10100722073"]
    assert (
        score(
            company("Parker Industries", identifiers=reg), company("Barker Industries", identifiers=reg)
        ).verdict
        == "match"
    )
    street = "12 Harbour Road, Wan Chai, Hong Kong"
    near = score(company("Gold Trading LLC", address=street), company("Colt Trading LLC", address=street))
    assert near.score >= POSSIBLE  # the same address never makes a match on its own either


def test_spellings_of_a_transliterated_name_are_left_alone() -> None:
    assert score(company("ZHONGSHENG TRADE", "CN"), company("ZHONGSHONG TRADE", "CN")).verdict == "match"
    cyrillic = "Общество с ограниченной ответственностью Аэроскан"  # noqa: RUF001 (on purpose)
    assert score(company(cyrillic), company("Aeroscan LLC")).verdict == "match"


def test_persons_never_match_on_names_alone() -> None:
    judged = score(person("John Smith"), person("John Smith"))
    assert judged.score == LOOKALIKE_CAP
    assert "no shared date or identifier" in judged.reasons[-1]
    assert score(person("KIM Chol", country="KP"), person("KIM Chol", country="KP")).verdict == "possible"
    born = dt.date(1961, 3, 2)
    assert score(person("John Smith", born), person("John Smith", born)).verdict == "match"
    assert score(person("John Smith", born), person("John Smith", dt.date(1970, 1, 1))).verdict == "different"


def test_huaxin_reads_as_one_party_with_either_region_but_the_regions_do_not_meet() -> None:
    # kb resolve auto holds such a record (tests/test_resolve_ambiguity.py); the scores say why
    plain, beijing, shanghai = (
        company(n) for n in ("Huaxin Technology", "Beijing Huaxin Technology", "Shanghai Huaxin Technology")
    )
    assert score(plain, beijing).score >= MATCH
    assert score(plain, shanghai).score >= MATCH
    assert score(beijing, shanghai).score < MATCH


def test_an_iranian_name_is_not_read_as_a_chinese_one() -> None:
    iran = company("IRAN AIRCRAFT MANUFACTURING INDUSTRIAL COMPANY")
    shanghai = company("Shanghai Aircraft Manufacturing Co., Ltd.")
    assert score(iran, shanghai).verdict == "different"
    assert not any("region + trade name" in r for r in score(iran, shanghai).reasons)
    # the country says so even when the name does not
    named = score(company("AIRCRAFT MANUFACTURING INDUSTRIAL COMPANY", "IR"), shanghai)
    assert named.verdict != "match"
    assert not any("region + trade name" in r for r in named.reasons)
    assert score(company("AIRCRAFT MANUFACTURING INDUSTRIAL COMPANY", "CN"), shanghai).verdict == "match"


def test_an_acronym_alias_of_a_chinese_group_does_not_make_a_match() -> None:
    cec = company("China Electronics Corporation", aliases=["CEC"])
    judged = score(company("CEC LIMITED"), cec)
    assert judged.verdict == "possible"
    assert "'CEC' is a short form of 'China Electronics Corporation'" in judged.reasons[-1]
    assert score(company("CEC LIMITED"), company("China Electronics Corporation")).verdict == "possible"
    mgi = company("MGI Tech Co., Ltd.", aliases=["MGI"])
    assert score(company("MGI PTE LTD", "SG"), mgi).verdict != "match"
    assert (
        score(company("MGI PTE LTD", "SG"), company("MGI Tech Co., Ltd.", "CN", aliases=["MGI"])).verdict
        == "different"
    )


def test_programmes_of_different_families_count_against() -> None:
    narcotics = company("CEC LIMITED", programs=["SDNTK"])
    military = company("CEC LIMITED", programs=["1260H"])
    judged = score(narcotics, military)
    assert judged.verdict == "possible"
    assert "programmes of different families (narcotics vs china-military)" in judged.reasons
    assert program_conflict(frozenset({"NPWMD"}), frozenset({"1260H"})) is None  # NPWMD: not known
    assert program_conflict(frozenset({"IFSR", "SDGT"}), frozenset({"IRAN"})) is None  # a family shared


def test_registration_numbers_of_one_registry_count_against() -> None:
    a = company("Parker Industries", "IR", identifiers=["REG_IR:26740"])
    b = company("Parker Industries", "IR", identifiers=["REG_IR:11111"])
    judged = score(a, b)
    assert judged.score == pytest.approx(0.8)
    assert "different REG_IR: 26740 vs 11111" in judged.reasons
