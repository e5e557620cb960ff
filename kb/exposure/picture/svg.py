"""Pictures as SVG: the drawing the HTML page shows inline (:func:`drawing`), and the standalone
.svg document (:func:`document`): that drawing under a title, with the key, the flags and each
regime's determination and citations below it, as the page's side panel gives them.
"""

from __future__ import annotations

import html as htmllib
from dataclasses import dataclass, field

from kb.exposure.picture.layout import Box, Label, layout, routes, spread, text_width, wrap_visual
from kb.exposure.picture.model import (
    CONTEXT,
    CONTROL,
    FILL,
    FONT,
    INK,
    JV,
    MUTED,
    PERSON,
    STAKE,
    Edge,
    Node,
    Picture,
    flags_text,
    legend_lines,
    regime_name,
)

LABEL_SIZE = 11.0
MARGIN = 24.0
MIN_WIDTH = 880.0  # the legend's lines are long: a narrow graph still gets room for them
TITLE_SIZE, HEAD_SIZE, TEXT_SIZE = 16.0, 12.5, 11.5

# C0 controls other than tab, newline and carriage return, and the non-characters U+FFFE and U+FFFF:
# no XML document may hold them, even escaped, so a standalone .svg drops them.
_NOT_XML = dict.fromkeys([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF])


def esc(value: str) -> str:
    """Text for an HTML or XML attribute or element."""
    return htmllib.escape(value.translate(_NOT_XML), quote=True)


@dataclass(frozen=True)
class Drawing:
    """The graph as SVG markup: ``defs`` (the arrow heads) and ``body`` (edges, boxes and labels) in a
    space ``width`` wide and ``height`` high, owners above what they own."""

    defs: str
    body: str
    width: float
    height: float


def drawing(picture: Picture) -> Drawing:
    boxes, width, height = layout(picture)
    parts: list[str] = []
    labels: list[Label] = []
    for i, (edge, route) in enumerate(zip(picture.edges, routes(picture, boxes), strict=True)):
        curve, (lx, ly) = route.curve, route.label_at
        marker = "control" if edge.kind == "control" else ("stake" if edge.regimes else "context")
        dash = ' stroke-dasharray="7 5"' if edge.dashed else ""
        d = f"M{curve[0][0]:.1f},{curve[0][1]:.1f} C{curve[1][0]:.1f},{curve[1][1]:.1f} " \
            f"{curve[2][0]:.1f},{curve[2][1]:.1f} {curve[3][0]:.1f},{curve[3][1]:.1f}"  # fmt: skip
        parts.append(
            f'<g class="edge" data-edge="{i}"><title>{esc(_edge_tooltip(edge, picture))}</title>'
            f'<path d="{d}" fill="none" stroke="{edge.colour}" stroke-width="{2.2 if edge.regimes else 1.4}"'
            f'{dash} marker-end="url(#kb-{marker})"/>'
            f'<path d="{d}" fill="none" stroke="transparent" stroke-width="12"/></g>'
        )
        lines = [(edge.label, LABEL_SIZE, INK if edge.regimes else MUTED)]
        if edge.cited:
            lines.append((edge.cited, 9.5, MUTED))
        w = max(text_width(text, size) for text, size, _ in lines) + 12
        h = sum(size + 4 for _, size, _ in lines) + 6
        labels.append(Label(i, lines, lx, ly, w, h))
    spread(labels)
    for box in boxes.values():
        parts.append(_svg_box(box))
    for label in labels:
        edge = picture.edges[label.index]
        top = label.y - label.height / 2
        texts = []
        y = top + 3
        for text, size, colour in label.lines:
            y += size + 2
            texts.append(f'<text x="{label.x:.1f}" y="{y:.1f}" font-size="{size:g}" fill="{colour}"'
                         f' text-anchor="middle">{esc(text)}</text>')  # fmt: skip
            y += 2
        parts.append(
            f'<g class="elabel" data-edge="{label.index}"><title>{esc(_edge_tooltip(edge, picture))}</title>'
            f'<rect x="{label.x - label.width / 2:.1f}" y="{top:.1f}" width="{label.width:.1f}" '
            f'height="{label.height:.1f}" rx="4" fill="#ffffff" fill-opacity="0.92" stroke="{edge.colour}"'
            f' stroke-width="0.6"/>{"".join(texts)}</g>'
        )
    markers = "".join(
        f'<marker id="kb-{name}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="{size}" '
        f'markerHeight="{size}" orient="auto-start-reverse"><path d="{shape}" fill="{colour}"/></marker>'
        for name, colour, shape, size in (
            ("stake", STAKE, "M0,0 L10,5 L0,10 z", 5),
            ("context", CONTEXT, "M0,0 L10,5 L0,10 z", 6),
            ("control", CONTROL, "M0,5 L5,0 L10,5 L5,10 z", 6),
        )
    )
    return Drawing(markers, "".join(parts), width, height)


