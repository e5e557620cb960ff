"""``kb bloom``: the Neo4j Bloom / Aura Explore perspective, generated from kb's schema (docs/bloom.md)."""

from __future__ import annotations

from pathlib import Path

import typer

from kb import bloom
from kb.cli.common import progress

app = typer.Typer(help="Neo4j Bloom and Aura Explore: kb's perspective.", no_args_is_help=True)


@app.command()
def perspective(
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Write the perspective to this file (default: standard output)."
    ),
) -> None:
    """The perspective to import in Bloom or Aura Explore: categories, styles, search phrases and
    scene actions, generated from kb's schema and its query modules."""
    text = bloom.dumps(bloom.perspective())
    if out is None:
        typer.echo(text, nl=False)
        return
    out.write_text(text, encoding="utf-8")
    progress(f"wrote {out}: import it from Bloom's Perspective gallery (docs/bloom.md)")
