"""The UK Sanctions List parser, on the real 21-designation sample (read from ../shared, never
copied) and on broken files. Expected values were read by hand from the sample."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from shared_data import SampleFolder

from kb.errors import LoadError
from kb.loaders.dataset import Dataset, EntityRecord, ListingRecord
from kb.loaders.formats.uk_sanctions import parse
from kb.loaders.formats.uk_sanctions.designation import regime

SAMPLES = SampleFolder("uk_sanctions_list")
SAMPLE = "uk_sanctions_list_xml_20260907_21designations.xml"
RUSSIA = "The Russia (Sanctions) (EU Exit) Regulations 2019"


@pytest.fixture(scope="module")
def data() -> Dataset:
    return parse(SAMPLES / SAMPLE)


def _entity(data: Dataset, uid: str) -> EntityRecord:
    return next(e for e in data.entities if e["id"] == f"uk-sanctions:{uid}")


def _listing(data: Dataset, uid: str) -> ListingRecord:
    return next(lst for lst in data.listings if lst["source_entry_id"] == uid)


def test_every_designation_is_one_entity_and_one_uk_listing(data: Dataset) -> None:
    assert (
        data.source.name == "uk-sanctions"
        and data.source.licence
        and "Open Government" in data.source.licence
    )
    assert len(data.issues) == 0
    assert data.snapshot and data.snapshot_date == dt.date(2026, 9, 7)  # <DateGenerated>07/09/2026
    assert len(data.entities) == 21 and len({e["id"] for e in data.entities}) == 21
    kinds = [e["kind"] for e in data.entities]
    assert (kinds.count("person"), kinds.count("company"), kinds.count("vessel")) == (14, 5, 2)
    assert len(data.listings) == 21 and {lst["list"] for lst in data.listings} == {"UK"}
    assert all(lst["entity_id"] == f"uk-sanctions:{lst['source_entry_id']}" for lst in data.listings)
    assert all(lst["end_date"] is None for lst in data.listings)
    assert _entity(data, "AFG0001")["row"] == 4  # the line of its <Designation>


def test_russian_company_with_inn_ogrn_regime_and_designation_date(data: Dataset) -> None:
    stupino = _entity(data, "RUS3379")
    assert stupino["name"] == "JSC STUPINO METALLURGICAL COMPANY" and stupino["kind"] == "company"
    assert stupino["country"] == "RU"
    # "INN - 5045023416" and "OGRN: 1025005917551"; no OFSIGroupID (designated after 2026-01-28)
    assert stupino["identifiers"] == ["RU_INN:5045023416", "RU_OGRN:1025005917551"]
    assert "Акционерное общество СМК" in stupino["names"] and "JSC SMK" in stupino["names"]  # noqa: RUF001
    assert stupino["address"] and stupino["address"].startswith("20A Stationnaya Street")
    listing = _listing(data, "RUS3379")
    assert listing["programs"] == ["Russia"] and listing["start_date"] == dt.date(2026, 2, 24)
    assert listing["citation"] == (
        f"{RUSSIA}; sanctions imposed: Asset freeze, Trust Services Sanctions, Director Disqualification Sanction"
    )


def test_registration_numbers_in_one_field_and_the_kpp_left_out(data: Dataset) -> None:
    evrazia = _entity(data, "GAC0072")  # "OGRN: 1247700291200\nKPP: 770701001\nINN: 9707028663"
    assert evrazia["identifiers"] == ["OFSI_GROUP:16846", "RU_OGRN:1247700291200", "RU_INN:9707028663"]
    assert _listing(data, "GAC0072")["programs"] == ["Global Anti-Corruption"]


def test_cyrillic_names_and_the_primary_name(data: Dataset) -> None:
    baranov = _entity(data, "RUS1683")
    assert baranov["name"] == "Robert Petrovich BARANOV" and baranov["kind"] == "person"
    assert baranov["names"] == ["Роберт Петрович Баранов"]  # trailing space of the list dropped
    assert baranov["country"] == "RU" and baranov["identifiers"] == ["OFSI_GROUP:15689"]
    assert _listing(data, "RUS1683")["start_date"] == dt.date(2022, 12, 13)
    # An empty <Name> of type Primary Name comes first: the next primary name is the name.
    kazakov = _entity(data, "BEL0174")
    assert kazakov["name"] == "Pavel Ivanovich KAZAKOV"
    assert kazakov["names"] == ["Pavel Ivanavich KAZAKOU", "Павел Іванавіч Казакоў", "Павел Иванович Казаков"]
    assert _listing(data, "BEL0174")["programs"] == ["Republic of Belarus"]
    # Name1..Name5 then Name6; a primary name ranks before its variations and aliases.
    kabir = _entity(data, "AFG0007")
    assert kabir["name"] == "Abdul Kabir MOHAMMAD JAN"
    assert kabir["names"][:3] == ["KABIR MUHAMMAD JAN ABDUL", "ABDUL KABIR MUHAMMAD JAN", "A Kabir"]


def test_every_spelling_of_an_alias_is_kept(data: Dataset) -> None:
    ansar = _entity(data, "AQD0030")  # NameType "Primary name", lower case
    assert ansar["name"] == "ANSAR AL CHARIA BENGHAZI"
    assert {"Ansar al Charia", "Ansar al-Charia", "Ansar al Sharia", "Ansar al-Sharia"} <= set(ansar["names"])
    assert "أنصار الشريعة - بنغازي" in ansar["names"] and len(ansar["names"]) == 12


def test_un_reference_ofsi_group_and_passports(data: Dataset) -> None:
    exchange = _entity(data, "AFG0001")
    assert exchange["identifiers"] == ["UN_REF:TAe.010", "OFSI_GROUP:12703"]
    assert _listing(data, "AFG0001")["start_date"] == dt.date(2012, 6, 29)
    assert _listing(data, "AFG0001")["programs"] == ["Afghanistan"]
    akhund = _entity(data, "AFG0006")  # the same passport given ten times
    assert akhund["identifiers"] == ["UN_REF:TAi.002", "OFSI_GROUP:7172", "PASSPORT_AF:P04581926"]
    kashif = _entity(data, "AQD0260")  # "Egypt number, ...", "Yemen number issued under name ..."
    assert [i for i in kashif["identifiers"] if i.startswith("PASSPORT")] == [
        "PASSPORT_EG:6487",
        "PASSPORT_YE:388181",
    ]
    al_ali = _entity(data, "AQD0190")  # national id "Kuwait, number 260012001546"
    assert {"UN_REF:QDi.236", "PASSPORT_KW:1739010", "NATIONAL_ID_KW:260012001546"} <= set(
        al_ali["identifiers"]
    )
    assert _listing(data, "AQD0190")["programs"] == ["Isil (Da'esh) and Al-Qaeda (United Nations)"]
    # No country in the document's text: the person's one nationality (Kosovo) issued it.
    assert _entity(data, "GIM0029")["identifiers"] == ["OFSI_GROUP:17204", "NATIONAL_ID_XK:2173186757"]
    assert "UN_REF:GBi.005" in _entity(data, "GUB0009")["identifiers"]  # DesignationSource UK|UN


def test_ships_carry_their_imo_and_flag(data: Dataset) -> None:
    petrel = _entity(data, "DPR0075")
    assert (petrel["kind"], petrel["country"], petrel["identifiers"]) == ("vessel", "KM", ["IMO:9562233"])
    assert petrel["names"] == ["Jal Vahini", "Jal_Vahini", "Tian Tai 36"]
    hao_fan = _entity(data, "DPR0076")  # flag "St Kitts and Nevis", an FCDO spelling
    assert (hao_fan["country"], hao_fan["identifiers"]) == ("KN", ["IMO:8628597"])


@pytest.mark.parametrize(
    ("title", "short"),
    [
        (RUSSIA, "Russia"),
        ("The Global Irregular Migration and Trafficking in Persons Sanctions Regulations 2025",
         "Global Irregular Migration and Trafficking in Persons"),
        ("The Democratic People's Republic of Korea (Sanctions) (EU Exit) Regulations 2019",
         "Democratic People's Republic of Korea"),
        ("The Counter-Terrorism (International Sanctions) (EU Exit) Regulations 2019",
         "Counter-Terrorism (International)"),
        ("Something else", "Something else"),
    ],
)  # fmt: skip
def test_the_regime_is_read_from_the_regulations_title(title: str, short: str) -> None:
    assert regime(title) == short


# --- broken files ---------------------------------------------------------------------------------

HEAD = '<?xml version="1.0" encoding="utf-8"?>\n<Designations>\n  <DateGenerated>07/09/2026</DateGenerated>\n'


def designation(uid: str = "RUS9001", **fields: str) -> str:
    values = {
        "DateDesignated": "24/02/2026", "UniqueID": uid, "RegimeName": RUSSIA,
        "IndividualEntityShip": "Entity", "SanctionsImposed": "Asset freeze",
        "Names": "<Name><Name6>Test Company</Name6><NameType>Primary Name</NameType></Name>",
        **fields,
    }  # fmt: skip
    inner = "".join(f"<{tag}>{value}</{tag}>" for tag, value in values.items() if value != "-")
    return f"  <Designation>{inner}</Designation>\n"


def write(tmp_path: Path, body: str, head: str = HEAD, tail: str = "</Designations>\n") -> Path:
    path = tmp_path / "UK-Sanctions-List.xml"
    path.write_text(head + body + tail, encoding="utf-8")
    return path


def error(path: Path) -> str:
    with pytest.raises(LoadError) as raised:
        parse(path)
    return str(raised.value)


def test_a_file_that_is_not_xml(tmp_path: Path) -> None:
    path = write(tmp_path, "", head="Last Updated,Unique ID\n", tail="")
    assert error(path).startswith(f"{path}:1: not well-formed XML (syntax error, column ")


def test_another_root_element(tmp_path: Path) -> None:
    path = write(tmp_path, "", head="<?xml version='1.0'?>\n<ArrayOfFinancialSanctionsTarget>", tail="")
    assert error(path) == (
        f"{path}:2: root element <ArrayOfFinancialSanctionsTarget>, expected <Designations> (the UK Sanctions List XML)"
    )


def test_a_designation_missing_a_required_element(tmp_path: Path) -> None:
    path = write(tmp_path, designation() + designation("RUS9002", RegimeName="-"))
    assert error(path) == f"{path}:5: a Designation without <RegimeName>: not the UK Sanctions List XML"


@pytest.mark.parametrize(
    ("head", "message"),
    [
        ("<Designations>\n", ": no <DateGenerated> element (one expected, dd/mm/yyyy)"),
        ("<Designations>\n<DateGenerated>2026-09-07</DateGenerated>\n",
         ":2: DateGenerated='2026-09-07': not a date of the form dd/mm/yyyy"),
    ],
)  # fmt: skip
def test_the_file_date_is_required(tmp_path: Path, head: str, message: str) -> None:
    path = write(tmp_path, designation(), head=head)
    assert error(path) == f"{path}{message}"


def test_a_list_without_designations_is_refused(tmp_path: Path) -> None:
    # Loaded as a full snapshot it would close every UK listing in the graph.
    path = write(tmp_path, "")
    assert error(path) == f"{path}: no <Designation> element: not a UK Sanctions List export"


def test_a_document_type_declaration_is_refused(tmp_path: Path) -> None:
    head = '<?xml version="1.0"?>\n<!DOCTYPE Designations [<!ENTITY x "y">]>\n' + HEAD.split("\n", 1)[1]
    path = write(tmp_path, designation(), head=head)
    assert error(path).startswith(f"{path}:2: a document type declaration (<!DOCTYPE Designations>)")


def test_bad_designations_are_issues_and_the_rest_loads(tmp_path: Path) -> None:
    inn = "INN: 5045023417"  # 5045023416 is Stupino's
    bad_inn = (
        f"<Entity><BusinessRegistrationNumbers><BusinessRegistrationNumber>{inn}</BusinessRegistrationNumber>"
    )
    bad_inn += "</BusinessRegistrationNumbers></Entity>"
    bad_imo = "<Ship><IMONumbers><IMONumber>IMO9562234</IMONumber></IMONumbers></Ship>"  # 9562233: Petrel 8
    body = "".join([
        designation("RUS9001"),  # line 4
        designation(""),  # 5: empty Unique ID
        designation("RUS9003", IndividualEntityShip="Aircraft"),  # 6
        designation("RUS9004", DateDesignated="31/02/2026"),  # 7
        designation("RUS9001"),  # 8: a second RUS9001
        designation("RUS9006", Names="<Name><NameType>Primary Name</NameType></Name>"),  # 9
        designation("RUS9007", EntityDetails=bad_inn),  # 10
        designation("RUS9008", IndividualEntityShip="Ship", ShipDetails=bad_imo),  # 11
        designation("RUS9009", RegimeName=" "),  # 12
    ])  # fmt: skip
    data = parse(write(tmp_path, body))
    assert [e["id"] for e in data.entities] == [
        "uk-sanctions:RUS9001", "uk-sanctions:RUS9007", "uk-sanctions:RUS9008"
    ]  # fmt: skip
    assert [(e["identifiers"], e["kind"]) for e in data.entities[1:]] == [([], "company"), ([], "vessel")]
    assert len(data.listings) == 3
    found = [(i.file, i.row, i.field, i.value, i.reason) for i in data.issues.issues]
    file, invalid = "UK-Sanctions-List.xml", "The number's checksum or check digit is invalid."
    assert found == [
        (file, 5, "UniqueID", "", "required, but empty"),
        (file, 6, "IndividualEntityShip", "Aircraft", "unknown kind (Individual, Entity or Ship)"),
        (file, 7, "DateDesignated", "31/02/2026", "not a valid calendar date"),
        (file, 8, "UniqueID", "RUS9001", "duplicate of line 4: the first wins"),
        (file, 9, "Names", "", "required, but empty: the designation has no name"),
        (file, 10, "BusinessRegistrationNumber", "INN 5045023417", f"invalid RU_INN: {invalid}"),
        (file, 11, "IMONumber", "IMO9562234", f"invalid IMO: {invalid}"),
        (file, 12, "RegimeName", "", "required, but empty"),
    ]
