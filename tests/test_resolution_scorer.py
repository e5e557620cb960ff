"""The scorer: identifiers decide first (and a conflict is never a match), then names, with reasons."""

from __future__ import annotations

import datetime as dt

import pytest

from kb.resolution import MATCH, POSSIBLE, PartyRecord, score
from kb.resolution.identifiers import clean_identifier, compare_identifiers

SHELL_LEI = "21380068P1DRHMJ8KU70"
APPLE_LEI = "HWUPKR0MPOU8FGXBT394"
# Two USCCs from OFAC's CMIC entries (valid GB 32100-2015 check characters).
USCC_A = "9111000071093019X7"
USCC_B = "91110000MA005UCQ5P"


def company(name: str, *ids: str, country: str | None = None, aliases: tuple[str, ...] = ()) -> PartyRecord:
    return PartyRecord.build(name, identifiers=ids, country=country, aliases=aliases)


def test_check_digits_through_stdnum() -> None:
    assert clean_identifier("LEI", SHELL_LEI.lower()) == SHELL_LEI
    assert clean_identifier("LEI", SHELL_LEI[:-1] + "1") is None
    assert clean_identifier("USCC", USCC_A) == USCC_A
    assert clean_identifier("USCC", USCC_A[:-1] + "X") is None
    assert clean_identifier("RU_INN", "7704484400") == "7704484400"
    assert clean_identifier("RU_INN", "7704484401") is None
    assert clean_identifier("RU_OGRN", "1197746216656") == "1197746216656"
    assert clean_identifier("RU_OGRN", "1197746216657") is None


def test_an_invalid_value_can_neither_join_nor_separate() -> None:
    record = company("Inspur Group", f"USCC:{USCC_A[:-1]}X")
    assert "USCC" not in record.identifiers
    assert score(record, company("Inspur Group", f"USCC:{USCC_B}")).verdict == "match"


@pytest.mark.parametrize(
    ("scheme", "left", "right"),
    [
        ("LEI", SHELL_LEI, APPLE_LEI),
        ("USCC", USCC_A, USCC_B),
        ("RU_INN", "1841015504", "5920040846"),
        ("OFAC_UID", "23652", "23653"),
    ],
)
def test_different_values_of_one_exclusive_scheme_never_match(scheme: str, left: str, right: str) -> None:
    a = company("Limited Liability Company CST", f"{scheme}:{left}")
    b = company("Limited Liability Company CST", f"{scheme}:{right}")
    judged = score(a, b)
    assert judged.score == 0.0
    assert judged.verdict == "different"
    assert judged.reasons[0].startswith(f"different {scheme}")


def test_a_conflict_wins_over_a_shared_identifier() -> None:
    a = company("Shell plc", f"LEI:{SHELL_LEI}", f"USCC:{USCC_A}")
    b = company("Shell plc", f"LEI:{SHELL_LEI}", f"USCC:{USCC_B}")
    assert score(a, b).score == 0.0


def test_the_same_exclusive_identifier_is_a_match_whatever_the_names() -> None:
    judged = score(company("浪潮集团有限公司", f"USCC:{USCC_A}"), company("Inspur Group", f"USCC:{USCC_A}"))
    assert judged.score == 1.0
    assert judged.reasons == (f"same USCC {USCC_A}",)


def test_shared_schemes_support_but_do_not_separate() -> None:
    evidence = compare_identifiers(
        {"ISIN": frozenset({"US1694261033"})}, {"ISIN": frozenset({"CNE1000002V2"})}
    )
    assert evidence.conflicts == ()
    both = score(
        company("China Telecom Corp", "ISIN:US1694261033"),
        company("China Telecom Corporation Limited", "ISIN:US1694261033"),
    )
    assert "same ISIN US1694261033" in both.reasons


def test_names_equal_after_legal_forms_and_abbreviations() -> None:
    judged = score(
        company("SEMICONDUCTOR MANUFACTURING INTERNATIONAL CORPORATION"),
        company("SEMICONDUCTOR MFG INTL CORP"),
    )
    assert judged.verdict == "match"
    assert judged.reasons == ("names equal after normalisation",)


