"""Finding the entity a user means: id, identifier, exact name in any case or script, then full text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Run
from loading import load_path

from kb.db import Database
from kb.errors import UsageError
from kb.exposure import lookup
from kb.exposure.lookup import Found

Kb = Callable[..., Run]
LEI = "5493001KJTIIGC8Y1R12"  # a real, valid LEI (Bloomberg Finance L.P.), used as a test anchor
USCC = "913700001630477270"  # Inspur Group's USCC (valid check character)
ENTITIES = f"""id,name,kind,country,names,identifiers
acme,Acme,company,DE,,LEI:{LEI}
acme-holdings,Acme Holdings GmbH,company,DE,Acme Holding,
acme-trading-de,Acme Trading,company,DE,,
acme-trading-hk,ACME TRADING,company,HK,,
group,Example Group Co. Ltd.,company,CN,示例集团有限公司|Example Group,USCC:{USCC}|REG:12345
jdoe,Jane Doe,person,GB,,
nameless-twin,Jane Doe,person,,,
twin-of-id,acme,company,FR,,
"""
CROWD = "id,name,country\n" + "".join(f"crowd-{i:02},Crowd Corp,US\n" for i in range(12))


def write(folder: Path, entities: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "entities.csv").write_text(entities, encoding="utf-8")
    return folder


@pytest.fixture
def graph(db: Database, schema_ready: None, tmp_path: Path) -> Database:
    report = load_path(db, "bundle", write(tmp_path / "lookup", ENTITIES))
    assert report.rejected == 0
    return db


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("acme", "acme"),  # an id wins over the name 'acme' of twin-of-id
        ("  acme-holdings ", "acme-holdings"),
        (f"LEI:{LEI}", "acme"),
        (f"lei:{LEI.lower()}", "acme"),
        (LEI, "acme"),  # a bare identifier value
        (f"USCC:{USCC}", "group"),
        ("REG:12345", "group"),
        ("example group co. ltd.", "group"),  # exact name, any case
        ("示例集团有限公司", "group"),  # another script
        ("EXAMPLE GROUP", "group"),  # one of the other names
        ("acme holding", "acme-holdings"),  # an exact other name beats full-text hits on 'Acme'
        ("Holdings GmbH", "acme-holdings"),  # full text: every word required
        ("示例集团", "group"),  # full text in CJK
    ],
)
def test_find_one(graph: Database, text: str, expected: str) -> None:
    assert lookup.find(graph, text).id == expected


def test_found_carries_name_country_and_kind(graph: Database) -> None:
    assert lookup.find(graph, "jdoe") == Found("jdoe", "Jane Doe", "GB", "person")


def test_several_matches_list_the_candidates_and_ask_for_an_id(graph: Database) -> None:
    with pytest.raises(UsageError) as caught:
        lookup.find(graph, "acme trading")
    assert str(caught.value) == (
        "'acme trading' matches several entities: acme-trading-de (Acme Trading, DE), "
        "acme-trading-hk (ACME TRADING, HK); pass one of their ids"
    )
    with pytest.raises(UsageError, match=r"jdoe \(Jane Doe, GB\), nameless-twin \(Jane Doe\); pass"):
        lookup.find(graph, "Jane Doe")


def test_at_most_ten_candidates_are_listed(db: Database, schema_ready: None, tmp_path: Path) -> None:
    load_path(db, "bundle", write(tmp_path / "crowd", CROWD))
    with pytest.raises(UsageError) as caught:
        lookup.find(db, "crowd corp")
    message = str(caught.value)
    assert message.count("(Crowd Corp, US)") == 10 and message.endswith(", and more; pass one of their ids")
    assert "\n" not in message
    assert [f.id for f in lookup.candidates(db, "Crowd Corp", limit=3)] == [
        "crowd-00",
        "crowd-01",
        "crowd-02",
    ]


@pytest.mark.parametrize("text", ["nobody at all", "LEI:529900T8BM49AURSDO55", "-", '"unbalanced'])
def test_no_match_is_a_usage_error(graph: Database, text: str) -> None:
    with pytest.raises(UsageError, match=r"^no entity matches "):
        lookup.find(graph, text)
    assert lookup.candidates(graph, text) == []


def test_empty_text_is_a_usage_error(graph: Database) -> None:
    with pytest.raises(UsageError, match="give an entity id"):
        lookup.find(graph, "  ")


def test_ambiguous_name_on_the_command_line_exits_2(graph: Database, kb: Kb) -> None:
    done = kb("owners", "Acme Trading")
    assert done.code == 2
    assert done.err.strip() == (
        "kb: error: 'Acme Trading' matches several entities: acme-trading-de (Acme Trading, DE), "
        "acme-trading-hk (ACME TRADING, HK); pass one of their ids"
    )
    done = kb("owners", "acme-trading-hk", "--format", "json")
    assert (done.code, done.out.strip()) == (0, "[]")
