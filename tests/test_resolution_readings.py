"""Name readings beyond word-for-word comparison: the structure of Chinese company names,
transliteration and abbreviation variants, brackets. Each says why in a reason a reviewer reads,
and each is checked against the hard negatives it could wrongly join."""

from __future__ import annotations

import datetime as dt

import pytest

from kb.resolution import MATCH, POSSIBLE, PartyRecord, name_key, score
from kb.resolution.brackets import bracketed_names


def company(name: str, country: str | None = "CN") -> PartyRecord:
    return PartyRecord.build(name, country=country)


def person(name: str, date: dt.date | None = None) -> PartyRecord:
    return PartyRecord.build(name, kind="person", date=date)


@pytest.mark.parametrize(
    ("left", "right", "left_out"),
    [
        ("KAIKAI TECHNOLOGY CO., LTD.", "NANJING KAIKAI TECHNOLOGY CO., LTD.", "the region NANJING"),
        ("DANDONG XIANGHE TRADING CO., LTD.", "XIANGHE TRADE CO., LTD.", "the region DANDONG"),
        ("YANBIAN SILVERSTAR NETWORK TECHNOLOGY CO., LTD.", "YANBIAN SILVERSTAR", "the industry words"),
        (
            "DALIAN GLOBAL UNITY SHIPPING CO., LTD.",
            "DALIAN GLOBAL UNITY SHIPPING AGENCY",
            "the industry words",
        ),
    ],
)
def test_a_chinese_name_without_its_region_prefix_or_industry_words(
    left: str, right: str, left_out: str
) -> None:
    judged = score(company(left), company(right))
    assert judged.verdict == "match"
    assert judged.reasons[0].startswith(f"one name is the other without {left_out}")
    assert "region + trade name + industry + legal form" in judged.reasons[0]


@pytest.mark.parametrize(
    ("left", "right"),
    [
        # a region after the trade name, or in brackets, names a subsidiary or a branch
        ("SMIC (Beijing)", "SMIC"),
        (
            "Semiconductor Manufacturing International (Beijing) Corporation",
            "Semiconductor Manufacturing International Corp",
        ),
        ("KAIKAI BEIJING TECHNOLOGY CO., LTD.", "KAIKAI TECHNOLOGY CO., LTD."),
        # two regions: two companies
        ("BEIJING KAIKAI TECHNOLOGY CO., LTD.", "SHANGHAI KAIKAI TECHNOLOGY CO., LTD."),
        # other industry words, not fewer: maybe two companies of one owner
        ("DANDONG ZHICHENG METALLIC MATERIAL CO., LTD.", "DANDONG ZHICHENG METALLIC MINERAL CO., LIMITED"),
        ("DANDONG KAIKAI SHIPPING CO., LTD.", "DANDONG KAIKAI TRADING CO., LTD."),
    ],
)
def test_the_chinese_reading_never_joins_a_branch_another_region_or_another_trade(
    left: str, right: str
) -> None:
    judged = score(company(left), company(right))
    assert judged.score < MATCH, judged
    assert not any("region + trade name" in reason for reason in judged.reasons)


def test_the_chinese_reading_leaves_groups_to_the_word_comparison() -> None:
    # A group's regional subsidiaries carry its trade name after their own region: the reading
    # does not apply (the words, a region weighing a quarter, decide as before).
    judged = score(company("NANJING PANDA ELECTRONICS GROUP"), company("PANDA ELECTRONICS GROUP"))
    assert not any("region + trade name" in reason for reason in judged.reasons)


def test_pinyin_business_words_meet_their_english() -> None:
    judged = score(
        company("DALIAN ZHENGHUA MAOYI YOUXIAN GONGSI"), company("DALIAN ZENGHUA TRADING CO., LTD.")
    )
    assert judged.verdict == "match"


