"""The DoD 1260H parser, on the real transcription (read from ../shared, never copied) and broken files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from shared_data import SampleFolder

from kb.errors import LoadError
from kb.loaders.dataset import Dataset, EntityRecord
from kb.loaders.formats.dod_1260h import parse

SAMPLES = SampleFolder("dod_1260h")
HEADER = "Name,Clean Name,Alias,Previous Name,Parent Name,Note,Start date,End date,Source Url\n"
URL_2026 = "https://media.defense.gov/2026/Jun/08/2003945537/"
AVIC = "dod-1260h:aviation-industry-corporation-of-china-ltd"
CASIC = "dod-1260h:china-aerospace-science-and-industry-corporation-limited"


@pytest.fixture(scope="module")
def data() -> Dataset:
    return parse(SAMPLES / "opensanctions_us_dod_chinese_milcorps_sanctions.csv")


def _entity(data: Dataset, name: str) -> EntityRecord:
    return next(entity for entity in data.entities if entity["name"] == name)


def _owners(data: Dataset, entity_id: str) -> list[str]:
    return [stake["owner_id"] for stake in data.stakes if stake["owned_id"] == entity_id]


def test_every_row_is_a_listing_and_every_company_one_entity(data: Dataset) -> None:
    assert len(data.issues) == 0 and data.source.name == "dod-1260h"
    assert len(data.listings) == 397 and {listing["list"] for listing in data.listings} == {"1260H"}
    assert len(data.entities) == 217 and len({entity["id"] for entity in data.entities}) == 217
    assert sum(listing["end_date"] is None for listing in data.listings) == 376
    known = {entity["id"] for entity in data.entities}
    assert all(s["owner_id"] in known and s["owned_id"] in known for s in data.stakes)


def test_listing_periods_dates_and_citation(data: Dataset) -> None:
    costar = _entity(data, "Costar Group Co., Ltd.")
    periods = [
        (lst["start_date"], lst["end_date"], lst["row"])
        for lst in data.listings
        if lst["entity_id"] == costar["id"]
    ]
    # The transcription ends Costar's 2025 listing on 2026-02-17, after the list posted and withdrawn
    # on 2026-02-13, which was never published: it ends at the next published edition.
    assert periods == [(dt.date(2021, 6, 3), None, 38), (dt.date(2025, 1, 7), dt.date(2026, 6, 8), 154)]
    avic = [listing for listing in data.listings if listing["entity_id"] == AVIC]
    assert [listing["start_date"] for listing in avic] == [
        dt.date(2021, 6, 3),
        dt.date(2025, 1, 7),
        dt.date(2026, 6, 8),
    ]
    assert avic[0]["citation"] is None  # the 2021 edition has no Source Url in the file
    assert avic[2]["citation"] is not None and avic[2]["citation"].startswith(URL_2026)


def test_parents_own_their_listed_subsidiaries(data: Dataset) -> None:
    assert _entity(data, "Aviation Industry Corporation of China Ltd.")["names"] == ["AVIC"]
    assert sum(stake["owner_id"] == AVIC for stake in data.stakes) == 17
    heavy = _entity(data, "AVIC Heavy Machinery Company Limited")
    (stake,) = [stake for stake in data.stakes if stake["owned_id"] == heavy["id"]]
    assert stake["owner_id"] == AVIC and stake["basis"] == "equity" and not stake["derived"]
    assert (stake["pct"], stake["pct_min"], stake["pct_max"], stake["start_date"]) == (None, None, None, None)
    hikvision = _entity(data, "Hangzhou Hikvision Digital Technology Co., Ltd.")
    assert _owners(data, hikvision["id"]) == ["dod-1260h:china-electronics-technology-group-corporation"]
    # "China Aerospace Science and Industry Corporation Limited (CASIC)" as a parent is the listed CASIC.
    assert _owners(data, _entity(data, "Aisino Corporation")["id"]) == [CASIC]
    huawei = _entity(data, "Huawei Technologies Co., Ltd.")
    assert _owners(data, huawei["id"]) == ["dod-1260h:huawei-investment-holding-co-ltd"]


def test_renamed_and_also_known_as_rows_are_one_company(data: Dataset) -> None:
    chengdu = _entity(data, "AVIC Chengdu Aircraft Co., Ltd.")  # formerly Zhonghang ... (ZEMIC)
    assert chengdu["id"] == "dod-1260h:zhonghang-electronic-measuring-instruments-company-limited"
    assert chengdu["names"] == ["Zhonghang Electronic Measuring Instruments Company Limited", "ZEMIC"]
    assert sum(listing["entity_id"] == chengdu["id"] for listing in data.listings) == 3
    hesai = _entity(data, "Hesai Group")  # "Hesai Group (also known as Hesai Technology Co., Ltd.)"
    assert (
        hesai["id"] == "dod-1260h:hesai-technology-co-ltd" and "Hesai Technology Co., Ltd." in hesai["names"]
    )
    sugon = _entity(data, "Dawning Information Industry Co., Ltd. (Sugon)")
    assert sugon["names"] == ["Dawning Information Industry Co., Ltd.", "Sugon"]
    knownsec = _entity(data, "Beijing Zhidao Chuangyu Information Technology Co., Ltd.")
    assert knownsec["names"] == ["Knownsec", "Beijing Kownsec"]  # the Alias "Knownsec,Beijing Kownsec"


def test_bad_rows_and_an_unlisted_parent(tmp_path: Path) -> None:
    path = tmp_path / "sanctions.csv"
    path.write_text(
        HEADER
        + "Alpha Co. (AC)*,Alpha Co.,AC,,Holding Group Ltd.,,2024-01-31,,\n"
        + ",,,,,,2024-01-31,,\n"
        + "Beta Co.,Beta Co.,,,,,31/01/2024,,\n"
        + "Gamma Co.,Gamma Co.,,,,,,,\n"
        + "Delta Co.,Delta Co.,,,,,2024-01-31,2024-01-31,\n"
        + "Alpha Co.,Alpha Co.,,,Holding Group Ltd,,2025-01-07,,\n",
        encoding="utf-8",
    )
    data = parse(path)
    assert [(i.row, i.field) for i in data.issues.issues] == [
        (3, "Clean Name"), (4, "Start date"), (5, "Start date"), (6, "End date"),
    ]  # fmt: skip
    alpha, holding = data.entities
    assert (alpha["id"], alpha["names"]) == ("dod-1260h:alpha-co", ["AC"])
    assert holding["id"] == "dod-1260h:holding-group-ltd" and holding["row"] == 2
    assert [listing["entity_id"] for listing in data.listings] == ["dod-1260h:alpha-co"] * 2
    (stake,) = data.stakes  # one stake for the pair, however many rows name the parent
    assert (stake["owner_id"], stake["owned_id"], stake["row"]) == (holding["id"], alpha["id"], 2)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty file"),
        (b"Name,Clean Name,Start date,End date\nA,A,2024-01-31,\n", "missing required column 'Parent Name'"),
        (HEADER.encode() + "Soci\xe9t\xe9,,,,,,2024-01-31,,\n".encode("latin-1"), "not UTF-8"),
        (HEADER.encode() + b"A,A,,,,,2024-01-31,,,extra\n", "more cells than columns"),
    ],
)
def test_structural_problems_fail_the_whole_file(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "sanctions.csv"
    path.write_bytes(content)
    with pytest.raises(LoadError, match=message):
        parse(path)


def test_the_list_posted_and_withdrawn_on_2026_02_13_is_not_a_list(tmp_path: Path) -> None:
    """Rows listed by it are rejected; a listing ended by it runs on to the next published edition,
    or stays open when the file has no such edition yet."""
    path = tmp_path / "milcorps.csv"
    path.write_text(
        HEADER
        + "Alibaba Group Holding Ltd.,Alibaba Group Holding Ltd.,,,,,2026-02-13,,\n"
        + "Costar Group Co. Ltd.,Costar Group Co. Ltd.,,,,,2025-01-07,2026-02-17,\n"
        + "Taiji Computer Co. Ltd.,Taiji Computer Co. Ltd.,,,,,2025-01-07,2026-02-13,\n",
        encoding="utf-8",
    )
    data = parse(path)
    [issue] = data.issues.issues
    assert (issue.row, issue.field) == (2, "Start date") and "withdrawn" in issue.reason
    assert [(x["row"], x["end_date"]) for x in data.listings] == [(3, None), (4, None)]  # no 2026-06-08 rows
    path.write_text(path.read_text(encoding="utf-8") + "AVIC,AVIC,,,,,2026-06-08,,\n", encoding="utf-8")
    ends = [(x["row"], x["end_date"]) for x in parse(path).listings]
    assert ends == [(3, dt.date(2026, 6, 8)), (4, dt.date(2026, 6, 8)), (5, None)]
