"""Russian names across scripts and transliteration systems (kb/resolution/cyrillic.py).

The pairs are issue 17's: an EU list entry in Cyrillic against its OFAC entry in Latin letters, an
OFAC entry against its own a.k.a. (EU and OFAC data, public). None matched before these readings.
"""

from __future__ import annotations

import datetime as dt

import pytest

from kb.resolution import MATCH, PartyRecord, name_key, score
from kb.resolution.cyrillic import (
    czech_feminine,
    english,
    fold_homoglyphs,
    patronymic,
    russian_forms,
    slavic_fold,
)

SAME = [
    # a Latin "O" heads the Cyrillic name (a homoglyph), the name is in quotes
    ("Oбщество с ограниченной ответственностью ‘Молот-Оружие’", "MOLOT-ORUZHIE, OOO"),  # noqa: RUF001
    ("Федеральное казенное предприятие ‘АНОЗИТ’", "FEDERAL STATE ENTERPRISE ANOZIT"),  # noqa: RUF001
    ("Inforos OOO IA", "INFOROS, OOO"),  # IA: informatsionnoe agentstvo, a news agency
    ("PV Bridge", "OOO PV BRIDZH"),  # "bridzh" is English "bridge" written back
    ("AK TRANSNEFT OAO", "TRANSNEFT, JSC"),  # AK: aktsionernaya kompaniya
    ("FGUP NPO OPTIKA", "NPO OPTIKA, AO"),
    (
        "SURGUTNEFTEGAS",
        "PUBLICHNOE AKTSIONERNOE OBSCHESTVO SURGUTNEFTEGAS",
    ),  # sch for shch  # corporatised: a state unitary enterprise, then a JSC
    ("Plant named after Ia. M. Sverdlov", "YA M SVERDLOV PLANT"),
    ("90 EKSPERIMENTALNY ZAVOD OAO", "90 EXPERIMENTAL PLANT OPEN JOINT STOCK COMPANY"),
    ("GAZPROMBANK LEASING ZAO", "CLOSED JOINT-STOCK COMPANY GAZPROMBANK LIZING"),
    ("NPO Izhmash", "НПО Ижмаш"),
    (
        "AKTSIONERNOE OBSHCHESTVO RT-KHIMICHESKIE TEKHNOLOGII I KOMPOZITSIONNYE MATERIALY",
        "JOINT STOCK COMPANY RT-CHEMICAL TECHNOLOGIES AND COMPOSITE MATERIALS",
    ),
    # "for oil transport" names the business, as "oil company" does (beside a joint-stock form)
    ("AK TRANSNEFT OAO", "AKTSIONERNAYA KOMPANIYA PO TRANSPORTUNEFTI TRANSNEFT OAO"),
    ("PUBLIC JOINT STOCK COMPANY TRANSNEFT", "OIL TRANSPORTING JOINT STOCK COMPANY TRANSNEFT"),
    # "oil company" beside a name saying oil itself (neft is oil)
    ("OPEN JOINT-STOCK COMPANY ROSNEFT OIL COMPANY", "ROSNEFT OIL COMPANY"),
    ("LUKOIL OAO", "LUKOIL OIL COMPANY"),
    # the EU's text in Finnish (yhtiö: company), Lithuanian and Irish (limited liability company)
    ("AEROSCAN", "Aeroscan-yhtiö"),
    ("LLC “Inter Tobacco”", "RAB „Inter Tobacco“"),
    ("LLC “Inter Tobacco”", "An chuideachta theoranta ‘Inter Tobacco’"),  # noqa: RUF001
    # машиностроение in English (machine building, mechanical engineering) and German (sch for ш);
    # технология машиностроения is manufacturing engineering (OFAC's a.k.a.s of one entry)
    ("AO NPK TEKHNOLOGII MASHINOSTROENIYA", "OJSC MACHINE ENGINEERING TECHNOLOGIES"),
    ("AO NPK TEKHNOLOGII MASHINOSTROENIYA", "MECHANICAL ENGINEERING TECHNOLOGIES"),
    ("AO NPK TEKHNOLOGII MASHINOSTROENIYA", "NPK TECHNOLOGII MASCHINOSTROJENIJA"),
    ("AO NPK TEKHNOLOGII MASHINOSTROENIYA", "SCIENTIFIC INDUSTRIAL CONCERN MANUFACTURING ENGINEERING OJSC"),
    # long Russian acronyms of every word, by initials or first syllables (OFAC's a.k.a.s)
    ("MMEZ-KT, AO", "AO MOSKOVSKI MASHINOSTROITELNY EKSPERIMENTALNY ZAVOD - KOMPOZITSIONNYE TEKHNOLOGII"),
    ("NPK TEKHMASH OAO", "AO NPK TEKHNOLOGII MASHINOSTROENIYA"),
]


