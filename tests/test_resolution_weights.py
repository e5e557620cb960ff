"""One declared table of weights (kb/resolution/weights.py): no bare weight elsewhere in the
matcher, and every weight says what it does and why (issue 17, "one scoring seam")."""

from __future__ import annotations

import ast
import dataclasses
import io
import re
import tokenize
from pathlib import Path

from kb import resolution
from kb.resolution import chinese, compare, lookalikes, scorer, short_forms, vocabulary
from kb.resolution.weights import WEIGHTS, Weights
from kb.screening import ambiguity

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "kb" / "resolution" / "weights.py"
SCANNED = [
    *sorted(p for p in (ROOT / "kb" / "resolution").glob("*.py") if p.name != "weights.py"),
    ROOT / "kb" / "screening" / "ambiguity.py",
]
PLAIN = (0, 1)  # nothing, all: 0.0 and 1.0 are bounds of a score, not weights

# Numbers in the scanned modules that are not weights, by file and value, with the reason. A
# float here needs a reason a reviewer accepts; a weight goes in the table.
ALLOWED: dict[tuple[str, float], str] = {
    ("short_forms.py", 4): "ACRONYM_LETTERS: a length in letters, as the word-length limits of the rules",
    ("compare.py", 5): "LONG_ACRONYM_LETTERS: a length in letters, as the word-length limits of the rules",
    ("compare.py", 3): "SYLLABLE_LETTERS: a length in letters, as the word-length limits of the rules",
}


def _numbers(path: Path) -> list[tuple[int, float, bool]]:
    """``(line, value, module-level constant)`` of each float literal of ``path``, and of each
    integer assigned to a module-level name: the two ways a weight has been written outside the
    table."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = [
        (node.lineno, node.value, False)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, float)
    ]
    for statement in tree.body:
        value = statement.value if isinstance(statement, (ast.Assign, ast.AnnAssign)) else None
        if isinstance(value, ast.UnaryOp) and isinstance(value.op, ast.USub):
            value = value.operand
        if isinstance(value, ast.Constant) and type(value.value) is int:  # floats are found above
            found.append((statement.lineno, value.value, True))
    return found


def test_no_bare_weight_outside_the_table() -> None:
    bare = [
        f"{path.relative_to(ROOT)}:{line}: {value!r}" + (" (module constant)" if constant else "")
        for path in SCANNED
        for line, value, constant in _numbers(path)
        if value not in PLAIN and (path.name, value) not in ALLOWED
    ]
    assert not bare, "weights belong in kb/resolution/weights.py (with a comment): " + ", ".join(bare)


def test_the_allowlist_is_still_needed() -> None:
    seen = {(path.name, value) for path in SCANNED for _, value, _ in _numbers(path)}
    assert set(ALLOWED) <= seen, f"no longer in the code, drop from ALLOWED: {set(ALLOWED) - seen}"


def test_the_scan_finds_a_bare_weight(tmp_path: Path) -> None:
    module = tmp_path / "module.py"
    module.write_text(
        "LIMIT = 3\n\ndef f(x: float) -> float:\n    return min(1.0, x * 0.8) if x > 0 else 0.0\n"
    )
    assert sorted((line, value) for line, value, _ in _numbers(module)) == [
        (1, 3),
        (4, 0.0),
        (4, 0.8),
        (4, 1.0),
    ]


def _comments(source: str) -> dict[int, str]:
    return {
        token.start[0]: token.string.lstrip("#").strip()
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type == tokenize.COMMENT
    }


def test_every_weight_says_what_it_does_and_why() -> None:
    source = TABLE.read_text(encoding="utf-8")
    comments = _comments(source)
    [table] = [n for n in ast.parse(source).body if isinstance(n, ast.ClassDef) and n.name == "Weights"]
    fields = [n for n in table.body if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)]
    assert [f.target.id for f in fields if isinstance(f.target, ast.Name)] == [
        f.name for f in dataclasses.fields(Weights)
    ]
    undocumented = []
    for field in fields:
        lines = [comments.get(field.lineno, "")]
        above = field.lineno - 1
        while above in comments:  # the comment block just above (a blank line ends it)
            lines.insert(0, comments[above])
            above -= 1
        text = " ".join(line for line in lines if line)
        if len(text) < 40:
            undocumented.append(f"{ast.unparse(field.target)} (line {field.lineno})")
    assert not undocumented, (
        f"each field needs a comment above it saying what it does and why: {undocumented}"
    )


def test_weights_are_numbers_of_a_score() -> None:
    for field in dataclasses.fields(Weights):
        value = getattr(WEIGHTS, field.name)
        assert isinstance(value, float) and 0 < value < 1, field.name
    assert WEIGHTS.low_coverage + WEIGHTS.high_coverage == 1.0
    assert WEIGHTS.possible < WEIGHTS.match
    for cap in (WEIGHTS.lookalike_cap, WEIGHTS.short_form_cap, WEIGHTS.acronym):
        assert WEIGHTS.possible <= cap < WEIGHTS.match  # possible: a reviewer decides


def test_the_old_names_are_the_table() -> None:
    aliases = {
        "match": (resolution.MATCH, scorer.MATCH),
        "possible": (resolution.POSSIBLE, scorer.POSSIBLE),
        "same_address_bonus": (scorer.SAME_ADDRESS_BONUS,),
        "other_address": (scorer.OTHER_ADDRESS_FACTOR,),
        "home_country": (scorer.HOME_COUNTRY,),
        "lookalike_cap": (lookalikes.LOOKALIKE_CAP,),
        "added_country": (lookalikes.ADDED_COUNTRY,),
        "other_registry_number": (lookalikes.OTHER_REGISTRY_NUMBER,),
        "other_programs": (lookalikes.OTHER_PROGRAMS,),
        "short_form_cap": (short_forms.SHORT_FORM_CAP,),
        "chinese_reading": (chinese.SAME_TRADE_NAME,),
        "acronym": (compare.ACRONYM,),
        "word_initial": (compare.INITIAL,),
        "generic_word": (vocabulary.GENERIC_WEIGHT,),
        "patronymic": (vocabulary.PATRONYMIC_WEIGHT,),
        "ambiguity_margin": (ambiguity.MARGIN,),
    }
    for field, values in aliases.items():
        assert all(value == getattr(WEIGHTS, field) for value in values), field
    below_match = scorer.BELOW_MATCH
    assert below_match == WEIGHTS.match - WEIGHTS.below_match
    assert resolution.WEIGHTS is WEIGHTS


def test_the_docs_list_every_weight_with_its_value() -> None:
    doc = (ROOT / "docs" / "resolution.md").read_text(encoding="utf-8")
    section = doc.split("## The weights\n", 1)[1].split("\n## ", 1)[0]
    listed: dict[str, float] = {}
    for row in section.splitlines():
        cells = [c.strip() for c in row.strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("`"):
            names = re.findall(r"`(\w+)`", cells[0])
            values = [float(v) for v in cells[1].split(",")]
            assert len(names) == len(values), row
            listed.update(zip(names, values, strict=True))
    assert listed == dataclasses.asdict(WEIGHTS)
