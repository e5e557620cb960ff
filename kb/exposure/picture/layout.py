"""Where everything of a picture goes: text measured in DejaVu Sans (the font kb ships and the page
names first), owners in rows above what they own, boxes spread to keep their links short, each link
a curve from a port on its owner's box to one on its target's, and link labels pushed apart so that
none hides another. Nothing here writes SVG: :mod:`kb.exposure.picture.svg` draws what this places.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kb.exposure.picture.model import SEVERITY, Node, Picture

NAME_SIZE, SMALL_SIZE = 13.0, 11.0
HGAP, VGAP, PAD = 56.0, 120.0, 36.0
Point = tuple[float, float]


# --- text ----------------------------------------------------------------------------------------


_NARROW = frozenset(" .,:;'|!()[]ijlIf")
_WIDTHS = {"r": 0.41, "t": 0.39, "-": 0.36, "m": 0.97, "w": 0.82, "W": 0.99, "M": 0.86, "%": 0.95, "@": 1.0}


def _char_width(char: str) -> float:
    """Roughly, a character's width in ems in DejaVu Sans (the page's first font, and a wide one)."""
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1.0
    if char in _NARROW:
        return 0.32
    if char in _WIDTHS:
        return _WIDTHS[char]
    return 0.72 if char.isupper() else 0.63


def text_width(text: str, size: float, bold: bool = False) -> float:
    """An estimate of ``text``'s width in pixels at font size ``size``."""
    return sum(_char_width(c) for c in text) * size * (1.08 if bold else 1.0)


def _units(text: str) -> float:
    return sum(_char_width(c) for c in text) / 0.63


