"""kb's Bloom perspective: generated from kb/schema.py, committed up to date, and every search
phrase, scene action and suggestion query in it runs, as Bloom would run it, on the Inspur demo
bundle in a real Neo4j after ``kb derive``."""

from __future__ import annotations

import colorsys
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import neo4j.graph
import pytest
from conftest import Run

from kb import bloom, loaders, queries, schema
from kb.db import Database
from kb.loaders.formats import bundle
from kb.loaders.write import writer

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = ROOT / bloom.COMMITTED
INSPUR = ROOT / "docs" / "examples" / "inspur"
Kb = Callable[..., Run]
CAUGHT = {"inspur-overseas-investment", "inspur-cloud-investment", "inspur-digital", "inspur-cisco-jv"}

# Each search phrase: the parameters an analyst would pick, the entities (ids) and lists (codes)
# its answer must show, and those it must not.
PHRASES: dict[str, tuple[dict[str, str], set[str], set[str]]] = {
    "Exposure of $entity": (
        {"entity": "inspur-cisco-jv"},
        {"inspur-cisco-jv", "inspur-group", "EL"},
        {"cisco-hk", "cisco-systems"},
    ),
    "Unlisted affiliates of $entity": (
        {"entity": "Inspur Group Co., Ltd."},
        {"inspur-group", "inspur-ibm-jv", *CAUGHT},
        {"inspur-electronic", "inspur-software", "inspur-taiwan", "EL"},
    ),
    "Joint ventures of $entity with listed partners": (
        {"entity": "Cisco Systems, Inc."},
        {"cisco-systems", "cisco-hk", "inspur-cisco-jv", "inspur-group", "EL"},
        {"inspur-ibm-jv", "ibm"},
    ),
    "Records of $entity": (
        {"entity": "Inspur Group Co., Ltd."},
        {"inspur-group"},
        {"inspur-digital", "EL"},
    ),
    "Owners of $entity": (
        {"entity": "Inspur Digital Enterprise Technology Limited"},
        {*CAUGHT - {"inspur-cisco-jv"}, "inspur-group", "shandong-sasac"},
        {"inspur-electronic", "EL"},
    ),
    "Path from $a to $b": (
        {"a": "Inspur Group Co., Ltd.", "b": "inspur-digital"},
        {"inspur-group", "inspur-overseas-investment", "inspur-cloud-investment", "inspur-digital"},
        {"shandong-sasac"},
    ),
    "What if $entity is listed": (
        {"entity": "Inspur Group Co., Ltd."},
        {"inspur-group", "inspur-overseas-investment", "inspur-cloud-investment", "inspur-cisco-jv"},
        {"inspur-digital", "inspur-electronic", "inspur-ibm-jv"},  # 37.6% + 16.98%: kb what-if adds them up
    ),
}
# Each scene action: the entities selected, what it must show, and what it must not.
ACTIONS: dict[str, tuple[list[str], set[str], set[str]]] = {
    "Expand owners": (
        ["inspur-digital"],
        {"inspur-digital", "inspur-overseas-investment", "inspur-cloud-investment", "inspur-group"},
        {"shandong-sasac"},
    ),
    "Expand subsidiaries": (
        ["inspur-group"],
        {"inspur-electronic", "inspur-software", "inspur-cisco-jv", "inspur-digital"},
        {"shandong-sasac", "EL"},
    ),
    "Show evidence": (
        ["inspur-digital", "inspur-group"],
        {"inspur-overseas-investment", "inspur-cloud-investment", "EL"},
        {"shandong-sasac", "inspur-electronic"},
    ),
}


@pytest.fixture(scope="module")
def committed() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(COMMITTED.read_text(encoding="utf-8"))
    return document


@pytest.fixture
def inspur(db: Database, schema_ready: None, kb: Kb) -> Database:
    writer.load(db, bundle.parse(INSPUR), writer.LoadOptions("bundle", str(INSPUR), loaders.checksum(INSPUR)))
    derived = kb("derive", "--as-of", "2025-10-15")
    assert derived.code == 0, derived.err
    return db


def test_the_committed_perspective_is_the_generated_one() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == bloom.dumps(bloom.perspective()), (
        f"{bloom.COMMITTED} is stale: run `kb bloom perspective --out {bloom.COMMITTED}`"
    )


def test_kb_bloom_perspective_prints_or_writes_the_file(kb: Kb, tmp_path: Path) -> None:
    printed = kb("bloom", "perspective")
    assert printed.code == 0, printed.err
    assert printed.out == COMMITTED.read_text(encoding="utf-8")
    out = tmp_path / "p.json"
    written = kb("bloom", "perspective", "--out", str(out))
    assert written.code == 0 and written.out == "" and str(out) in written.err
    assert out.read_text(encoding="utf-8") == printed.out