def _svg_box(box: Box) -> str:
    node = box.node
    left, top = box.x - box.width / 2, box.y
    radius = box.height / 2 if node.person else 9
    outline = JV if node.jv else ("#222222" if node.subject else "#555555")
    stroke = 3.2 if node.jv else (1.8 if node.subject else 1.1)
    shapes = []
    if node.subject:
        shapes.append(f'<rect x="{left - 5:.1f}" y="{top - 5:.1f}" width="{box.width + 10:.1f}" '
                      f'height="{box.height + 10:.1f}" rx="{radius + 4:.1f}" fill="none" stroke="#222222" '
                      'stroke-width="1.3"/>')  # fmt: skip
    shapes.append(f'<rect x="{left:.1f}" y="{top:.1f}" width="{box.width:.1f}" '
                  f'height="{box.height:.1f}" rx="{radius:.1f}" fill="{node.fill}" stroke="{outline}" '
                  f'stroke-width="{stroke}"/>')  # fmt: skip
    y = top + 7
    for text, size, bold in box.lines:
        y += size + 3
        weight = ' font-weight="bold"' if bold else ""
        shapes.append(f'<text x="{box.x:.1f}" y="{y:.1f}" font-size="{size:g}"{weight} fill="{node.ink}" '
                      f'text-anchor="middle">{esc(text)}</text>')  # fmt: skip
        y += 2
    return (f'<g class="node" data-id="{esc(node.id)}" tabindex="0"><title>{esc(_tooltip(node))}</title>'
            f'{"".join(shapes)}</g>')  # fmt: skip


def _tooltip(node: Node) -> str:
    return f"{node.name} ({node.meta})" + "".join(f"; {n}" for n in node.notes)


def _edge_tooltip(edge: Edge, picture: Picture) -> str:
    names = {n.id: n.name for n in picture.nodes}
    what = (
        "; evidence under " + ", ".join(map(regime_name, edge.regimes)) if edge.regimes else "; not evidence"
    )
    return (
        f"{names.get(edge.source, edge.source)} → {names.get(edge.target, edge.target)}: {edge.label}"
        + (f" [{edge.cited}]" if edge.cited else "")
        + what
    )


# --- the standalone document ---------------------------------------------------------------------


@dataclass
class _Column:
    """Lines of text and marks stacked downwards from ``y``, left-aligned in ``width``."""

    width: float
    y: float
    parts: list[str] = field(default_factory=list)

    def text(self, text: str, size: float, *, x: float = MARGIN, colour: str = INK, bold: bool = False,
             indent: float = 0.0, lead: str = "") -> None:  # fmt: skip
        """``text`` wrapped to the column; ``lead``, the start of its first line, in bold."""
        room = self.width - MARGIN - x - indent
        limit = max(8.0, room / (0.63 * size * (1.08 if bold else 1.0)))
        weight = ' font-weight="bold"' if bold else ""
        for n, line in enumerate(wrap_visual(text, limit)):
            self.y += size + 4
            left = x + (indent if n else 0.0)
            if n == 0 and lead and line.startswith(lead):
                body = f'<tspan font-weight="bold">{esc(lead)}</tspan>{esc(line[len(lead) :])}'
            else:
                body = esc(line)
            self.parts.append(f'<text x="{left:.1f}" y="{self.y:.1f}" font-size="{size:g}" fill="{colour}"'
                              f"{weight}>{body}</text>")  # fmt: skip

    def gap(self, height: float) -> None:
        self.y += height