@pytest.mark.parametrize(("left", "right"), SAME)
def test_one_russian_name_in_two_scripts_or_systems_matches(left: str, right: str) -> None:
    assert score(PartyRecord.build(left), PartyRecord.build(right)).score >= MATCH


PEOPLE = [
    # made-up people, spelt as the lists spell Russian, Ukrainian and Belarusian names
    ("Petrov Nikita", "Petrov Mykyta Oleksandrovych"),  # Ukrainian given name and patronymic
    ("Aleksandr Vyacheslavovich Sidorenko", "Alexander SIDORENKO"),
    ("Tatyana Vladimirovna ZHUKOVA", "Tetiana Volodymyrivna ZJUKOVA"),
    ("Pavel Ivanovich ORLOV", "Pavel Ivanavich ORLOU"),
    # Belarusian in the EU's Swedish text (й as j, -вич as -vitj) and the Russian form
    ("Aliaksandr Uladzimiravitj Bojka", "Aleksandr Vladimirovich BOYKO"),
    ("Tatyana Nikolaevna PETROVA", "Tetiana Mykolaivna PETROVA"),
    # the EU's Czech text: -ová added to the masculine form, ch for kh
    ("Tatjana Michajlovová", "Tatyana Ivanovna MIKHAILOVA"),
    ("Tatjana Michajlovová", "Татьяна МИХАЙЛОВА"),
]


@pytest.mark.parametrize(("left", "right"), PEOPLE)
def test_one_person_in_russian_ukrainian_and_english_spellings_matches(left: str, right: str) -> None:
    born = dt.date(1970, 1, 1)  # a person never matches on names alone (lookalikes.py): both dated
    judged = score(
        PartyRecord.build(left, kind="person", date=born), PartyRecord.build(right, kind="person", date=born)
    )
    assert judged.score >= MATCH


DIFFERENT = [
    ("OOO PV BRIDZH", "OOO PV BRIDGEWATER"),
    ("Plant named after Ia. M. Sverdlov", "Plant named after S. M. Kirov"),
    ("90 EKSPERIMENTALNY ZAVOD OAO", "91 EXPERIMENTAL PLANT OPEN JOINT STOCK COMPANY"),
    ("NPO Izhmash", "NPO Mashinostroyeniya"),
    # mechanical alone is mekhanicheskii, not machine-building (the plant's former name)
    ("MOSKOVSKI MASHINOSTROITELNY EKSPERIMENTALNY ZAVOD", "MOSCOW MECHANICAL EXPERIMENTAL PLANT"),
    # the discipline without the technology is machine building, not manufacturing engineering
    ("AO NPK TEKHNOLOGII MASHINOSTROENIYA", "JSC SCIENTIFIC INDUSTRIAL CONCERN MECHANICAL ENGINEERING"),
    # acronyms stay possible when short, English (a group and its members share them), when they
    # leave out a word or spell one wrong, or when they are a word of the other name
    ("OAO SMK", "OAO STUPINSKAYA METALLURGICHESKAYA KOMPANIYA"),
    ("CNOOC", "CHINA NATIONAL OFFSHORE OIL CORP."),
    ("COMAC", "COMMERCIAL AIRCRAFT CORPORATION OF CHINA"),
    ("RT-KHIMKOMPOZIT, AO", "AO RT-KHIMICHESKIE TEKHNOLOGII I KOMPOZITSIONNYE MATERIALY"),
    ("MMEZ-KS, AO", "AO MOSKOVSKI MASHINOSTROITELNY EKSPERIMENTALNY ZAVOD - KOMPOZITSIONNYE TEKHNOLOGII"),
    ("NPK TEKHMASH OAO", "AO TEKHNOLOGII MASHINOSTROENIYA I METALLURGII"),
    ("CNOOC LIMITED", "CNOOC CHINA LIMITED"),
    ("ФГУП НПО Оптика", "ФГУП НПО Техномаш"),
    ("AK STEEL HOLDING", "STEEL HOLDING"),  # AK is a form only beside a Russian one
    ("OIL TRANSPORTING COMPANY VOLGA", "VOLGA, OOO"),  # so is "oil transporting"
    ("RAB Inter Tobacco", "LLC “Inter Tobacco”"),
    (
        "GULF OIL COMPANY",
        "GULF LLC",
    ),  # the name does not say oil itself  # RAB is a form only before the quoted name
]