def wrap_visual(text: str, limit: float) -> list[str]:
    """``text`` in lines of at most ``limit`` Latin characters' width (a CJK character counts for
    about two), broken between words, or within a word too long for a line."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if _units(candidate) <= limit:
            current = candidate
            continue
        if current:
            lines.append(current)
            current = ""
        if _units(word) <= limit:
            current = word
            continue
        for char in word:
            if current and _units(current + char) > limit:
                lines.append(current)
                current = ""
            current += char
    if current or not lines:
        lines.append(current)
    return lines


def _name_lines(name: str, limit: int = 26, lines: int = 3) -> list[str]:
    wrapped = wrap_visual(name, limit)
    if len(wrapped) > lines:
        wrapped = [*wrapped[: lines - 1], wrapped[lines - 1].rstrip() + "…"]
    return wrapped


# --- boxes in rows ------------------------------------------------------------------------------


@dataclass
class Box:
    node: Node
    lines: list[tuple[str, float, bool]]  # text, size, bold
    width: float
    height: float
    rank: int = 0
    x: float = 0.0  # centre
    y: float = 0.0  # top


def _box(node: Node) -> Box:
    lines = [(line, NAME_SIZE, True) for line in _name_lines(node.name, 28)]
    lines.append((node.meta, SMALL_SIZE, False))
    for note in node.notes:
        lines += [(line, SMALL_SIZE, False) for line in wrap_visual(note, 36)]
    width = max(150.0, min(290.0, max(text_width(t, s, b) for t, s, b in lines) + 26))
    height = 14 + sum(s + 5 for _, s, _ in lines)
    return Box(node, lines, width, height)


def _ranks(picture: Picture) -> dict[str, int]:
    """Owners above what they own: each entity one above the highest thing it holds (cycles broken
    where a depth-first walk up from the entity meets itself)."""
    up: dict[str, list[str]] = {}
    for edge in picture.edges:
        up.setdefault(edge.target, []).append(edge.source)
    back: set[tuple[str, str]] = set()
    state: dict[str, int] = {}

    stack = [(picture.entity, iter(up.get(picture.entity, [])))]
    state[picture.entity] = 1  # 1: on the walk's path, 2: done
    while stack:
        entity, owners = stack[-1]
        owner = next(owners, None)
        if owner is None:
            state[entity] = 2
            stack.pop()
        elif state.get(owner) == 1:
            back.add((owner, entity))
        elif owner not in state:
            state[owner] = 1
            stack.append((owner, iter(up.get(owner, []))))
    rank = {picture.entity: 0}
    for _ in range(len(picture.nodes) + 1):
        changed = False
        for edge in picture.edges:
            if (edge.source, edge.target) in back or edge.target not in rank:
                continue
            if rank.get(edge.source, -1) < rank[edge.target] + 1:
                rank[edge.source] = rank[edge.target] + 1
                changed = True
        if not changed:
            break
    top = max(rank.values(), default=0)
    return {n.id: rank.get(n.id, top + 1) for n in picture.nodes}


def _place_rows(rows: list[list[Box]], desired: dict[str, float] | None = None) -> None:
    for row in rows:
        if desired is None:
            total = sum(b.width for b in row) + HGAP * (len(row) - 1)
            x = -total / 2
            for box in row:
                box.x = x + box.width / 2
                x += box.width + HGAP
            continue
        wants = [desired.get(b.node.id, b.x) for b in row]
        for i, box in enumerate(row):
            box.x = (
                wants[i]
                if i == 0
                else max(wants[i], row[i - 1].x + (row[i - 1].width + box.width) / 2 + HGAP)
            )
        shift = sum(wants) / len(row) - sum(b.x for b in row) / len(row)
        for box in row:
            box.x += shift


def layout(picture: Picture) -> tuple[dict[str, Box], float, float]:
    """Boxes at their places (owners above, the entity at the bottom) and the drawing's size."""
    boxes = {n.id: _box(n) for n in picture.nodes}
    rank = _ranks(picture)
    top = max(rank.values(), default=0)
    rows: list[list[Box]] = [[] for _ in range(top + 1)]
    for node in sorted(picture.nodes, key=lambda n: (-SEVERITY.index(n.status), n.name)):
        boxes[node.id].rank = rank[node.id]
        rows[top - rank[node.id]].append(boxes[node.id])
    neighbours: dict[str, list[str]] = {n.id: [] for n in picture.nodes}
    for edge in picture.edges:
        if edge.source != edge.target:
            neighbours[edge.source].append(edge.target)
            neighbours[edge.target].append(edge.source)
    _place_rows(rows)
    for sweep in range(8):
        order = rows if sweep % 2 == 0 else rows[::-1]
        for row in order:
            centre = {b.node.id: b.x for b in row}
            for box in row:
                others = [boxes[o].x for o in neighbours[box.node.id] if boxes[o].rank != box.rank]
                if others:
                    centre[box.node.id] = sum(others) / len(others)
            row.sort(key=lambda b: (centre[b.node.id], b.x))
            _place_rows([row], centre)
    y = PAD + 8
    for row in rows:
        height = max((b.height for b in row), default=0.0)
        for box in row:
            box.y = y + (height - box.height) / 2
        y += height + VGAP
    left = min(b.x - b.width / 2 for b in boxes.values())
    right = max(b.x + b.width / 2 for b in boxes.values())
    for box in boxes.values():
        box.x += PAD - left
    return boxes, right - left + 2 * PAD, y - VGAP + PAD


# --- links: curves from port to port, and their labels -------------------------------------------


def _bezier(p: Sequence[tuple[float, float]], t: float) -> tuple[float, float]:
    u = 1 - t
    x = u**3 * p[0][0] + 3 * u * u * t * p[1][0] + 3 * u * t * t * p[2][0] + t**3 * p[3][0]
    y = u**3 * p[0][1] + 3 * u * u * t * p[1][1] + 3 * u * t * t * p[2][1] + t**3 * p[3][1]
    return x, y


def _at_height(p: Sequence[tuple[float, float]], y: float) -> tuple[float, float]:
    """The point of a curve that runs downwards at height ``y``."""
    lo, hi = 0.0, 1.0
    for _ in range(40):
        mid = (lo + hi) / 2
        if _bezier(p, mid)[1] < y:
            lo = mid
        else:
            hi = mid
    return _bezier(p, (lo + hi) / 2)


