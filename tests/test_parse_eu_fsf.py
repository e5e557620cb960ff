"""The EU Financial Sanctions Files parser (XML 1.1), on the real 17-entry sample (read from
../shared, never copied) and on small broken files. Expected values were read by hand from the
sample."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from shared_data import SampleFolder

from kb import loaders
from kb.errors import LoadError
from kb.loaders.dataset import Dataset, EntityRecord, ListingRecord
from kb.loaders.formats.eu_fsf import parse

SAMPLES = SampleFolder("eu_fsf")
SAMPLE = "eu_fsf_xml_1_1_20260805_17entities.xml"
NS = "http://eu.europa.ec/fpi/fsd/export"
REGULATION = (
    '<regulation regulationType="amendment" organisationType="council" publicationDate="2023-03-14"'
    ' entryIntoForceDate="2023-03-15" numberTitle="2023/571 (OJ L75 I)" programme="UKR" logicalId="9">'
    "<publicationUrl>https://eur-lex.europa.eu/eli/reg_impl/2023/571</publicationUrl></regulation>"
)


@pytest.fixture(scope="module")
def data() -> Dataset:
    return parse(SAMPLES / SAMPLE)


def _entity(data: Dataset, logical_id: str) -> EntityRecord:
    return next(entity for entity in data.entities if entity["id"] == f"eu-fsf:{logical_id}")


def _listing(data: Dataset, logical_id: str) -> ListingRecord:
    (listing,) = [item for item in data.listings if item["entity_id"] == f"eu-fsf:{logical_id}"]
    return listing


def test_every_entry_is_an_entity_listed_on_eu(data: Dataset) -> None:
    assert loaders.FORMATS["eu-fsf"].SOURCE.name == data.source.name == "eu-fsf"
    assert data.snapshot and data.snapshot_date == dt.date(2026, 8, 5)  # generationDate, +02:00
    kinds = [entity["kind"] for entity in data.entities]
    assert (kinds.count("person"), kinds.count("company"), len(kinds)) == (10, 7, 17)
    assert len({entity["id"] for entity in data.entities}) == 17
    assert len(data.listings) == 17 and {listing["list"] for listing in data.listings} == {"EU"}
    programs = {program for listing in data.listings for program in listing["programs"]}
    assert programs == {"IRQ", "TAQA", "COD", "IRN", "UKR", "PRK", "LBY", "SYR", "HR", "MMR", "SDNZ"}
    assert _entity(data, "13")["row"] == 3 and _listing(data, "161649")["row"] == 376


def test_sovcombank_tax_and_registration_numbers_and_its_regulation(data: Dataset) -> None:
    bank = _entity(data, "139009")
    assert (bank["name"], bank["kind"], bank["country"]) == ("Sovcombank", "company", "RU")
    assert bank["names"] == ["Buycombank"]
    # both numbers are given with country "00" (unknown): they take the address's Russia
    assert bank["identifiers"] == ["RU_INN:4401116480", "RU_OGRN:1144400000425"]
    assert (
        bank["address"]
        == "Prospekt Tekstilshchikov, 46, Kostroma, 156000, Kostroma Oblast, RUSSIAN FEDERATION"
    )
    listing = _listing(data, "139009")
    assert listing["programs"] == ["UKR"] and listing["start_date"] == dt.date(2022, 4, 8)
    assert listing["source_entry_id"] == "139009" and listing["end_date"] is None
    assert listing["citation"] == (
        "Council amendment 2023/571 (OJ L75 I) of 2023-03-14, "
        "https://eur-lex.europa.eu/legal-content/EN/TXT/PDF/?uri=CELEX:32023R0571"
    )
    m_invest = _entity(data, "150299")
    assert m_invest["country"] == "RU"  # no address: the registration number's country
    assert m_invest["identifiers"] == ["RU_INN:7811636632", "RU_OGRN:1177847044066"]  # "other" left out


def test_names_in_every_script_with_a_latin_primary_name(data: Dataset) -> None:
    sidorov = _entity(data, "7300")
    # the Cyrillic alias is filed as nameLanguage EN: the script decides, not the language
    assert sidorov["name"] == "Anatoliy Alekseevich SIDOROV"
    assert sidorov["names"] == ["Анатолий Алексеевич СИДОРОВ"]
    agha = _entity(data, "514")  # the Arabic alias comes first in the file
    assert agha["name"] == "Abdul Manan Agha" and agha["names"][0] == "عبد المنان آغا"
    assert len(agha["names"]) == 4
    asiri = _entity(data, "6177")  # 15 aliases: the main one carries the function
    assert asiri["name"] == "Ibrahim Hassan Tali Al-Asiri" and len(asiri["names"]) == 14
    assert "إبراهيم حسن طالع العسيري" in asiri["names"]
    qusay = _entity(data, "20")  # the French spelling comes first in the file
    assert (qusay["name"], qusay["names"]) == (
        "Qusay Saddam Hussein Al-Tikriti",
        ["Qoussaï Saddam Hussein Al-Tikriti"],
    )
    assert _entity(data, "6428")["name"] == "Taghtiran Kashan Company"  # the double space collapsed


def test_un_reference_documents_and_imo_numbers(data: Dataset) -> None:
    badi = _entity(data, "118593")
    assert badi["identifiers"] == ["UN_REF:LYi.028"]  # the EU writes LYi.28, the UN LYi.028
    asiri = _entity(data, "6177")
    assert asiri["identifiers"] == ["NATIONAL_ID_SA:1028745097", "PASSPORT_SA:F654645"]
    assert asiri["country"] == "SA"  # citizenship first; the address is in Yemen
    assert _entity(data, "107840")["identifiers"] == ["IMO_COMPANY:5342883"]
    assert _entity(data, "13")["identifiers"] == []


def test_listing_start_is_the_designation_date_else_the_regulation_in_force(data: Dataset) -> None:
    assert _listing(data, "514")["start_date"] == dt.date(2001, 10, 17)  # the 2023 amendment is later
    saddam = _listing(data, "13")  # no designationDate: regulation 1210/2003 in force 2003-07-07
    assert saddam["start_date"] == dt.date(2003, 7, 7)
    assert saddam["citation"] == (
        "Commission regulation 1210/2003 (OJ L169) of 2003-07-08, "
        "http://eur-lex.europa.eu/LexUriServ/LexUriServ.do?uri=OJ:L:2003:169:0006:0023:EN:PDF"
    )
    assert _listing(data, "118593")["start_date"] == dt.date(2018, 11, 29)


def test_the_sample_loads_without_an_issue(data: Dataset) -> None:
    assert len(data.issues) == 0
    # Taghtiran's registration number is "-": the list's way of giving none, not a bad value
    assert _entity(data, "6428")["identifiers"] == []


def _entry(logical_id: str, body: str, subject: str = "enterprise", attrs: str = "") -> str:
    return (
        f'<sanctionEntity logicalId="{logical_id}" euReferenceNumber="EU.{logical_id}.1" {attrs}>\n'
        f'{REGULATION}\n<subjectType code="{subject}" classificationCode="E"/>\n{body}\n</sanctionEntity>\n'
    )


def _export(tmp_path: Path, *entries: str, root: str = "") -> Path:
    path = tmp_path / "fsf.xml"
    root = root or f'<export xmlns="{NS}" generationDate="2026-09-01T10:00:00.000+02:00" globalFileId="1">'
    path.write_text(f'<?xml version="1.0" encoding="UTF-8"?>\n{root}\n{"".join(entries)}</export>\n')
    return path


def _name(name: str) -> str:
    return f'<nameAlias wholeName="{name}" nameLanguage="" strong="true"/>'


def _id(code: str, number: str, country: str = "00", extra: str = "") -> str:
    return f'<identification identificationTypeCode="{code}" number="{number}" countryIso2Code="{country}" {extra}/>'


GOOD = _entry("1", _name("Good Trading LLC"))


def test_bad_entries_are_issues_and_the_rest_loads(tmp_path: Path) -> None:
    path = _export(
        tmp_path,
        GOOD,
        _entry("2", _name("A Ship"), subject="vessel"),
        _entry("1", _name("Good Trading LLC again")),
        _entry("3", '<nameAlias wholeName="" firstName="" lastName=""/>'),
        _entry("x4", _name("Bad Id LLC")),
    )
    data = parse(path)
    assert [entity["id"] for entity in data.entities] == ["eu-fsf:1"]
    assert [(i.row, i.field, i.value, i.reason) for i in data.issues.issues] == [
        (10, "subjectType", "vessel", "unknown subject type (person or enterprise)"),
        (13, "logicalId", "1", "duplicate of line 3: left out"),
        (18, "nameAlias", "", "no name: no nameAlias with a wholeName or name parts"),
        (23, "logicalId", "x4", "logicalId must be a whole number"),
    ]
    assert data.snapshot_date == dt.date(2026, 9, 1)


def test_a_bad_check_digit_drops_the_identifier_not_the_entry(tmp_path: Path) -> None:
    body = "\n".join(
        (
            _name("Kostroma Bank"),
            '<address city="Kostroma" street="" countryIso2Code="RU" countryDescription="RUSSIAN FEDERATION"/>',
            _id("fiscalcode", "4401116481"),  # INN with a wrong check digit
            _id("regnumber", "1144400000425"),
            _id("regnumber", "-", "RU"),  # the list's "no number": no issue
            _id("swiftbic", "NOTABIC"),
            _id("imo", "12345"),
            _id("passport", "AB 123456", "RU", 'knownFalse="true"'),  # a false document: not kept
            _id("passport", "C555", "00"),  # no country: not kept
            _id("id", "77 01 123456", "RU"),
            _id("other", "06513574"),
        )
    )
    data = parse(_export(tmp_path, _entry("5", body, attrs='unitedNationId="QDe.7; bogus"')))
    (entity,) = data.entities
    assert entity["identifiers"] == ["UN_REF:QDe.007", "RU_OGRN:1144400000425", "NATIONAL_ID_RU:7701123456"]
    problems = [(i.field, i.value, i.reason.split(":")[0]) for i in data.issues.issues]
    assert problems == [
        ("unitedNationId", "bogus", "not a UN reference number (two letters, i or e, a dot and a number"),
        ("identification", "fiscalcode 4401116481", "invalid RU_INN"),
        ("identification", "swiftbic NOTABIC", "invalid SWIFT_BIC"),
        ("identification", "imo 12345", "an IMO number has 7 digits"),
    ]


def test_dates_countries_and_several_regulations(tmp_path: Path) -> None:
    older = (
        REGULATION.replace("2023-03-15", "2022-02-25").replace("UKR", "RUS").replace("2023/571", "2022/260")
    )
    body = f'{older}\n{_name("Two Acts Ltd")}\n<citizenship countryIso2Code="RUS"/>\n'
    data = parse(_export(tmp_path, _entry("6", body, attrs='designationDate="25.02.2022"')))
    (listing,) = data.listings
    assert listing["programs"] == ["UKR", "RUS"]
    assert listing["start_date"] == dt.date(2022, 2, 25)  # the bad designationDate: the earliest act
    assert listing["citation"] is not None and listing["citation"].count("; ") == 1
    assert "2022/260" in listing["citation"] and "2023/571" in listing["citation"]
    assert [(i.field, i.value) for i in data.issues.issues] == [("designationDate", "25.02.2022")]
    assert data.entities[0]["country"] is None  # a citizenship on an enterprise is not read


STRUCTURAL = [
    ("not-xml", "id,name\n1,x\n", ":1: not well-formed XML (syntax error, column 0)"),
    ("other root", f'<?xml version="1.0"?>\n<sdnList xmlns="{NS}"/>\n', f":2: root element {{{NS}}}sdnList"),
    (
        "no namespace",
        '<export generationDate="2026-01-01">\n<x/></export>',
        ":1: root element export, expected",
    ),
    (
        "no date",
        f'<export xmlns="{NS}">\n{GOOD}</export>',
        ":1: export: missing required attribute generationDate",
    ),
    ("other child", f'<export xmlns="{NS}" generationDate="2026-01-01">\n<foo/></export>', ":2: element"),
    ("no entry", f'<export xmlns="{NS}" generationDate="2026-01-01">\n</export>', ": no sanctionEntity"),
    (
        "cut short",
        f'<export xmlns="{NS}" generationDate="2026-01-01">\n{GOOD[:60]}',
        ":3: not well-formed XML (unclosed token",
    ),
    (
        "no subject",
        f'<export xmlns="{NS}" generationDate="2026-01-01">\n<sanctionEntity logicalId="7">{_name("X")}'
        "</sanctionEntity></export>",
        ":2: sanctionEntity 7: missing required element subjectType",
    ),
    (
        "no logicalId",
        f'<export xmlns="{NS}" generationDate="2026-01-01">\n\n<sanctionEntity/></export>',
        ":3: sanctionEntity: missing required attribute logicalId",
    ),
]


@pytest.mark.parametrize(("case", "text", "message"), STRUCTURAL, ids=[case for case, _, _ in STRUCTURAL])
def test_structural_problems_fail_the_file_in_one_line(
    tmp_path: Path, case: str, text: str, message: str
) -> None:
    path = tmp_path / "fsf.xml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LoadError) as raised:
        parse(path)
    error = str(raised.value)
    assert error.startswith(f"{path}{message}") and "\n" not in error, error


def test_not_utf8_and_a_folder_fail_like_every_format(tmp_path: Path) -> None:
    path = tmp_path / "fsf.xml"
    path.write_bytes(f'<export xmlns="{NS}" generationDate="2026-01-01">Caf\xe9'.encode("latin-1"))
    with pytest.raises(LoadError, match=r"fsf.xml: not UTF-8 \(byte \d+ is 0xe9\)"):
        parse(path)
    with pytest.raises(LoadError, match="a folder, not a file"):
        parse(tmp_path)