@pytest.mark.parametrize(("left", "right"), DIFFERENT)
def test_generic_words_and_forms_do_not_join_two_names(left: str, right: str) -> None:
    assert score(PartyRecord.build(left), PartyRecord.build(right)).score < MATCH


def test_homoglyphs_fold_into_the_script_of_most_of_the_word() -> None:
    assert fold_homoglyphs("Oбщество CMK") == "Общество CMK"  # noqa: RUF001
    assert fold_homoglyphs("LLC Аeroscan") == "LLC Aeroscan"  # noqa: RUF001
    assert fold_homoglyphs("plain Latin") == "plain Latin"


def test_legal_forms_and_kinds_rigour_misses() -> None:
    text, forms = russian_forms(
        "FEDERAL STATE UNITARY ENTERPRISE SCIENTIFIC AND PRODUCTION ASSOCIATION OPTIKA"
    )
    assert text.split() == ["OPTIKA"] and forms == {"soe"}
    assert name_key("NPO Izhmash").forms == frozenset()  # not rigour's "ngo": a production association


def test_russian_words_in_any_transliteration_read_in_english() -> None:
    assert english("zavod") == english("zavoda") == "plant"
    assert english("tekhnologii") == english("tehnologij") == english("technologii") == "technology"
    assert english("bespilotnye") == english("bezpilotni") == "unmanned"
    assert english("zakharov") is None
    assert english("mashinostroeniya") == english("maschinostrojenija") == english("mashinostroitelny")


def test_slavic_folds() -> None:
    assert slavic_fold("marija") == "mariia"
    assert slavic_fold("zaxarov") == slavic_fold("zakharov")
    assert slavic_fold("borshchev") == slavic_fold("borschev")
    assert slavic_fold("bridzh") == slavic_fold("bridge")
    assert slavic_fold("yevgeny") == slavic_fold("evgeny")
    assert slavic_fold("kazakou") == slavic_fold("kazakov")
    assert slavic_fold("stupinskaya", places=True) == slavic_fold("stupino", places=True)
    assert slavic_fold("mariana") != slavic_fold("mariano")  # not in a person's name
    assert slavic_fold("jang") == "jang"  # an initial J stays (Korean Jang is not Yang)
    assert slavic_fold("sojka") == slavic_fold("soika")  # й written j before a consonant


def test_czech_feminine_surnames_of_russian_women() -> None:
    assert czech_feminine("svjatlana pachodavová") == "svjatlana pakhodava"
    assert czech_feminine("tatjana michajlovová") == "tatjana mikhajlova"
    assert czech_feminine("jana nováková") == "jana nováková"  # a Czech surname of its own
    assert czech_feminine("jana chalupová") == "jana chalupová"
    assert czech_feminine("michal pachodavova") == "michal pachodavova"  # no Czech á: not Czech text
    born = dt.date(1970, 1, 1)
    woman = PartyRecord.build("Tatjana Michajlovová", kind="person", date=born)
    for other in ("Tatyana Ivanovna MIKHAILOVSKAYA", "Taras MIKHAILOV", "Tatyana MIKHAILOV"):
        assert score(woman, PartyRecord.build(other, kind="person", date=born)).score < MATCH, other


def test_patronymics_are_read_through_their_given_names() -> None:
    assert patronymic("uladzimiravitj") == patronymic("volodymyrovych") == patronymic("vladimirovich")
    assert patronymic("nikolaevna") == patronymic("nikolayevna") == patronymic("mykolaivna")
    assert patronymic("nikolaevna") != patronymic("nikolaevich")
    assert patronymic("pavlovna") == "pavlovna"  # Pavl- is no given name of the table: left alone
