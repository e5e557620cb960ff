"""Pictures as one self-contained HTML page: the drawing inline, the key and each regime's
determination beside it, and a little script (picture.js, styled by picture.css) to pan, zoom and
show the details of what is clicked. The page loads nothing from anywhere.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kb.exposure.picture.model import (
    CONTEXT,
    CONTROL,
    FILL,
    FONT,
    JV,
    PERSON,
    STAKE,
    Picture,
    flags_text,
    legend_lines,
    regime_name,
)
from kb.exposure.picture.svg import drawing, esc


def _json_for_script(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace("&", "\\u0026")


def html(picture: Picture) -> str:
    """One self-contained HTML page: the graph (drag to pan, wheel to zoom, click for details) and
    the legend. It loads nothing from anywhere."""
    data = {
        "nodes": {n.id: {"name": n.name, "meta": n.meta, "status": n.status, "notes": list(n.notes)}
                  for n in picture.nodes},
        "edges": [{"source": e.source, "target": e.target, "label": e.label, "cited": e.cited,
                   "regimes": [regime_name(r) for r in e.regimes], "claim": e.claim,
                   "start_date": e.start_date, "end_date": e.end_date, "kind": e.kind}
                  for e in picture.edges],
    }  # fmt: skip
    notes = []
    for note in picture.notes:
        items = "".join(f"<li><b>{esc(what)}:</b> {esc(text)}</li>" for what, text in legend_lines(note)[1:])
        notes.append(
            f'<section class="regime {note.status}"><h3>{esc(regime_name(note.regime))}'
            f" — {esc(note.determination)}</h3><ul>{items}</ul></section>"
        )
    swatches = "".join(
        f'<li><span class="sw" style="background:{colour}"></span>{text}</li>'
        for colour, text in ((FILL["listed"], "listed"), (FILL["caught"], "caught"),
                             (FILL["possible"], "possibly caught"), (FILL["clear"], "clear"),
                             (PERSON, "person"))
    )  # fmt: skip
    swatches += '<li><span class="sw jv"></span>joint venture (purple outline)</li>'
    lines = "".join(
        f'<li><svg width="34" height="10"><line x1="0" y1="5" x2="{end}" y2="5" stroke="{colour}" '
        f'stroke-width="{width}"{extra}/>{head}</svg>{text}</li>'
        for colour, width, extra, end, head, text in (
            (STAKE, 2.2, "", 34, "", "a stake of known size"),
            (STAKE, 2.2, ' stroke-dasharray="7 5"', 34, "", "a stake of unknown size, or a range"),
            (
                CONTROL,
                2.2,
                "",
                26,
                f'<path d="M24,5 L29,0 L34,5 L29,10 z" fill="{CONTROL}"/>',
                "a control link",
            ),
            (CONTEXT, 1.4, "", 34, "", "another owner's stake: no evidence"),
        )
    )
    warnings = "".join(f'<p class="warn">{esc(text)}</p>' for text in flags_text(picture))
    if picture.listings:
        items = "".join(f"<li>{esc(text)}</li>" for text in picture.listings)
        warnings += f'<h2>Lists</h2><ul class="lists">{items}</ul>'
    return _PAGE.format(
        title=esc(picture.title), svg=_svg(picture), notes="".join(notes), swatches=swatches, lines=lines,
        warnings=warnings, data=_json_for_script(data), css=_css(), js=_asset("picture.js"),
    )  # fmt: skip


def _svg(picture: Picture) -> str:
    """The graph inline in the HTML page."""
    graph = drawing(picture)
    return (
        f'<svg id="kb-graph" viewBox="0 0 {graph.width:.0f} {graph.height:.0f}" role="img" '
        f'aria-label="{esc(picture.title)}" font-family="{FONT}"><defs>{graph.defs}</defs>'
        f'<g id="kb-layer">{graph.body}</g></svg>'
    )


def _asset(name: str) -> str:
    return (Path(__file__).resolve().parent / name).read_text(encoding="utf-8")


def _css() -> str:
    colours = {"listed": FILL["listed"], "caught": FILL["caught"], "possible": FILL["possible"],
               "clear": FILL["clear"], "jv": JV}  # fmt: skip
    css = _asset("picture.css")
    for name, colour in colours.items():
        css = css.replace("{" + name + "}", colour)
    return css


_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="generator" content="kb exposure --graph">
<title>{title}</title>
<style>{css}</style>
</head>
<body>
<header><h1>{title}</h1>
<p>Owners above what they own. Click a company or a stake for its details; drag to pan, scroll
to zoom.</p></header>
<main>
<section id="graph">{svg}<button id="reset" type="button">reset view</button>
<div class="hint">drag: pan · wheel: zoom · click: details</div></section>
<aside>
<h2>Key</h2>
<ul class="key">{swatches}</ul>
<ul class="key lines">{lines}</ul>
<p>A company takes its worst status over the regimes drawn.</p>
{warnings}
<h2>Per regime</h2>
{notes}
<h2>Details</h2>
<div id="details">Click a company or a stake.</div>
</aside>
</main>
<script type="application/json" id="kb-data">{data}</script>
<script>{js}</script>
</body>
</html>
"""