def test_north_korea_is_written_many_ways() -> None:
    for left in ("NORTH KOREAN ZINC INDUSTRY GROUP", "DPRK ZINC INDUSTRY GROUP"):
        assert score(company(left, "KP"), company("KOREA ZINC INDUSTRY GROUP", "KP")).verdict == "match"
    assert name_key("SOUTH KOREA ZINC").tokens == ("south", "korea", "zinc")
    # the record's country still tells Pyongyang from Seoul
    assert score(company("NORTH KOREAN ZINC", "KP"), company("KOREA ZINC", "KR")).score < MATCH


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("THAI LONG HOTEL", "TAI LUNG HOTEL"),  # th / t
        ("TAI LONG HOTEL", "THAILONG HOTEL"),  # spacing and spelling at once
    ],
)
def test_transliteration_variants_of_company_names(left: str, right: str) -> None:
    assert score(company(left), company(right)).verdict == "match"


def test_a_ukrainian_or_german_spelling_of_a_russian_given_name() -> None:
    # -ий is -ij in Ukrainian, Polish and German spellings, -y or -iy in English ones
    # (one birth date on both: persons never match on names alone, tests/test_lookalike_rules.py)
    born = dt.date(1970, 5, 1)
    judged = score(person("Dmitrij Sokolov", date=born), person("Дмитрий Соколов", date=born))
    assert judged.verdict == "match"
    assert (
        score(person("Dmitriy Sokolov", date=born), person("Dmitrij Sokolov", date=born)).verdict == "match"
    )


def test_an_initial_ends_a_company_name_cut_short_but_not_a_persons_name() -> None:
    cut = score(company("LE-HUA ELECTRONIC FIELD CO. LIMITED"), company("LE-HUA ELEC F CO. LTD"))
    assert cut.verdict == "match"
    assert "spelling variants accepted" in cut.reasons
    assert score(person("KIM, C"), person("KIM, Chol")).score < POSSIBLE
    assert score(company("X-RAY SYSTEMS F"), company("X-RAY SYSTEMS GROUP")).score < MATCH


def test_a_name_in_brackets_is_another_name_of_the_party() -> None:
    assert bracketed_names("OOO Romashka (Sunflower Trade Group)") == ("Sunflower Trade Group",)
    judged = score(
        company("OOO Romashka (Sunflower Trade Group)", "RU"), company("Sunflower Trade Group", "RU")
    )
    assert judged.verdict == "match"
    assert (
        "'Sunflower Trade Group' is given in brackets in 'OOO Romashka (Sunflower Trade Group)'"
        in judged.reasons
    )


@pytest.mark.parametrize(
    "name",
    [
        "Gulf Eagle Contracting (GEC)",  # a lone acronym names many parties
        "SMIC (Beijing)",  # a place
        "SHELL EXPLORATION AND PRODUCTION (84) B.V.",  # a number
        "LIMMT (DALIAN FTZ) METALLURGY AND MINERALS CO., LTD.",  # a place, generic words only
        "CHINA UNICOM (HONG KONG) LIMITED",
    ],
)
def test_a_qualifier_in_brackets_is_no_other_name(name: str) -> None:
    assert bracketed_names(name) == ()


def test_a_bracketed_country_both_records_are_in_tells_nothing() -> None:
    left, right = "LEADER (HONG KONG) INTERNATIONAL TRADING LIMITED", "LEADER INTERNATIONAL TRADING LIMITED"
    judged = score(company(left, "HK"), company(right, "HK"))
    assert judged.verdict == "match"
    assert judged.reasons[0] == "names equal but for (HONG KONG), the country both records are in"
    # elsewhere the bracket tells the Hong Kong arm from its namesake
    assert score(company(left, "CN"), company(right, "CN")).score < MATCH
    assert score(company(left, "HK"), company(right, "CN")).score < MATCH
    # it is left out only when the rest is equal: "Investment" still makes another company
    siblings = score(
        company("KINGS ROMANS INTERNATIONAL (HK) CO., LIMITED", "HK"),
        company("KINGS ROMANS INTERNATIONAL INVESTMENT CO. LIMITED", "HK"),
    )
    assert siblings.score < MATCH
    # a city is never left out
    assert score(company("SMIC (Beijing)", "CN"), company("SMIC", "CN")).score < MATCH
