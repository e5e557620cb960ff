"""Name normalisation for matching, per language: what a NameKey keeps and drops."""

from __future__ import annotations

import pytest

from kb.resolution import name_key


@pytest.mark.parametrize(
    ("name", "tokens", "forms"),
    [
        # English: legal forms out, abbreviations expanded, plurals folded, word order kept
        ("Inspur Group Co., Ltd.", ("inspur", "group"), {"llc"}),
        ("HUAWEI TECHNOLOGIES CO LTD", ("huawei", "technology"), {"llc"}),
        ("GLOBAL TONE COMM TECH CO LTD", ("global", "tone", "communication", "technology"), {"llc"}),
        (
            "CHINA NATIONAL PRECISION MACHINERY I/E CORP.",
            ("china", "national", "precision", "machinery", "import", "export"),
            set(),
        ),
        ("SEMICONDUCTOR MFG INTL CORP", ("semiconductor", "manufacturing", "international"), set()),
        ("CHINA COMMUNICATIONS CONSTR CO LTD", ("china", "communication", "construction"), {"llc"}),
        ("ABC SRVCES GRP", ("abc", "service", "group"), set()),
        # Russian, in Cyrillic and transliterated: rigour's org types, then Latin letters
        ('ООО "Ромашка"', ("romashka",), {"llc"}),  # noqa: RUF001 (Cyrillic on purpose)
        ('Акционерное общество "Зала Аэро"', ("zala", "aero"), {"jsc"}),
        ("ПАО Сбербанк", ("sberbank",), {"jsc"}),
        ("OTKRYTOE AKTSIONERNOE OBSHCHESTVO SBERBANK ROSSII", ("sberbank", "rossii"), {"jsc"}),
        ("OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU ACHIM DEVELOPMENT", ("achim", "development"), {"llc"}),
        # Chinese: simplified characters, legal forms in characters and in pinyin
        ("浪潮集团有限公司", ("lang", "chao", "group"), {"llc"}),
        ("浪潮電子信息產業股份有限公司", ("lang", "chao", "dian", "zi", "xin", "xi", "chan", "ye"), {"llc"}),
        # … and pinyin business words read as the English ones (maoyi: trade)
        ("DALIAN ZHENGHUA MAOYI YOUXIAN GONGSI", ("dalian", "zhenghua", "trade"), {"llc"}),
    ],
)
def test_name_key_tokens_and_legal_forms(name: str, tokens: tuple[str, ...], forms: set[str]) -> None:
    key = name_key(name)
    assert key.tokens == tokens
    assert key.forms == frozenset(forms)


def test_traditional_and_simplified_chinese_give_one_core() -> None:
    traditional, simplified = (
        name_key("浪潮電子信息產業股份有限公司"),
        name_key("浪潮电子信息产业股份有限公司"),
    )
    assert traditional.script == simplified.script == "han"
    assert traditional.han == simplified.han == "浪潮电子信息产业"


def test_group_is_kept_as_a_word_in_chinese_and_english() -> None:
    # 集团 / Group separates a parent from its listed subsidiary: never dropped as a legal form.
    assert name_key("浪潮集团有限公司").han == "浪潮"
    assert "group" in name_key("浪潮集团有限公司").tokens
    assert "group" in name_key("Inspur Group Co., Ltd.").tokens


def test_person_names_keep_every_part_and_drop_apostrophes() -> None:
    assert name_key("KIM, Kyo'ng-hyo'k", "person").tokens == ("kim", "kyong", "hyok")
    assert name_key("Захаров Никита Александрович", "person").script == "cyrillic"
    assert name_key("Захаров Никита Александрович", "person").tokens == (
        "zaharov",
        "nikita",
        "aleksandrovich",
    )


def test_initials_include_organisation_words() -> None:
    assert name_key("China National Offshore Oil Corporation").initials == "cnooc"
