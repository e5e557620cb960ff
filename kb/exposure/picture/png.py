"""Pictures as PNG: the standalone SVG document rendered by resvg (the ``resvg-py`` wheel) with the
DejaVu Sans fonts kb ships, whose widths the layout assumes: no program and no font of the machine is
needed (a machine's fonts still serve for scripts DejaVu Sans lacks, such as Chinese).
"""

from __future__ import annotations

from pathlib import Path

from kb.errors import KbError
from kb.exposure.picture.model import Picture
from kb.exposure.picture.svg import document

PNG_ZOOM = 1.5  # pixels per SVG unit: sharp on a high-density screen, readable in a document
FONTS = Path(__file__).resolve().parent / "fonts"
FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")


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
