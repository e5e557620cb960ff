"""Pictures of the evidence behind ``kb exposure``: ``--graph FILE.html|.svg|.png``.

The report (the JSON shape in docs/cli.md) becomes a small graph model (:mod:`.model`): the entity,
every owner and controller in the evidence and chains of each regime under which it is not clear,
up to the listed parties, and the entity's other direct owners for context. kb places it itself
(:mod:`.layout`) and draws it as SVG (:mod:`.svg`), which becomes one self-contained HTML page with
a little script (:mod:`.html`), a standalone .svg document with the legend, or a .png rendered from
that document (:mod:`.png`): no network, no other program. Colours follow kb's Bloom perspective:
listed red, caught orange, possibly caught yellow, clear grey, persons blue, joint ventures outlined
in purple; a node takes its worst status over the regimes drawn, and the legend gives each regime's
determination with its citations.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from kb.db import Database, Row
from kb.errors import KbError, UsageError
from kb.exposure import engine, fixpoint, listings, render
from kb.exposure.picture import html, png, svg
from kb.exposure.picture.model import Picture, build, ids
from kb.exposure.profiles import Profile
from kb.queries import run, wrapper

__all__ = ["SUFFIXES", "check", "render_file", "save"]

SUFFIXES = (".html", ".svg", ".png")


@wrapper("exposure/picture_nodes")
def picture_nodes(db: Database, *, ids: list[str]) -> list[Row]:
    return run(db, "exposure/picture_nodes", ids=ids)


def check(path: Path) -> None:
    """Fails early, before any work, for a file kb cannot draw or write."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UsageError(f"--graph {path}: the file name must end in .html, .svg or .png")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"--graph {path}: there is no folder {folder}")


def render_file(picture: Picture, suffix: str) -> bytes:
    """The picture as the bytes of a .html, .svg or .png file."""
    if suffix == ".html":
        return html.html(picture).encode()
    if suffix == ".svg":
        return svg.document(picture).encode()
    return png.png(picture)


def save(
    db: Database,
    path: Path,
    report: Mapping[str, Any],
    up: engine.Upstream,
    profiles: Sequence[Profile],
    on: dt.date,
) -> Picture:
    """Draws ``report`` (of ``engine.exposure``'s result with upstream ``up``) into ``path``."""
    check(path)
    # every holder of the entity, even where the walk up stopped at the marks of the last kb derive
    context = [render.link(link, up.names) for link in up.holders]
    determinations: dict[str, dict[str, dict[str, Any]]] = {}
    owners = {link["from"] for link in context}
    for profile in profiles:
        found = fixpoint.determine(profile, on, engine.seeds_of(profile, up.listings), up.graph)
        determinations[profile.name] = {
            entity: render.determination(d, up.names) for entity, d in found.items() if entity in owners
        }
    drawable = ids(report, context)
    info = {row["id"]: row for row in picture_nodes(db, ids=drawable)}
    picture = build(report, context, determinations, info, listings.read(db, drawable, on))
    data = render_file(picture, path.suffix.lower())
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise KbError(f"--graph {path}: {exc.strerror or exc}") from None
    return picture
