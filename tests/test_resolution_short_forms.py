"""A record's short form of its own name meets another record's name: possible, never a match.
Acronyms differ by any one letter. The names are those of the DoD 1260H list and OFAC's CMIC
entries (public), where these readings merged two listed companies."""

from __future__ import annotations

from kb.resolution import MATCH, POSSIBLE, PartyRecord, score
from kb.resolution.short_forms import shortened


def company(name: str, *aliases: str) -> PartyRecord:
    return PartyRecord.build(name, aliases=aliases, country="CN")


def test_a_group_short_name_meeting_a_member_name_is_only_possible() -> None:
    group = company("China Telecom Group Co., Ltd.", "China Telecom")
    member = company("CHINA TELECOM CORPORATION LIMITED")
    judged = score(group, member)
    assert POSSIBLE <= judged.score < MATCH
    assert any("short form of 'China Telecom Group Co., Ltd.'" in r for r in judged.reasons)


def test_an_acronym_of_its_own_name_meeting_another_name_is_only_possible() -> None:
    parent = company("China National Offshore Oil Corporation", "CNOOC")
    listed = company("CNOOC LIMITED", "CNOOC LTD")
    assert POSSIBLE <= score(parent, listed).score < MATCH


def test_full_names_still_match_whatever_short_forms_the_records_carry() -> None:
    ofac = company("CHINA TELECOMMUNICATIONS CORPORATION", "CHINA TELECOM", "CHINA TELECOM GROUP CO., LTD.")
    dod = company("China Telecom Group Co., Ltd.", "China Telecom")
    assert score(dod, ofac).score >= MATCH
    assert (
        score(
            company("CHINA TELECOM CORPORATION LIMITED", "CHINA TELECOM"), company("China Telecom Corp Ltd")
        ).score
        >= MATCH
    )


def test_what_counts_as_a_short_form() -> None:
    record = company("China Telecom Group Co., Ltd.", "China Telecom", "China Telecom Group")
    assert shortened("China Telecom", record, "company") == "China Telecom Group Co., Ltd."
    assert shortened("China Telecom Group", record, "company") is None  # only a legal form left out
    assert shortened("China Telecom Group Co., Ltd.", record, "company") is None
    only = company("China Telecom")
    assert shortened("China Telecom", only, "company") is None  # a record's only name
    generic = company(
        "Precision Machinery Import Export Corporation", "China Precision Machinery Import Export"
    )
    assert (
        shortened("Precision Machinery Import Export Corporation", generic, "company") is None
    )  # China: generic
    person = PartyRecord.build("Ivan Petrov", kind="person", aliases=["Ivan Ivanovich Petrov"])
    assert shortened("Ivan Petrov", person, "person") is None


def test_acronyms_one_letter_apart_are_two_companies_but_digraphs_still_fold() -> None:
    assert score(company("CCTC"), company("CTG")).score == 0.0
    assert score(company("CRRC"), company("CRCC")).score == 0.0
    assert score(company("TsST"), company("CST")).score >= MATCH  # ЦСТ, two romanisations


def test_a_name_without_its_bracket_is_not_a_short_form() -> None:
    dod = company(
        "Dawning Information Industry Co., Ltd. (Sugon)", "Dawning Information Industry Co., Ltd.", "Sugon"
    )
    assert score(dod, company("DAWNING INFORMATION INDUSTRY CO., LTD")).score >= MATCH
