"""The one adapter from an Entity's graph row to a scored party, and the one rule for two parties
that cannot be one: pure, no Neo4j."""

from __future__ import annotations

import datetime as dt

from kb.resolution import PartyRecord, score
from kb.resolution.party import entity_party, incompatible

LEI_A = "LEI:5493001KJTIIGC8Y1R12"
LEI_B = "LEI:529900T8BM49AURSDO55"


def test_an_entity_row_carries_every_piece_of_evidence() -> None:
    row = {
        "id": "csl:1", "name": "Huawei Technologies Co., Ltd.", "names": ["华为技术有限公司", "Huawei"],
        "kind": "company", "country": "CN", "identifiers": [LEI_A, "USCC:bad"],
        "addresses": ["Bantian, Longgang, Shenzhen", "Bantian, Longgang, Shenzhen", "Dongguan"],
        "programs": ["SDGT", "EL", "SDGT"], "first_seen": None, "records": ["csl|1"],
    }  # fmt: skip
    party = entity_party(row)
    assert party.key == "csl:1" and party.kind == "company" and party.country == "CN"
    assert party.names == ("Huawei Technologies Co., Ltd.", "华为技术有限公司", "Huawei")
    assert party.identifiers == {"LEI": frozenset({"5493001KJTIIGC8Y1R12"})}  # a failing value dropped
    assert party.addresses == ("Bantian, Longgang, Shenzhen", "Dongguan")
    assert party.programs == frozenset({"EL", "SDGT"})


def test_the_merged_view_and_a_record_row_read_alike() -> None:
    """The load writer's record props (one ``address``) and a query row (``addresses``)."""
    props = {"id": "x", "name": "Acme", "names": ["ACME Ltd"], "kind": "vessel?", "country": " cn ",
             "address": "1 Road", "identifiers": []}  # fmt: skip
    party = entity_party(props)
    assert party.kind == "company" and party.country == "CN" and party.addresses == ("1 Road",)
    assert entity_party({**props, "address": None, "addresses": ["1 Road"]}) == party


def test_a_missing_name_falls_back_to_another_name_then_the_id() -> None:
    assert entity_party({"id": "e1", "name": None, "names": ["Other"]}).name == "Other"
    assert entity_party({"id": "e1"}).name == "e1"


def test_a_date_as_the_driver_gives_it() -> None:
    class DriverDate:
        def to_native(self) -> dt.date:
            return dt.date(1970, 1, 2)

    assert entity_party({"id": "p", "date": DriverDate()}).date == dt.date(1970, 1, 2)
    assert entity_party({"id": "p", "date": "1970-01-02"}).date is None


def test_incompatible_parties_and_the_scorer_agree() -> None:
    acme = PartyRecord.build("Acme Trading", identifiers=[LEI_A])
    pairs = {
        "kinds": (PartyRecord.build("Acme Trading", kind="person"), acme),
        "lei": (PartyRecord.build("Acme Trading", identifiers=[LEI_B]), acme),
    }
    assert incompatible(*pairs["kinds"]) == "kinds differ (person vs company)"
    assert incompatible(*pairs["lei"]) == f"different LEI: {LEI_B[4:]} vs {LEI_A[4:]}"
    for a, b in pairs.values():
        assert score(a, b).score == 0.0
    organisation = PartyRecord.build("Acme Trading", kind="organization")
    assert incompatible(organisation, acme) is None and score(organisation, acme).score >= 0.9
    assert (
        incompatible(PartyRecord.build("Acme Trading", identifiers=[LEI_A, "ISIN:US0378331005"]), acme)
        is None
    )