def _cypher_names(text: str) -> tuple[set[str], set[str]]:
    """The labels and relationship types a Cypher text names in its patterns."""
    text = re.sub(r"'[^']*'|\"[^\"]*\"", "''", text)
    labels = set(re.findall(r"\(\s*\w*\s*:\s*(\w+)", text))
    types = {t for found in re.findall(r"\[\s*\w*\s*:\s*([\w|]+)", text) for t in found.split("|")}
    return labels, types


def _all_cypher(document: dict[str, Any]) -> Iterator[str]:
    for template in document["templates"]:
        yield template["cypher"]
        yield from (param["cypher"] for param in template["params"] if param["cypher"])
    yield from (action["cypher"] for action in document["sceneActions"])


def test_every_label_and_type_is_the_schemas_and_every_schema_label_has_a_category(
    committed: dict[str, Any],
) -> None:
    labels = {label for category in committed["categories"] for label in category["labels"]}
    labels |= set(committed["labels"])
    labels |= {i["label"] for i in committed["metadata"]["indexes"]}
    types = {t["name"] for t in committed["relationshipTypes"]} | set(committed["hiddenRelationshipTypes"])
    for segment in committed["metadata"]["pathSegments"]:
        labels |= {segment["source"], segment["target"]}
        types.add(segment["relationshipType"])
    for text in _all_cypher(committed):
        found_labels, found_types = _cypher_names(text)
        labels |= found_labels
        types |= found_types
    assert labels <= set(schema.NODE_LABELS), labels - set(schema.NODE_LABELS)
    assert types <= set(schema.RELATIONSHIP_TYPES), types - set(schema.RELATIONSHIP_TYPES)
    categorised = [label for category in committed["categories"] for label in category["labels"]]
    assert sorted(categorised) == sorted(schema.NODE_LABELS)  # one category per label, each once
    assert {t["name"] for t in committed["relationshipTypes"]} == set(schema.RELATIONSHIP_TYPES)
    assert {"OWNS", "CONTROLS", "LISTED_ON"} <= types and {"Entity", "JointVenture", "List"} <= labels


def test_the_file_has_the_shape_of_a_bloom_export(committed: dict[str, Any]) -> None:
    assert list(committed)[:3] == ["name", "id", "categories"] and committed["version"] == bloom.BLOOM_VERSION
    assert committed["type"] == "STANDARD_PERSPECTIVE" and committed["hideUncategorisedData"] is False
    for category in committed["categories"]:
        wanted = {"id", "name", "labels", "properties", "color", "size", "captions", "styleRules"}
        assert wanted <= set(category)
        captions = [c["key"] for c in category["captions"] if c["isCaption"]]
        assert captions == [bloom.node_styles()[category["name"]].caption]
        assert all(p["name"] in {c["key"] for c in category["captions"]} for p in category["properties"])
    assert [c["id"] for c in committed["categories"]] == list(range(1, len(committed["categories"]) + 1))
    for template in committed["templates"]:
        assert template["id"].startswith("tmpl:") and template["text"] and template["name"]
        assert [p["name"] for p in template["params"]] == re.findall(r"\$\w+", template["text"])
        assert all(p["dataType"] == "String" and p["cypher"] for p in template["params"])
    assert len({t["id"] for t in committed["templates"]}) == len(committed["templates"])
    assert [a["name"] for a in committed["sceneActions"]] == list(ACTIONS)