@dataclass
class Label:
    index: int
    lines: list[tuple[str, float, str]]  # text, size, colour
    x: float
    y: float
    width: float
    height: float


def _ports(picture: Picture, boxes: Mapping[str, Box]) -> dict[int, tuple[float, float]]:
    """For each edge that runs down, where it leaves its owner's box and enters its target's: the
    edges of one box spread along its side in the order of the boxes at their other ends."""
    out: dict[str, list[int]] = {}
    into: dict[str, list[int]] = {}
    for i, edge in enumerate(picture.edges):
        s, t = boxes[edge.source], boxes[edge.target]
        if s.y + s.height < t.y:
            out.setdefault(edge.source, []).append(i)
            into.setdefault(edge.target, []).append(i)
    leave: dict[int, float] = {}
    enter: dict[int, float] = {}
    for ends, far, found in ((out, "target", leave), (into, "source", enter)):
        for entity, edges in ends.items():
            box = boxes[entity]
            edges.sort(key=lambda i: (boxes[getattr(picture.edges[i], far)].x, i))
            span = min(box.width - 40, 80.0 * (len(edges) - 1))
            for k, i in enumerate(edges):
                found[i] = box.x - span / 2 + (span * k / (len(edges) - 1) if len(edges) > 1 else span / 2)
    return {i: (leave[i], enter[i]) for i in leave}


def spread(labels: list[Label]) -> None:
    """Pushes apart labels that overlap, sideways, keeping their order."""
    bands: dict[int, list[Label]] = {}
    for label in labels:
        bands.setdefault(round(label.y / 8), []).append(label)
    for band in bands.values():
        band.sort(key=lambda lb: lb.x)
        for _ in range(len(band)):
            moved = False
            for left, right in itertools.pairwise(band):
                gap = (left.x + left.width / 2 + 6) - (right.x - right.width / 2)
                if gap > 0 and abs(left.y - right.y) < (left.height + right.height) / 2:
                    left.x -= gap / 2
                    right.x += gap / 2
                    moved = True
            if not moved:
                break


@dataclass(frozen=True)
class Route:
    """A link's curve (a cubic Bézier's four points) and where its label goes."""

    curve: list[Point]
    label_at: Point


def routes(picture: Picture, boxes: Mapping[str, Box]) -> list[Route]:
    """Per edge of ``picture``, in order: downwards from owner to target, or, for a cycle or a link
    within a row, round the right side of both boxes (several links of one pair side by side)."""
    found: list[Route] = []
    ports = _ports(picture, boxes)
    pairs: dict[tuple[str, str], list[int]] = {}
    for i, edge in enumerate(picture.edges):
        pairs.setdefault((edge.source, edge.target), []).append(i)
    for i, edge in enumerate(picture.edges):
        s, t = boxes[edge.source], boxes[edge.target]
        siblings = pairs[(edge.source, edge.target)]
        offset = (siblings.index(i) - (len(siblings) - 1) / 2) * 18
        if s.y + s.height < t.y:  # the owner above: downwards
            a = (ports[i][0], s.y + s.height)
            b = (ports[i][1], t.y - 3)
            bend = (b[1] - a[1]) / 2
            curve = [a, (a[0], a[1] + bend), (b[0], b[1] - bend), b]
            found.append(Route(curve, _at_height(curve, t.y - VGAP / 2)))
        else:  # a cycle or a link within a row: round the right side
            a = (s.x + s.width / 2, s.y + s.height / 2 + offset)
            b = (t.x + t.width / 2 + 3, t.y + t.height / 2 + offset)
            reach = max(a[0], b[0]) + 90
            curve = [a, (reach, a[1]), (reach, b[1]), b]
            found.append(Route(curve, _bezier(curve, 0.5)))
    return found
