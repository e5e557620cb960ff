"""``kb exposure --graph FILE.svg|.png``: the picture as a standalone SVG document, and as PNG.

The document is the drawing the HTML page shows (:func:`kb.exposure.picture.drawing`) under a title,
with the key, the flags and each regime's determination and citations below it, as the page's side
panel gives them. The PNG is that document rendered by resvg (the ``resvg-py`` wheel) with the
DejaVu Sans fonts kb ships, whose widths the layout assumes: no program and no font of the machine
is needed (a machine's fonts still serve for scripts DejaVu Sans lacks, such as Chinese).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kb.errors import KbError
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
    Picture,
    drawing,
    esc,
    flags_text,
    legend_lines,
    regime_name,
    text_width,
    wrap_visual,
)

MARGIN = 24.0
MIN_WIDTH = 880.0  # the legend's lines are long: a narrow graph still gets room for them
TITLE_SIZE, HEAD_SIZE, TEXT_SIZE = 16.0, 12.5, 11.5
PNG_ZOOM = 1.5  # pixels per SVG unit: sharp on a high-density screen, readable in a document
FONTS = Path(__file__).resolve().parent / "fonts"
FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")


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


def png(picture: Picture) -> bytes:
    """The picture's SVG document rendered as PNG, on white."""
    import resvg_py  # a compiled extension: loaded only when a PNG is asked for

    try:
        return resvg_py.svg_to_bytes(
            svg_string=document(picture),
            background="#ffffff",
            zoom=PNG_ZOOM,
            font_files=[str(FONTS / name) for name in FONT_FILES],
            sans_serif_family="DejaVu Sans",
        )
    except ValueError as exc:
        raise KbError(f"rendering the picture as PNG failed: {exc}") from None
