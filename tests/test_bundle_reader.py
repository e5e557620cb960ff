"""Reading and validating bundles: structure fails whole, bad rows are recorded and left out."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from kb.errors import LoadError
from kb.loaders.formats.bundle import read_bundle

# The USCC below is made up (a valid check character, no real company).
ENTITIES = (
    "id,name,kind,country,names,identifiers,source\n"
    "inspur,Inspur Group Co. Ltd.,company,CN,浪潮集团有限公司|Inspur,USCC:91370000163102560J,\n"
    "cisco-hk,Cisco Systems (HK) Ltd,,hk,,,press\n"
    "jv,Inspur-Cisco Networking Technology,company,CN,浪潮思科网络科技有限公司,,\n"
)


def _bundle(tmp_path: Path, **files: str) -> Path:
    folder = tmp_path / "demo"
    folder.mkdir()
    for name, text in {"entities": ENTITIES, **files}.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


def test_good_rows_are_typed_and_sourced(tmp_path: Path) -> None:
    folder = _bundle(
        tmp_path,
        ownership="owner_id,owned_id,pct,pct_min,pct_max,start_date,source,x_note\n"
        "inspur,jv,51,,,2016-01-01,,reported\ncisco-hk,jv,,40,49,,press,\n",
        listings="entity_id,list,programs,start_date,end_date,citation\ninspur,el,,2023-03-02,,88 FR 13673\n",
    )
    bundle = read_bundle(folder)
    assert len(bundle.issues) == 0
    inspur, cisco, _ = bundle.records["entities.csv"]
    assert inspur["names"] == ["浪潮集团有限公司", "Inspur"]
    assert inspur["identifiers"] == ["USCC:91370000163102560J"] and inspur["source"] == "demo"
    assert cisco["kind"] == "company" and cisco["country"] == "HK" and cisco["source"] == "press"
    first, second = bundle.records["ownership.csv"]
    assert first["pct"] == 51.0 and first["start_date"] == dt.date(2016, 1, 1) and first["basis"] == "equity"
    assert second["pct"] is None and (second["pct_min"], second["pct_max"]) == (40.0, 49.0)
    assert bundle.records["listings.csv"][0]["list"] == "EL"


@pytest.mark.parametrize(
    ("ownership_row", "field", "reason"),
    [
        ("inspur,jv,120,,,", "pct", "a percentage must lie between 0 and 100"),
        ("inspur,jv,abc,,,", "pct", "not a number"),
        ("inspur,jv,51,40,,", "pct", "pct excludes pct_min and pct_max"),
        ("inspur,jv,,60,40,", "pct_min", "pct_min is above pct_max"),
        ("inspur,nobody,51,,,", "owned_id", "unknown entity id"),
        ("inspur,jv,51,,,2016-13-01", "start_date", "not a date of the form YYYY-MM-DD"),
    ],
)
def test_bad_rows_are_left_out_and_recorded(
    tmp_path: Path, ownership_row: str, field: str, reason: str
) -> None:
    header = "owner_id,owned_id,pct,pct_min,pct_max,start_date\n"
    folder = _bundle(tmp_path, ownership=header + ownership_row + "\ncisco-hk,jv,49,,,\n")
    bundle = read_bundle(folder)
    assert [r["owner_id"] for r in bundle.records["ownership.csv"]] == ["cisco-hk"]
    (issue,) = bundle.issues.issues
    assert (issue.file, issue.row, issue.field, issue.reason) == ("ownership.csv", 2, field, reason)
    log = tmp_path / "issues.jsonl"
    bundle.issues.write(log)
    assert json.loads(log.read_text())["field"] == field


def test_bad_checksum_and_duplicate_id(tmp_path: Path) -> None:
    folder = _bundle(tmp_path)
    (folder / "entities.csv").write_text(
        ENTITIES + "bad,Bad Checksum Co,,CN,,USCC:91370000163102560X,\ninspur,Again,,,,,\n", encoding="utf-8"
    )
    bundle = read_bundle(folder)
    reasons = {(i.row, i.field): i.reason for i in bundle.issues.issues}
    assert reasons[(5, "identifiers")].startswith("invalid USCC")
    assert reasons[(6, "id")] == "duplicate id: the first row wins"
    assert [r["id"] for r in bundle.records["entities.csv"]] == ["inspur", "cisco-hk", "jv"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty file, expected a header row"),
        ("id,name\nx,Caf\u00e9\n".encode("latin-1"), "not UTF-8 (byte 13 is 0xe9)"),
        (b"id,label\nx,y\n", "missing required column 'name'"),
        (b"id,name,colour\nx,y,red\n", "unexpected column 'colour' (extra columns must start with x_)"),
    ],
)
def test_structural_problems_fail_the_whole_bundle(tmp_path: Path, content: bytes, message: str) -> None:
    folder = _bundle(tmp_path)
    (folder / "entities.csv").write_bytes(content)
    with pytest.raises(LoadError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_bundle(folder)


def test_a_folder_without_entities_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match=r"no entities.csv \(it is required in a bundle\)"):
        read_bundle(tmp_path)