def test_word_order_and_spacing() -> None:
    assert score(company("ROSNEFT OIL COMPANY"), company("OIL COMPANY ROSNEFT")).verdict == "match"
    spaced = score(
        company("ANHUI GREATWALL MILITARY INDUSTRY CO., LTD."),
        company("ANHUI GREAT WALL MILITARY INDUSTRY CO., LTD"),
    )
    assert spaced.verdict == "match"
    assert "names equal apart from spacing" in spaced.reasons


def test_cyrillic_and_latin_meet_through_transliteration() -> None:
    cyrillic = 'Общество с ограниченной ответственностью "Аэроскан"'  # noqa: RUF001 (on purpose)
    judged = score(company(cyrillic), company("Aeroscan LLC"))
    assert judged.verdict == "match"
    assert "compared through the transliteration of the Cyrillic name" in judged.reasons


def test_chinese_meets_its_pinyin_but_not_its_english_trade_name() -> None:
    assert score(company("浪潮集团有限公司"), company("Langchao Group Co., Ltd.")).verdict == "match"
    # Nothing in the characters says "Inspur": only an alias or an identifier can join them.
    assert score(company("浪潮集团有限公司"), company("Inspur Group Co., Ltd.")).verdict == "different"
    with_alias = company("浪潮集团有限公司", aliases=("Inspur Group Co., Ltd.",))
    assert score(with_alias, company("INSPUR GROUP CO., LTD.")).verdict == "match"


def test_traditional_and_simplified_characters_match() -> None:
    judged = score(company("浪潮電子信息產業股份有限公司"), company("浪潮电子信息产业股份有限公司"))
    assert judged.score == 1.0
    assert "traditional→simplified" in judged.reasons[0]


def test_siblings_of_one_group_are_not_matched() -> None:
    for left, right in [
        ("Inspur Group Co., Ltd.", "Inspur Electronic Information Industry Co., Ltd."),
        ("浪潮集团有限公司", "浪潮电子信息产业股份有限公司"),
        ("SMIC Beijing", "SMIC Shenzhen"),
        ("China Telecom Corporation Limited", "China Telecom Group Co., Ltd."),
        (
            "CHINA AEROSPACE SCIENCE AND INDUSTRY CORPORATION",
            "CHINA AEROSPACE SCIENCE AND TECHNOLOGY CORPORATION",
        ),
    ]:
        assert score(company(left), company(right)).score < MATCH, (left, right)


def test_country_and_date_adjust_the_score_and_say_so() -> None:
    abroad = score(company("MELLI BANK PLC", country="GB"), company("MELLI BANK", country="IR"))
    assert POSSIBLE <= abroad.score < MATCH
    assert "countries differ (GB vs IR)" in abroad.reasons
    born = dt.date(1961, 3, 18)
    a = PartyRecord.build("WONG, Moon Chi", kind="person", date=born)
    assert score(a, PartyRecord.build("WONG, Mun Chi", kind="person", date=born)).verdict == "match"
    later = score(a, PartyRecord.build("WONG, Mun Chi", kind="person", date=dt.date(1945, 4, 21)))
    assert later.verdict == "different"
    assert "dates differ (1961-03-18 vs 1945-04-21)" in later.reasons


def test_a_person_is_never_a_company() -> None:
    judged = score(PartyRecord.build("ZHAO WEI", kind="person"), company("ZHAO WEI"))
    assert judged.score == 0.0
    assert judged.reasons == ("kinds differ (person vs company)",)


def test_acronyms_are_for_review_only() -> None:
    judged = score(company("CNOOC"), company("China National Offshore Oil Corporation"))
    assert judged.verdict == "possible"
    assert judged.reasons == ("one name is made of the other's initials",)


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="kind must be one of"):
        PartyRecord.build("X", kind="trust")