def _hue(color: str) -> float:
    r, g, b = (int(color[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return colorsys.rgb_to_hsv(r, g, b)[0] * 360


def test_the_colours_show_the_answer(committed: dict[str, Any]) -> None:
    categories = {c["name"]: c for c in committed["categories"]}
    order = list(categories)
    exposure = [schema.EXPOSURE_LABELS[(r, s)] for s in schema.STATUSES for r in schema.REGIMES]
    assert order[: len(exposure)] == exposure  # Bloom styles a node by its first matching category
    assert order.index("JointVenture") < order.index("Company") < order.index("Entity")
    hues = {"listed": (0, 10), "caught": (20, 36), "possible": (42, 62)}
    for (_, status), label in schema.EXPOSURE_LABELS.items():
        low, high = hues[status]
        assert low <= _hue(categories[label]["color"]) % 350 <= high, (label, categories[label]["color"])
    assert 260 <= _hue(categories["JointVenture"]["color"]) <= 300  # purple
    assert 195 <= _hue(categories["Person"]["color"]) <= 230  # blue
    types = {t["name"]: t for t in committed["relationshipTypes"]}
    assert _hue(types["LISTED_ON"]["color"]) % 350 <= 10
    assert types["CONTROLS"]["color"] not in (types["OWNS"]["color"], bloom.DERIVED_COLOR, bloom.JV_COLOR)
    rules = {(r["basedOn"], r["type"], r["condition"]): r for r in types["OWNS"]["styleRules"]}
    thickness = rules[("pct_number", "range", None)]
    assert thickness["applySize"] and thickness["minSize"] < thickness["maxSize"]
    assert (thickness["minPoint"], thickness["maxPoint"]) == (0, 100)
    unknown = rules[("pct_number", "single", "isNull")]
    assert unknown["applySize"] and unknown["size"] < thickness["minSize"] and unknown["applyColor"]
    derived = rules[("derived_boolean", "single", "equals")]
    assert derived["conditionValue"] is True and derived["color"] == bloom.DERIVED_COLOR


def test_phrases_and_actions_reuse_the_query_modules(committed: dict[str, Any]) -> None:
    modules = {bloom.cypher(key): key for key in queries.specs() if key.startswith("bloom/")}
    used = [modules[text] for text in _all_cypher(committed)]  # KeyError: not a module's text
    assert set(used) == set(modules.values())  # and every bloom/ module is used
    assert {t["text"] for t in committed["templates"]} == set(PHRASES)


def _shown(rows: list[dict[str, Any]]) -> set[str]:
    """The entity ids and list codes in a result; every value must be a graph element."""
    shown: set[str] = set()
    for row in rows:
        for value in row.values():
            if isinstance(value, neo4j.graph.Path):
                nodes = list(value.nodes)
            elif isinstance(value, neo4j.graph.Node):
                nodes = [value]
            elif isinstance(value, neo4j.graph.Relationship):
                nodes = [n for n in value.nodes if n is not None]
            else:
                raise AssertionError(f"Bloom shows graph elements, not {value!r}")
            shown |= {n.get("id") or n.get("code") for n in nodes}
    return shown


def test_every_search_phrase_runs_on_the_demo(inspur: Database, committed: dict[str, Any]) -> None:
    for template in committed["templates"]:
        params, must, must_not = PHRASES[template["text"]]
        assert sorted(f"${p}" for p in params) == sorted(p["name"] for p in template["params"])
        rows = inspur.read(template["cypher"], params)
        shown = _shown(rows)
        assert rows and must <= shown, (template["text"], must - shown)
        assert not shown & must_not, (template["text"], shown & must_not)


def test_every_suggestion_query_returns_entity_names(inspur: Database, committed: dict[str, Any]) -> None:
    names = {row["name"] for row in inspur.read("MATCH (e:Entity) RETURN e.name AS name")}
    for template in committed["templates"]:
        for param in template["params"]:
            rows = inspur.read(param["cypher"])
            assert rows and all(list(row) == ["name"] for row in rows), (template["text"], param["name"])
            suggested = [row["name"] for row in rows]
            assert set(suggested) <= names and len(suggested) == len(set(suggested))
    listed = next(t for t in committed["templates"] if t["text"] == "Unlisted affiliates of $entity")
    assert {row["name"] for row in inspur.read(listed["params"][0]["cypher"])} == {
        "Inspur Group Co., Ltd.",
        "Inspur Taiwan",
    }


def test_every_scene_action_runs_on_the_selection(inspur: Database, committed: dict[str, Any]) -> None:
    for action in committed["sceneActions"]:
        selected, must, must_not = ACTIONS[action["name"]]
        ids = inspur.read(
            "MATCH (e:Entity) WHERE e.id IN $ids RETURN collect(elementId(e)) AS ids", {"ids": selected}
        )[0]["ids"]
        rows = inspur.read(action["cypher"], {"nodes": ids})
        shown = _shown(rows)
        assert rows and must <= shown, (action["name"], must - shown)
        assert not shown & must_not, (action["name"], shown & must_not)


def test_an_unknown_entity_shows_nothing(inspur: Database, committed: dict[str, Any]) -> None:
    for template in committed["templates"]:
        params = {p["name"][1:]: "no such entity" for p in template["params"]}
        assert inspur.read(template["cypher"], params) == [], template["text"]


def test_the_wrappers_run_the_modules(inspur: Database) -> None:
    assert "inspur-cisco-jv" in _shown(bloom.exposure(inspur, entity="inspur-cisco-jv"))
    assert "inspur-digital" in _shown(bloom.path(inspur, a="inspur-group", b="inspur-digital"))
    records = bloom.records(inspur, entity="inspur-group")
    assert [p.start_node["key"] for row in records for p in [row["p"]]] == ["inspur|inspur-group"]
    assert {"Inspur Group Co., Ltd.", "Inspur Taiwan"} == {r["name"] for r in bloom.suggest_listed(inspur)}
