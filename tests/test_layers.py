"""No import runs back up the layers (docs/architecture.md, "Where things live"): pure matching at
the bottom, graph writing above it, the read path and the judgements above that, screening and the
command line on top. A pure scan of the source (every import, at any depth of the code), no Neo4j."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

KB = Path(__file__).resolve().parents[1] / "kb"
# The layers a package must not import, whatever the import's depth or purpose.
TOP = ("kb.cli",)
NEVER: dict[str, tuple[str, ...]] = {
    # Matching is a pure library: records, names, scores, match keys, the Entity adapter.
    "kb.resolution": (
        "kb.db", "kb.queries", "kb.connection", "kb.server", "kb.loaders", "kb.exposure",
        "kb.ownership", "kb.decisions", "kb.screening", *TOP,
    ),
    # Writing source data (and its match keys) knows nothing of answers, judgements or screening.
    "kb.loaders": ("kb.exposure", "kb.ownership", "kb.decisions", "kb.screening", *TOP),
    # The read path reads claims; it neither writes sources nor judges matches.
    "kb.exposure": ("kb.loaders", "kb.decisions", "kb.screening", *TOP),
    "kb.ownership": ("kb.loaders", "kb.decisions", "kb.screening", *TOP),
    # Judgements and clusters sit on matching and the writer, under screening.
    "kb.decisions": ("kb.screening", *TOP),
    "kb.screening": TOP,
}  # fmt: skip


def module_of(path: Path) -> str:
    parts = path.relative_to(KB.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(source: str, module: str, package: bool = False) -> Iterator[str]:
    """Every module ``source`` (the text of ``module``) imports; ``from kb import x`` as ``kb.x``."""
    here = module.split(".") if package else module.split(".")[:-1]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*here[: len(here) - node.level + 1], *filter(None, [base])])
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def violations(source: str, module: str, package: bool = False) -> list[str]:
    rules = [banned for layer, banned in NEVER.items() if within(module, layer)]
    return sorted({
        f"{module} imports {name}"
        for name in imported(source, module, package)
        for banned in rules
        for layer in banned
        if within(name, layer)
    })  # fmt: skip


def test_no_lower_layer_imports_a_higher_one() -> None:
    found = [
        v
        for path in sorted(KB.rglob("*.py"))
        for v in violations(path.read_text(encoding="utf-8"), module_of(path), path.name == "__init__.py")
    ]
    assert found == []


def test_nothing_but_the_entry_point_imports_the_command_line() -> None:
    found = [
        module_of(path)
        for path in sorted(KB.rglob("*.py"))
        if not within(module_of(path), "kb.cli") and module_of(path) != "kb.__main__"
        if any(within(n, "kb.cli") for n in imported(path.read_text(encoding="utf-8"), module_of(path)))
    ]
    assert found == []


def test_the_scan_sees_every_form_of_import() -> None:
    source = (
        "import kb.screening.screen\n"
        "from kb import decisions\n"
        "def later() -> None:\n"
        "    from ..loaders.write import match_keys\n"
    )
    assert violations(source, "kb.resolution.party") == [
        "kb.resolution.party imports kb.decisions",
        "kb.resolution.party imports kb.loaders.write",
        "kb.resolution.party imports kb.loaders.write.match_keys",
        "kb.resolution.party imports kb.screening.screen",
    ]
    assert violations("from kb.resolution.party import entity_party\n", "kb.screening.screen") == []
    assert violations("from . import keys\n", "kb.resolution", package=True) == []
