"""Every recipe of docs/cookbook.md, run as an analyst pastes it into Neo4j Browser, against a real
Neo4j holding the Inspur demo (``kb derive --as-of 2025-10-15``), then again with the Kestrel
fixture (tests/fixtures/cookbook) loaded on top.

Each recipe must be read-only, free of deprecations, take its values from ``$parameters``, match
the answers the cookbook documents (``Expected on the demo:``, ``Expected with the test
fixture:``) and return at least one row with the fixture loaded. A failure prints the rows the
recipe returned as a Markdown table, ready to paste into the cookbook.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from backend import Backend
from demo_data import ROOT, derive, load_demo, load_fixture
from markdown_cypher import Block, Outcome, Runner, blocks, literal_values, matches

from kb import admin, schema
from kb.db import Database

COOKBOOK = ROOT / "docs" / "cookbook.md"

# Strings a recipe may spell out: names of things and words of kb's own vocabulary (what no
# exposure mark means), never values an analyst would change.
STRUCTURAL_WORDS = {
    "entity_names_fulltext",
    "clear",
    *(f"_{p}" for p in ("status", "pct_min", "pct_max", "listed_owners")),
}
STRUCTURAL_NUMBERS = {"0", "1", "100", "0.0", "100.0"}

RECIPES = blocks(COOKBOOK.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def outcomes(
    backend: Backend, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, list[Outcome]]]:
    """Every recipe's outcome on the demo, then on the demo with the fixture (one load of each)."""
    found: dict[str, list[Outcome]] = {}
    with Database(backend.connection) as db, Runner(backend.connection) as runner:
        admin.init(db)
        admin.wipe(db)
        load_demo(db)
        derive()
        found["demo"] = [runner.run(recipe) for recipe in RECIPES]
        load_fixture(db, tmp_path_factory.mktemp("cookbook"))
        derive()
        found["fixture"] = [runner.run(recipe) for recipe in RECIPES]
        admin.wipe(db)
    yield found


def _ids() -> list[str]:
    return [f"{recipe.number}-{recipe.title[:40]}" for recipe in RECIPES]


def test_the_cookbook_has_at_least_twenty_numbered_recipes() -> None:
    numbers = [recipe.number for recipe in RECIPES]
    assert len(RECIPES) >= 20
    assert numbers == list(range(1, len(RECIPES) + 1)), "recipes are numbered 1, 2, 3… in order"
    for recipe in RECIPES:
        assert "demo" in recipe.expected, f"recipe {recipe.number} documents no answer on the demo"
        assert recipe.params, f"recipe {recipe.number} has no :param lines"


@pytest.mark.parametrize("recipe", RECIPES, ids=_ids())
def test_recipe_takes_its_values_from_parameters(recipe: Block) -> None:
    literals = literal_values(recipe.query, STRUCTURAL_WORDS, STRUCTURAL_NUMBERS)
    assert not literals, f"recipe {recipe.number}: use a :param for {literals}"
    assert "date()" not in recipe.query.replace(" ", ""), "today is a parameter too ($as_of)"
    used = {name for name, _ in recipe.params}
    for name in used:
        assert re.search(rf"\${name}\b", recipe.query), f"recipe {recipe.number}: :param {name} is never used"


@pytest.mark.parametrize("index", range(len(RECIPES)), ids=_ids())
def test_recipe_runs_and_gives_the_documented_answer(index: int, outcomes: dict[str, list[Outcome]]) -> None:
    recipe = RECIPES[index]
    for data in ("demo", "fixture"):
        outcome = outcomes[data][index]
        where = f"recipe {recipe.number} ({recipe.title}) on the {data}"
        assert outcome.query_type == "r", f"{where}: not read-only ({outcome.query_type})"
        assert not outcome.deprecations, f"{where}: {outcome.deprecations}"
    # Every recipe shows its answer on the demo; some also on the fixture.
    assert "demo" in recipe.expected, (
        f"recipe {recipe.number} ({recipe.title}) documents no answer on the demo"
    )
    for data, table in recipe.expected.items():
        outcome = outcomes[data][index]
        problem = matches(table, outcome.columns, outcome.rows)
        assert problem is None, f"recipe {recipe.number} ({recipe.title}) on the {data}: {problem}"
    fixture = outcomes["fixture"][index]
    # With the fixture every label, type and property the recipes name exists: no warning is due.
    assert not fixture.notifications, f"recipe {recipe.number}: {fixture.notifications}"
    assert fixture.rows, f"recipe {recipe.number} ({recipe.title}) returns no rows even with the fixture"


_LABELS = re.compile(r":([A-Z][A-Za-z0-9_]*(?:\s*\|\s*[A-Z][A-Za-z0-9_]*)*)")
_PROPERTY = re.compile(r"\b([a-z_]\w*)\.([a-z_]\w*)\b")
_PROCEDURES = {"db", "index", "fulltext"}


@pytest.mark.parametrize("recipe", RECIPES, ids=_ids())
def test_recipe_names_only_declared_labels_types_and_properties(recipe: Block) -> None:
    """A typo in a label or property silently matches nothing: every name must be kb's own."""
    names = {name.strip() for found in _LABELS.findall(recipe.query) for name in found.split("|")}
    unknown = names - set(schema.NODE_LABELS) - set(schema.RELATIONSHIP_TYPES)
    assert not unknown, f"recipe {recipe.number} names undeclared labels or types {sorted(unknown)}"
    declared = {
        prop.name
        for props in (*schema.NODE_PROPERTIES.values(), *schema.RELATIONSHIP_PROPERTIES.values())
        for prop in props
    }
    used = {prop for var, prop in _PROPERTY.findall(recipe.query) if var not in _PROCEDURES}
    assert used <= declared, f"recipe {recipe.number} reads undeclared properties {sorted(used - declared)}"
