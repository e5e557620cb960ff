"""The UN Security Council Consolidated List (XML): the whole list of 2026-02-27 from ../shared, and
broken or odd files written here. Expected values were read by hand from the XML."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
from shared_data import SampleFolder

from kb import loaders
from kb.errors import LoadError
from kb.loaders.dataset import Dataset, EntityRecord, ListingRecord
from kb.loaders.formats.un import SOURCE, parse

UN = SampleFolder("un_consolidated")
FILE = "un_consolidated_2026-02-27.xml"


@pytest.fixture(scope="module")
def un() -> Dataset:
    return parse(UN / FILE)


def _entry(dataset: Dataset, reference: str) -> tuple[EntityRecord, ListingRecord]:
    listing = next(item for item in dataset.listings if item["source_entry_id"] == reference)
    return next(e for e in dataset.entities if e["id"] == listing["entity_id"]), listing


def test_the_whole_list_one_entity_and_one_un_listing_per_entry(un: Dataset) -> None:
    assert loaders.parser("un") is parse and SOURCE.name == "un-sc"
    assert SOURCE.publisher == "United Nations Security Council"
    assert Counter(e["kind"] for e in un.entities) == {"person": 730, "company": 273}
    assert len(un.listings) == 1003 and {item["list"] for item in un.listings} == {"UN"}
    assert un.snapshot and un.snapshot_date == dt.date(2026, 2, 27)  # dateGenerated
    assert un.file_of("entities") == FILE
    assert all(e["id"].startswith("un-sc:") and e["id"][6:].isdigit() for e in un.entities)
    assert len({e["id"] for e in un.entities}) == 1003
    programs = Counter(p for item in un.listings for p in item["programs"])
    assert programs["Al-Qaida"] == 341 and programs["DPRK"] == 155 and programs["SouthSudan"] == 8


def test_first_entry_ids_reference_and_listing_date(un: Dataset) -> None:
    badege, listing = _entry(un, "CDi.001")
    assert badege["id"] == "un-sc:6907993" and badege["row"] == 1
    assert badege["name"] == "ERIC BADEGE" and badege["kind"] == "person"
    assert badege["identifiers"] == ["UN_REF:CDi.001"]
    assert badege["country"] == "CD"  # nationality "Democratic Republic of the Congo"
    assert badege["address"] is None  # an address giving only a country (Rwanda)
    assert listing["entity_id"] == "un-sc:6907993" and listing["programs"] == ["DRC"]
    assert listing["start_date"] == dt.date(2012, 12, 31) and listing["end_date"] is None
    assert listing["citation"] == "UN Security Council Consolidated List, DRC, CDi.001"


def test_cyrillic_original_script_and_low_quality_aliases(un: Dataset) -> None:
    byutukaev, listing = _entry(un, "QDi.396")
    assert byutukaev["id"] == "un-sc:6908547"
    assert byutukaev["name"] == "ASLAN AVGAZAROVICH BYUTUKAEV"  # FIRST, SECOND, THIRD_NAME in order
    # NAME_ORIGINAL_SCRIPT, then the two 'Low' aliases, each split from its "(original script: …)"
    assert byutukaev["names"] == [
        "Аслан Авгазарович Бютукаев", "Amir Khazmat", "Амир Хазмат", "Abubakar", "Абубакар",
    ]  # fmt: skip
    assert byutukaev["country"] == "RU"  # "Russian Federation"
    assert byutukaev["address"] == (
        "Akharkho Street, 11, Katyr-Yurt, Achkhoy-Martanovskiy District, Republic of Chechnya, Russian Federation"
    )
    assert listing["start_date"] == dt.date(2016, 8, 3) and listing["programs"] == ["Al-Qaida"]


def test_arabic_original_script_and_an_alias_note_in_arabic(un: Dataset) -> None:
    zidane, _ = _entry(un, "QDi.001")
    assert zidane["id"] == "un-sc:113219"
    assert zidane["name"] == "MOHAMMED SALAHALDIN ABD EL HALIM ZIDANE"
    assert zidane["names"][:3] == ["محمد صلاح الدين عبدالحليم زيدان", "Sayf-Al Adl", "سيف العدل"]


def test_the_un_not_available_marker_is_no_name_part(un: Dataset) -> None:
    noorzai, _ = _entry(un, "TAi.153")  # FOURTH_NAME "na"
    assert noorzai["name"] == "FAIZULLAH KHAN NOORZAI"


def test_passports_national_ids_and_their_countries(un: Dataset) -> None:
    lumbala, _ = _entry(un, "CDi.021")  # "OB 0243318", issuing country DRC
    assert "PASSPORT_CD:OB0243318" in lumbala["identifiers"]
    # one passport given under its English, French and Spanish labels: one identifier
    ra, _ = _entry(un, "KPi.008")
    assert ra["identifiers"] == ["UN_REF:KPi.008", "PASSPORT_KP:645120196"]
    zeiniye, _ = _entry(un, "QDi.428")
    assert zeiniye["identifiers"] == ["UN_REF:QDi.428", "PASSPORT_SY:3987189", "NATIONAL_ID_SY:5877002"]
    paek, _ = _entry(un, "KPi.006")  # a passport with no issuing country: nothing to key it by
    assert paek["identifiers"] == ["UN_REF:KPi.006"]
    aslamov, _ = _entry(un, "QDi.367")  # a Russian internal ("national") passport, filed as a national id
    assert "NATIONAL_ID_RU:8304661431" in aslamov["identifiers"]
    hassan, _ = _entry(un, "CDi.040")  # "United Republic of Tanzania", a UN name
    assert hassan["identifiers"][1:] == ["PASSPORT_TZ:AB850901", "PASSPORT_TZ:AB187304"]
    schemes = Counter(i.split(":")[0] for e in un.entities for i in e["identifiers"])
    assert schemes["UN_REF"] == 1003 and schemes["IMO_COMPANY"] == 16
    # every passport with a number and an issuing country, the four written behind a label too
    assert sum(n for s, n in schemes.items() if s.startswith("PASSPORT_")) == 201
    assert sum(n for s, n in schemes.items() if s.startswith("NATIONAL_ID_")) == 84


def test_a_dprk_shipping_company_and_its_imo_company_number(un: Dataset) -> None:
    omm, listing = _entry(un, "KPe.020")
    assert omm["id"] == "un-sc:6908046" and omm["kind"] == "company"
    assert omm["name"] == "OCEAN MARITIME MANAGEMENT COMPANY, LIMITED (OMM)"
    assert omm["names"] == [
        "East Sea Shipping Company",
        "Korea Mirae Shipping Co. Ltd",
        "Haeyang Crew Management Company",
    ]
    # "International Maritime Organization (IMO) Number: 1790183." in COMMENTS1
    assert omm["identifiers"] == ["UN_REF:KPe.020", "IMO_COMPANY:1790183"]
    assert omm["country"] == "KP"
    assert (
        omm["address"]
        == "Donghung Dong, Central District, PO Box 120, Pyongyang, Democratic People's Republic of Korea"
    )
    assert listing["programs"] == ["DPRK"] and listing["start_date"] == dt.date(2014, 7, 28)


def test_listed_on_with_a_time_zone_and_aliases_listed_in_one_field(un: Dataset) -> None:
    with_zone = [item for item in un.listings if item["start_date"] is None]
    assert with_zone == []  # ten LISTED_ON values carry "-04:00": dates all the same
    nusrah, _ = _entry(un, "QDe.137")
    assert {"Jabhat al-Nusrah", "Al-Nusra Front", "Hayat Tahrir al-Sham", "HTS"} <= set(nusrah["names"])
    tabatabaei, _ = _entry(un, "IRi.041")  # "Sayed Akbar Tahmaesebi; Syed Akber Tahmaesebi"
    assert tabatabaei["names"][:2] == ["Sayed Akbar Tahmaesebi", "Syed Akber Tahmaesebi"]


def test_the_real_file_has_one_issue_an_unknown_country(un: Dataset) -> None:
    """Numbers behind a label ("Diplomatic Passport: Z30321794", "Libyan Passport No. 96/184442")
    are read; "former Soviet Union" has no ISO code."""
    issues = un.issues.issues
    assert len(issues) == 1 and {i.file for i in issues} == {FILE}
    assert Counter(i.field for i in issues) == {"NATIONALITY/VALUE": 1}
    numbers = {i.partition(":")[2] for e in un.entities for i in e["identifiers"]}
    assert {"Z30321794", "28642163", "96/184442", "514448632", "5802098444"} <= numbers
    soviet = next(i for i in issues if i.field == "NATIONALITY/VALUE")
    assert soviet.value == "former Soviet Union" and soviet.reason == "unknown country name: left out"
    person, _ = next(
        (e, item) for e, item in zip(un.entities, un.listings, strict=True) if e["row"] == soviet.row
    )
    assert person["country"] == "RU"  # its other nationality


# --- files written here -------------------------------------------------------------------------

HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'


def _individual(data_id: str = "<DATAID>1</DATAID>", **fields: str) -> str:
    values = {
        "FIRST_NAME": "JOHN", "SECOND_NAME": "DOE", "UN_LIST_TYPE": "Libya", "REFERENCE_NUMBER": "LYi.901",
        "LISTED_ON": "2011-02-26", **fields,
    }  # fmt: skip
    inner = "".join(f"<{tag}>{text}</{tag}>" for tag, text in values.items() if not tag.startswith("x"))
    return f"<INDIVIDUAL>{data_id}{inner}{fields.get('xml', '')}</INDIVIDUAL>"


def _write(
    tmp_path: Path, individuals: str = "", entities: str = "", generated: str = "2026-03-01T00:00:01Z"
) -> Path:
    path = tmp_path / "consolidated.xml"
    path.write_text(
        f'{HEAD}<CONSOLIDATED_LIST dateGenerated="{generated}"><INDIVIDUALS>{individuals}</INDIVIDUALS>'
        f"<ENTITIES>{entities}</ENTITIES></CONSOLIDATED_LIST>\n",
        encoding="utf-8",
    )
    return path


def _error(path: Path) -> str:
    with pytest.raises(LoadError) as raised:
        parse(path)
    return str(raised.value)


def test_a_small_file_and_a_dated_snapshot(tmp_path: Path) -> None:
    entity = (
        "<ENTITY><DATAID>7</DATAID><FIRST_NAME>KOREA TEST TRADING</FIRST_NAME><UN_LIST_TYPE>DPRK</UN_LIST_TYPE>"
        "<REFERENCE_NUMBER>KPe.901</REFERENCE_NUMBER><LISTED_ON>2017-08-05-04:00</LISTED_ON>"
        "<COMMENTS1>Owns vessels. Company Number IMO 5434358.</COMMENTS1>"
        "<ENTITY_ALIAS><QUALITY>f.k.a.</QUALITY><ALIAS_NAME>Old Test Trading</ALIAS_NAME></ENTITY_ALIAS>"
        "<ENTITY_ADDRESS><CITY>Pyongyang</CITY><COUNTRY>Democratic People\u2019s Republic of Korea</COUNTRY>"
        "</ENTITY_ADDRESS></ENTITY>"
    )
    dataset = parse(_write(tmp_path, _individual(), entity))
    assert dataset.snapshot_date == dt.date(2026, 3, 1) and len(dataset.issues) == 0
    person, company = dataset.entities
    assert (person["id"], person["row"], company["id"], company["row"]) == ("un-sc:1", 1, "un-sc:7", 2)
    assert company["identifiers"] == ["UN_REF:KPe.901", "IMO_COMPANY:5434358"]
    assert company["names"] == ["Old Test Trading"] and company["country"] == "KP"  # a curly apostrophe
    assert dataset.listings[1]["start_date"] == dt.date(2017, 8, 5)


def test_bad_values_are_issues_and_the_entry_stays(tmp_path: Path) -> None:
    documents = (
        "<INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT><NUMBER>A123</NUMBER>"
        "<ISSUING_COUNTRY>Atlantis</ISSUING_COUNTRY></INDIVIDUAL_DOCUMENT>"
        "<INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT>"
        "<NUMBER>513519 issued in Tripoli</NUMBER><ISSUING_COUNTRY>Libya</ISSUING_COUNTRY></INDIVIDUAL_DOCUMENT>"
        "<INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>National Identification Number</TYPE_OF_DOCUMENT>"
        "<TYPE_OF_DOCUMENT2>Ration card no.</TYPE_OF_DOCUMENT2><NUMBER>0094195</NUMBER>"
        "<ISSUING_COUNTRY>Libya</ISSUING_COUNTRY></INDIVIDUAL_DOCUMENT>"
        "<INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>National Identification Number</TYPE_OF_DOCUMENT>"
        "<NUMBER>119880387067 (old)</NUMBER><COUNTRY_OF_ISSUE>Libya</COUNTRY_OF_ISSUE></INDIVIDUAL_DOCUMENT>"
    )
    individual = _individual(
        LISTED_ON="2011-02-30",
        NATIONALITY="<VALUE>Atlantis</VALUE><VALUE>na</VALUE><VALUE>Libya</VALUE>",
        xml=documents,
    )
    dataset = parse(_write(tmp_path, individual))
    [person], [listing] = dataset.entities, dataset.listings
    assert person["country"] == "LY" and listing["start_date"] is None
    assert person["identifiers"] == ["UN_REF:LYi.901", "NATIONAL_ID_LY:119880387067"]
    assert [(i.row, i.field, i.value) for i in dataset.issues.issues] == [
        (1, "INDIVIDUAL_DOCUMENT/ISSUING_COUNTRY", "Atlantis"),
        (1, "INDIVIDUAL_DOCUMENT/NUMBER", "513519 issued in Tripoli"),
        (1, "NATIONALITY/VALUE", "Atlantis"),
        (1, "LISTED_ON", "2011-02-30"),
    ]
    assert dataset.issues.issues[-1].reason == (
        "not a date of the form YYYY-MM-DD: the listing is kept without a start date"
    )


def test_entries_left_out_with_an_issue(tmp_path: Path) -> None:
    entries = (
        _individual()
        + _individual(REFERENCE_NUMBER="LYi.902")  # DATAID 1 again
        + _individual("<DATAID>2</DATAID>", REFERENCE_NUMBER="")
        + _individual("<DATAID>3</DATAID>", FIRST_NAME="", SECOND_NAME="na", REFERENCE_NUMBER="LYi.903")
        + _individual(
            "<DATAID>4</DATAID>",
            FIRST_NAME="",
            SECOND_NAME="",
            NAME_ORIGINAL_SCRIPT="جون دو",
            REFERENCE_NUMBER="LYi.904",
        )
    )
    dataset = parse(_write(tmp_path, entries))
    assert [(e["id"], e["name"]) for e in dataset.entities] == [
        ("un-sc:1", "JOHN DOE"),
        ("un-sc:4", "جون دو"),
    ]
    assert [(i.row, i.field, i.reason.split(":")[0]) for i in dataset.issues.issues] == [
        (2, "DATAID", "duplicate DATAID"),
        (3, "REFERENCE_NUMBER", "required, but empty"),
        (4, "FIRST_NAME", "required, but empty"),
    ]


STRUCTURAL = [
    ("not xml", "not well-formed XML (syntax error: line 1, column 0)"),
    (
        HEAD + "<CONSOLIDATED_LIST dateGenerated='2026-01-01'><INDIVIDUALS>",
        "not well-formed XML (no element found",
    ),
    (
        HEAD + "<sanctions><INDIVIDUALS/></sanctions>",
        "root element <sanctions>, expected <CONSOLIDATED_LIST>",
    ),
    (
        HEAD + "<CONSOLIDATED_LIST><INDIVIDUALS/></CONSOLIDATED_LIST>",
        "<CONSOLIDATED_LIST> dateGenerated=None: not a date",
    ),
    (
        HEAD + "<CONSOLIDATED_LIST dateGenerated='27/02/2026'/>",
        "<CONSOLIDATED_LIST> dateGenerated='27/02/2026': not a date",
    ),
    (
        HEAD + "<CONSOLIDATED_LIST dateGenerated='2026-01-01'><VESSELS/></CONSOLIDATED_LIST>",
        "unexpected <VESSELS> in <CONSOLIDATED_LIST> (expected INDIVIDUALS, ENTITIES)",
    ),
    (
        HEAD
        + "<CONSOLIDATED_LIST dateGenerated='2026-01-01'><ENTITIES><INDIVIDUAL/></ENTITIES></CONSOLIDATED_LIST>",
        "entry 1: unexpected <INDIVIDUAL> in <ENTITIES> (expected ENTITY)",
    ),
    (
        HEAD + "<CONSOLIDATED_LIST dateGenerated='2026-01-01'><INDIVIDUALS/><ENTITIES/></CONSOLIDATED_LIST>",
        "no INDIVIDUAL or ENTITY: an empty list would close every UN listing",
    ),
]


@pytest.mark.parametrize(("content", "message"), STRUCTURAL, ids=[m for _, m in STRUCTURAL])
def test_structural_problems_fail_the_file(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "consolidated.xml"
    path.write_text(content, encoding="utf-8")
    assert _error(path).startswith(f"{path}: {message}")


def test_a_missing_or_odd_dataid_fails_the_file_naming_the_entry(tmp_path: Path) -> None:
    missing = _write(tmp_path, _individual() + _individual(""))
    assert (
        _error(missing) == f"{missing}: entry 2 (INDIVIDUAL): DATAID missing: it is the entry's permanent id"
    )
    odd = _write(tmp_path, _individual("<DATAID>QDi.1</DATAID>"))
    assert _error(odd).startswith(f"{odd}: entry 1 (INDIVIDUAL): DATAID 'QDi.1' is not a whole number")