def _key(column: _Column) -> None:
    """The colours and the kinds of line, as the HTML page's key gives them."""
    items: list[tuple[str, float, str]] = []  # the mark, its width, what it means
    swatches = ((FILL["listed"], "listed"), (FILL["caught"], "caught"), (FILL["possible"], "possibly caught"),
                (FILL["clear"], "clear"), (PERSON, "person"))  # fmt: skip
    for colour, text in swatches:
        items.append((f'<rect x="0" y="-10" width="18" height="12" rx="3" fill="{colour}" stroke="#555555"/>',
                      18.0, text))  # fmt: skip
    items.append((f'<rect x="1.5" y="-8.5" width="15" height="9" rx="2" fill="#ffffff" stroke="{JV}" '
                  'stroke-width="3"/>', 18.0, "joint venture (purple outline)"))  # fmt: skip
    lines = (
        (STAKE, 2.2, "", "a stake of known size"),
        (STAKE, 2.2, ' stroke-dasharray="7 5"', "a stake of unknown size, or a range"),
        (CONTROL, 2.2, "", "a control link"),
        (CONTEXT, 1.4, "", "another owner's stake: no evidence"),
    )
    for colour, width, extra, text in lines:
        end = 26 if colour == CONTROL else 34
        head = f'<path d="M24,-4 L29,-9 L34,-4 L29,1 z" fill="{CONTROL}"/>' if colour == CONTROL else ""
        items.append((f'<line x1="0" y1="-4" x2="{end}" y2="-4" stroke="{colour}" stroke-width="{width}"'
                      f"{extra}/>{head}", 34.0, text))  # fmt: skip
    x = MARGIN
    column.gap(TEXT_SIZE + 6)
    for mark, sample, text in items:
        wide = sample + 6 + text_width(text, TEXT_SIZE) + 18
        if x > MARGIN and x + wide > column.width - MARGIN:
            x = MARGIN
            column.gap(TEXT_SIZE + 8)
        column.parts.append(
            f'<g transform="translate({x:.1f},{column.y:.1f})">{mark}<text x="{sample + 6:g}" y="0" '
            f'font-size="{TEXT_SIZE:g}" fill="{INK}">{esc(text)}</text></g>'
        )
        x += wide


def document(picture: Picture) -> str:
    """The picture as one standalone SVG document: title, graph, key, flags, and per regime its
    determination, rule, listings and sources."""
    graph = drawing(picture)
    width = max(graph.width, MIN_WIDTH)
    column = _Column(width, MARGIN - 4)
    column.text(picture.title, TITLE_SIZE, bold=True)
    graph_top = column.y - 24  # the drawing has margins of its own: above its top row
    column.y += graph.height - 20  # and below its bottom row
    column.parts.append(f'<line x1="{MARGIN:g}" y1="{column.y:.1f}" x2="{width - MARGIN:.1f}" '
                        f'y2="{column.y:.1f}" stroke="#dddddd"/>')  # fmt: skip
    column.gap(8)
    _key(column)
    column.gap(6)
    column.text("A company takes its worst status over the regimes drawn.", TEXT_SIZE, colour=MUTED)
    for warning in flags_text(picture):
        column.text(warning, TEXT_SIZE, colour=FILL["listed"])
    if picture.listings:
        column.gap(12)
        entry = _Column(width, column.y)
        entry.text("Lists: every list of the companies drawn, whatever the regime", HEAD_SIZE, bold=True)
        for text in picture.listings:
            entry.text(f"on a list: {text}", TEXT_SIZE, indent=14, lead="on a list:")
        column.parts.append(f'<g class="lists">{"".join(entry.parts)}</g>')
        column.y = entry.y
    for note in picture.notes:
        column.gap(12)
        top = column.y
        entry = _Column(width, column.y)
        entry.text(f"{regime_name(note.regime)} — {note.determination}", HEAD_SIZE, x=MARGIN + 12,
                   bold=True, indent=14)  # fmt: skip
        for what, text in legend_lines(note)[1:]:
            entry.text(f"{what}: {text}", TEXT_SIZE, x=MARGIN + 12, indent=14, lead=f"{what}:")
        bar = f'<rect x="{MARGIN:g}" y="{top + 3:.1f}" width="5" height="{entry.y - top + 2:.1f}" ' \
              f'fill="{FILL[note.status]}"/>'  # fmt: skip
        column.parts.append(
            f'<g class="regime" data-regime="{esc(note.regime)}">{bar}{"".join(entry.parts)}</g>'
        )
        column.y = entry.y
    height = column.y + MARGIN
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="{FONT}" role="img" '
        f'aria-label="{esc(picture.title)}">\n<title>{esc(picture.title)}</title>\n'
        f"<defs>{graph.defs}</defs>\n"
        f'<rect width="100%" height="100%" fill="#ffffff"/>\n'
        f'<g id="kb-graph" transform="translate({(width - graph.width) / 2:.1f},{graph_top:.1f})">'
        f"{graph.body}</g>\n"
        f'<g id="kb-legend">{"".join(column.parts)}</g>\n'
        "</svg>\n"
    )
