"""Addresses as evidence: normalised, compared, and weighed for what they are worth (little: one
group's companies share addresses, one party has several). Addresses from the OFAC and Entity
List samples (US government works)."""

from __future__ import annotations

import datetime as dt

import pytest

from kb.resolution import MATCH, POSSIBLE, PartyRecord, score
from kb.resolution.addresses import address_key, compare_addresses, different_address, same_address

SHELL_LEI = "21380068P1DRHMJ8KU70"
APPLE_LEI = "HWUPKR0MPOU8FGXBT394"


def company(name: str, address: str | None, country: str | None = "CN", *ids: str) -> PartyRecord:
    return PartyRecord.build(name, address=address, country=country, identifiers=ids)


def test_an_address_key_expands_abbreviations_and_sets_aside_place_kinds_and_the_country() -> None:
    key = address_key("No. 508, Bldg P-114, Almaktoum Rd., Deirah, Dubai, AE")
    assert key.numbers == {"508", "114"}
    assert key.words == {"almaktoum", "deirah", "dubai"}
    assert address_key("16 Nametkina Street, Moscow 117420, Russia").words == {"nametkina", "moscow"}
    assert address_key("d. 24 ul. Usacheva, Moscow, 119048, RU").words == {"usacheva", "moscow"}


@pytest.mark.parametrize(
    ("left", "right"),
    [
        (
            "No. 508, Bldg P-114, Almaktoum Road, Deirah, Dubai, AE",
            "No. 508, Bldg P-114, Almaktoum Rd, Deirah, Dubai",
        ),
        ("16, Building 1, Nametkina St., Moscow, 117420, RU", "16 Nametkina Street, Moscow 117420, Russia"),
        ("57 B. Polyanka ul., Moscow, 119180, RU", "57 Bolshaya. Polyanka, Moscow, 119180, RU"),
        ("北京市海淀区中关村大街1号", "北京市海澱區中關村大街1號"),  # traditional and simplified
    ],
)
def test_the_same_address_written_two_ways(left: str, right: str) -> None:
    assert same_address(address_key(left), address_key(right))
    assert not different_address(address_key(left), address_key(right))


@pytest.mark.parametrize(
    ("left", "right", "different"),
    [
        # another street in the same city: clearly two places
        ("d. 24 ul. Usacheva, Moscow, 119048, RU", "63, Novocheremushkinskaya St., Moscow, 117418, RU", True),
        ("Titangata 1, 1630, Fredrikstad, NO", "Holsneset 19, 6030, Langevad, NO", True),
        # another number on the same street: not the same, not clearly different either
        ("16 Nametkina Street, Moscow 117420", "18 Nametkina Street, Moscow 117420", False),
        # a city alone says too little
        ("Moscow, RU", "Moscow, RU", False),
    ],
)
def test_addresses_that_are_not_the_same(left: str, right: str, different: bool) -> None:
    assert not same_address(address_key(left), address_key(right))
    assert different_address(address_key(left), address_key(right)) is different


def test_a_record_may_give_several_addresses() -> None:
    record = company("X", "57 B. Polyanka ul., Moscow, 119180, RU; 16 Nametkina Street, Moscow 117420\n")
    assert record.addresses == (
        "57 B. Polyanka ul., Moscow, 119180, RU",
        "16 Nametkina Street, Moscow 117420",
    )
    one_shared = compare_addresses(record.addresses, ("16, Building 1, Nametkina St., Moscow, 117420, RU",))
    assert one_shared.verdict == "same"
    assert compare_addresses(record.addresses, ()).verdict == "unknown"


TELECOM = "31 Jinrong Street, Xicheng District, Beijing 100033, China"


def test_a_shared_address_lifts_a_possible_pair_but_never_to_a_match() -> None:
    # China Telecom Corporation and China Telecommunications Corporation (its parent) share an
    # address: the address is a reason to look, not to merge.
    names_only = score(
        company("CHINA TELECOM CORPORATION LIMITED", None),
        company("CHINA TELECOMMUNICATIONS CORPORATION", None),
    )
    with_address = score(
        company("CHINA TELECOM CORPORATION LIMITED", TELECOM),
        company("CHINA TELECOMMUNICATIONS CORPORATION", "31 Jinrong St., Xicheng District, Beijing 100033"),
    )
    assert POSSIBLE <= names_only.score < with_address.score < MATCH
    assert any(reason.startswith("same address (31 Jinrong Street") for reason in with_address.reasons)


def test_a_shared_address_makes_a_near_pair_possible_not_an_unrelated_one() -> None:
    near = score(
        company("China Telecom Group Co., Ltd.", TELECOM), company("China Telecom Corporation", TELECOM)
    )
    far = score(company("ABASCIENCE TECH CO. LTD.", TELECOM), company("SUNWAY TECH CO., LTD", TELECOM))
    assert near.score >= POSSIBLE
    assert far.score < POSSIBLE
    assert any(reason.startswith("same address") for reason in far.reasons)  # said, not counted


def test_an_acronym_gets_nothing_from_an_address() -> None:
    judged = score(company("CNOOC", TELECOM), company("CHINA NATIONAL OFFSHORE OIL CORPORATION", TELECOM))
    assert judged.score == 0.8


def test_a_different_address_in_the_same_country_weighs_a_little_against() -> None:
    usacheva, novocheremushkinskaya = (
        "d. 24 ul. Usacheva, Moscow, 119048, RU",
        "63, Novocheremushkinskaya St., Moscow, 117418, RU",
    )
    judged = score(
        company("GAZPROMBANK", usacheva, "RU"), company("GAZPROMBANK", novocheremushkinskaya, "RU")
    )
    assert judged.score == pytest.approx(0.95)
    assert "addresses differ (same country)" in judged.reasons
    assert judged.verdict == "match"  # a party has several addresses: one name still decides
    # a person moves: no weight (one birth date: persons never match on names alone)
    born = dt.date(1961, 3, 2)
    a = PartyRecord.build("Gunther Migeotte", kind="person", address=usacheva, country="RU", date=born)
    b = PartyRecord.build(
        "Gunther Migeotte", kind="person", address=novocheremushkinskaya, country="RU", date=born
    )
    assert score(a, b).score == 1.0
    assert "addresses differ" not in " ".join(score(a, b).reasons)


def test_the_hard_rule_wins_over_a_shared_address() -> None:
    a = company("Shell plc", TELECOM, "CN", f"LEI:{SHELL_LEI}")
    b = company("Shell plc", TELECOM, "CN", f"LEI:{APPLE_LEI}")
    judged = score(a, b)
    assert judged.score == 0.0
    assert judged.reasons[0].startswith("different LEI")
