"""Pictures of the evidence behind ``kb exposure``: ``--graph FILE.html|.svg|.png``.

The report (the JSON shape in docs/cli.md) becomes a small graph model (:func:`build`): the entity,
every owner and controller in the evidence and chains of each regime under which it is not clear,
up to the listed parties, and the entity's other direct owners for context. The model is laid out
here and drawn as SVG (:func:`drawing`), which becomes one self-contained HTML file with a little
script (:func:`html`), or a standalone .svg document with the legend, or a .png rendered from it
(kb/exposure/picture_svg.py): no network, no other program. Colours follow kb's Bloom perspective:
listed red, caught orange, possibly caught yellow, clear grey, persons blue, joint ventures outlined
in purple; a node takes its worst status over the regimes drawn, and the legend gives each regime's
determination with its citations.
"""

from __future__ import annotations

import datetime as dt
import html as htmllib
import itertools
import json
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kb.db import Database, Row
from kb.errors import KbError, UsageError
from kb.exposure import engine, fixpoint, render
from kb.exposure.profiles import Profile
from kb.queries import run, wrapper

SUFFIXES = (".html", ".svg", ".png")
STATUSES = ("clear", "possible", "caught", "listed")  # worst last
FILL = {"listed": "#d62728", "caught": "#ff7f0e", "possible": "#f2c500", "clear": "#d4d4d4"}
PERSON = "#1f77b4"  # persons (a person listed or caught takes the status colour)
JV = "#9467bd"  # joint ventures: outline
CONTROL = "#8c564b"  # control links
STAKE = "#333333"  # stakes that are evidence
CONTEXT = "#9a9a9a"  # the entity's other owners: not evidence under any regime drawn
INK, LIGHT_INK, MUTED = "#1a1a1a", "#ffffff", "#5a5a5a"
MAX_CONTEXT = 12  # other direct owners drawn at most
FONT = "DejaVu Sans,Verdana,Arial,sans-serif"
REGIME_NAMES = {"ofac": "OFAC", "bis": "BIS", "eu": "EU", "uk": "UK"}


@dataclass(frozen=True)
class Node:
    id: str
    name: str
    country: str | None
    kind: str | None  # company, person, organization, vessel
    jv: bool
    subject: bool  # the entity the report is about
    status: str  # the worst over the regimes drawn
    notes: tuple[str, ...] = ()  # per regime, e.g. "BIS: listed (EL)"

    @property
    def person(self) -> bool:
        return self.kind == "person"

    @property
    def fill(self) -> str:
        return PERSON if self.person and self.status == "clear" else FILL[self.status]

    @property
    def ink(self) -> str:
        return LIGHT_INK if self.fill in (FILL["listed"], PERSON) else INK

    @property
    def meta(self) -> str:
        parts = [self.id, self.country or "country unknown"]
        if self.jv:
            parts.append("joint venture")
        elif self.kind and self.kind != "company":
            parts.append(self.kind)
        return " · ".join(parts)


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    kind: str  # stake | jv_stake | control
    label: str  # "51% equity", "unknown", "30-60% voting" (an en dash), "controls (board appointment)"
    dashed: bool  # a stake of unknown size or a range
    cited: str | None  # the source the fact cites
    regimes: tuple[str, ...]  # the regimes whose evidence it is; () for another owner shown for context
    claim: str | None = None
    start_date: str | None = None
    end_date: str | None = None

    @property
    def colour(self) -> str:
        if self.kind == "control":
            return CONTROL
        return STAKE if self.regimes else CONTEXT


@dataclass(frozen=True)
class Note:
    """One regime in the legend: its determination and citations."""

    regime: str
    title: str
    status: str
    determination: str
    citation: str
    listed_owners: tuple[str, ...] = ()
    listings: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    warning: str = ""  # the answer rests on a window not confirmed against the Federal Register


@dataclass(frozen=True)
class Picture:
    entity: str
    name: str
    country: str | None
    as_of: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    notes: tuple[Note, ...]
    flags: tuple[str, ...] = ()
    omitted: int = 0  # other direct owners left out

    @property
    def title(self) -> str:
        return (
            f"Exposure of {self.name} ({self.entity}, {self.country or 'country unknown'}) as of {self.as_of}"
        )


# --- the model ----------------------------------------------------------------------------------


def regime_name(regime: str) -> str:
    return REGIME_NAMES.get(regime, regime.upper())


def threshold_text(threshold: str | None) -> str:
    return (threshold or "none").replace(">=", "≥")


def pct(low: float | None, high: float | None) -> str:
    """A stake's size: "51%", "30-60%" (with an en dash), "unknown"."""
    if low is None and high is None:
        return "unknown"
    if low == high:
        return f"{low:g}%"
    return f"{low or 0:g}\u2013{high if high is not None else 100:g}%"


def link_label(link: Mapping[str, Any]) -> str:
    if link["kind"] == "control":
        return f"controls ({str(link['basis'] or 'other').replace('_', ' ')})"
    size = pct(link.get("pct_min"), link.get("pct_max"))
    basis = link.get("basis") or "equity"
    if size == "unknown":
        return "unknown" if basis == "equity" else f"unknown ({basis})"
    return f"{size} {basis}"


def _dashed(link: Mapping[str, Any]) -> bool:
    return link["kind"] != "control" and (
        link.get("pct_min") is None or link.get("pct_max") is None or link["pct_min"] != link["pct_max"]
    )


def determination_text(row: Mapping[str, Any]) -> str:
    """One regime's determination as one line, e.g. "caught: 51% equity held by listed or caught
    owners (threshold ≥ 50%)"."""
    status, threshold = row["status"], threshold_text(row.get("threshold"))
    if status == "listed":
        lists = sorted({x["list"] for x in row.get("listings", [])})
        return f"listed itself ({', '.join(lists)})"
    if status == "clear":
        if not row.get("rule_in_force", True):
            return "clear: the rule catches no affiliates on this date (only listed parties count)"
        return f"clear (threshold {threshold})"
    basis = row.get("basis") or "equity"
    if status == "caught":
        if row.get("via_control"):
            return f"caught: controlled by listed or caught owners (threshold {threshold})"
        held = pct(row.get("pct_min"), row.get("pct_min"))
        return f"caught: {held} {basis} held by listed or caught owners (threshold {threshold})"
    if row.get("via_control"):
        return f"possibly caught: possibly controlled by listed or caught owners (threshold {threshold})"
    upto = pct(_cap(row.get("pct_max")), _cap(row.get("pct_max")))
    held = f"up to {upto} {basis} held by listed or possibly caught owners"
    return f"possibly caught: {held} (threshold {threshold})"


def _cap(value: float | None) -> float | None:
    """An upper bound shown as a share: a sum of upper bounds past 100% is 100%."""
    return None if value is None else min(value, 100.0)


def _node_note(regime: str, item: Mapping[str, Any]) -> str:
    status = item["status"]
    if status == "listed":
        lists = sorted({x["list"] for x in item.get("listings", [])})
        return f"listed ({', '.join(lists)})" if lists else "listed"
    if item.get("via_control"):
        return f"{'caught' if status == 'caught' else 'possibly caught'} (control)"
    if status == "caught":
        return f"caught {pct(item.get('pct_min'), item.get('pct_min'))}"
    high = _cap(item.get("pct_max"))
    return f"possibly caught (≤ {pct(high, high)})"


def _listing_text(item: Mapping[str, Any], names: Mapping[str, str]) -> str:
    text = f"{names.get(item['entity']) or item['entity']}: {item['list']}"
    if item.get("programs"):
        text += f" ({', '.join(item['programs'])})"
    if item.get("start_date"):
        text += f" since {item['start_date']}"
    if item.get("citation"):
        text += f", {item['citation']}"
    if item.get("source"):
        text += f" [{item['source']}]"
    return text


def ids(report: Mapping[str, Any], context: Iterable[Mapping[str, Any]] = ()) -> list[str]:
    """Every entity a picture of ``report`` may draw (before context owners are cut)."""
    found = {report["entity"]["id"]}
    for row in report["regimes"]:
        for item in [row, *row.get("chain", [])]:
            if item.get("id"):
                found.add(item["id"])
            for link in item.get("evidence", []):
                found.update((link["from"], link["to"]))
    found.update(link["from"] for link in context)
    return sorted(found)


@dataclass
class _Acc:
    link: Mapping[str, Any]
    regimes: list[str] = field(default_factory=list)


def build(
    report: Mapping[str, Any],
    context: Sequence[Mapping[str, Any]] = (),
    determinations: Mapping[str, Mapping[str, Mapping[str, Any]]] | None = None,
    info: Mapping[str, Mapping[str, Any]] | None = None,
) -> Picture:
    """The picture of a ``kb exposure`` report.

    ``context``: the links into the entity (``render.link`` objects), drawn for the owners that are
    no evidence (grey edges); ``determinations``: per regime, per entity id, what the regime
    concludes of it (``render.determination`` objects), for those owners' colours; ``info``: per
    entity id, its ``name``, ``country``, ``kind`` and ``jv`` (whether it is a joint venture).
    """
    info, determinations = info or {}, determinations or {}
    subject = report["entity"]["id"]
    regimes = [row["regime"] for row in report["regimes"]]
    per: dict[str, dict[str, Mapping[str, Any]]] = {}  # entity -> regime -> determination
    edges: dict[tuple[Any, ...], _Acc] = {}
    names: dict[str, str] = {subject: report["entity"]["name"]}
    order: list[str] = [subject]

    def add_node(entity: str, name: str | None) -> None:
        if entity not in names or not names[entity]:
            names[entity] = name or entity
        if entity not in order:
            order.append(entity)

    def key(link: Mapping[str, Any]) -> tuple[Any, ...]:
        return (link["from"], link["to"], link["kind"], link.get("basis"), link.get("claim"),
                link.get("source"), link.get("pct_min"), link.get("pct_max"))  # fmt: skip

    for row in report["regimes"]:
        if row["status"] == "clear":
            continue
        for item in [row, *row.get("chain", [])]:
            if item.get("id"):
                add_node(item["id"], item.get("name"))
                per.setdefault(item["id"], {})[row["regime"]] = item
            for link in item.get("evidence", []):
                add_node(link["from"], link.get("from_name"))
                add_node(link["to"], link.get("to_name"))
                acc = edges.setdefault(key(link), _Acc(link))
                if row["regime"] not in acc.regimes:
                    acc.regimes.append(row["regime"])

    def worst(entity: str) -> int:
        found = [determinations.get(r, {}).get(entity) for r in regimes]
        return max((STATUSES.index(d["status"]) for d in found if d), default=0)

    omitted = added = 0
    others = sorted(
        (link for link in context if link["to"] == subject),
        key=lambda link: (-worst(link["from"]), -(link.get("pct_max") or 0.0), link["from"]),
    )
    for link in others:
        if key(link) in edges:
            continue
        if link["from"] not in names:
            if added >= MAX_CONTEXT:
                omitted += 1
                continue
            added += 1
        add_node(link["from"], link.get("from_name"))
        edges[key(link)] = _Acc(link)
    for entity in order:
        for regime in regimes:
            if regime not in per.get(entity, {}) and entity in determinations.get(regime, {}):
                per.setdefault(entity, {})[regime] = determinations[regime][entity]

    nodes = []
    for entity in order:
        known = info.get(entity) or (
            {"country": report["entity"].get("country")} if entity == subject else {}
        )
        found = per.get(entity, {})
        status = max((found[r]["status"] for r in found), key=STATUSES.index, default="clear")
        grouped: dict[str, list[str]] = {}
        for regime in regimes:
            if regime in found and found[regime]["status"] != "clear":
                grouped.setdefault(_node_note(regime, found[regime]), []).append(regime_name(regime))
        notes = tuple(f"{', '.join(rs)}: {text}" for text, rs in grouped.items())
        incoming_jv = any(a.link["kind"] == "jv_stake" and a.link["to"] == entity for a in edges.values())
        nodes.append(Node(entity, known.get("name") or names[entity], known.get("country"),
                          known.get("kind"), bool(known.get("jv")) or incoming_jv, entity == subject,
                          status, notes))  # fmt: skip
    for node in nodes:
        names[node.id] = node.name

    drawn = [
        Edge(a.link["from"], a.link["to"], a.link["kind"], link_label(a.link), _dashed(a.link),
             a.link.get("source"), tuple(a.regimes), a.link.get("claim"), a.link.get("start_date"),
             a.link.get("end_date"))
        for a in edges.values()
    ]  # fmt: skip
    return Picture(subject, report["entity"]["name"], report["entity"].get("country"), report["as_of"],
                   tuple(nodes), tuple(drawn), tuple(_note(row, names) for row in report["regimes"]),
                   tuple(report.get("flags", [])), omitted)  # fmt: skip


def _note(row: Mapping[str, Any], names: Mapping[str, str]) -> Note:
    items = [row, *row.get("chain", [])]
    listings: dict[str, None] = {}
    sources: dict[str, None] = {}
    for item in items:
        for link in item.get("evidence", []):
            if link.get("source"):
                sources[link["source"]] = None
    for item in items:
        for listing in item.get("listings", []):
            listings[_listing_text(listing, names)] = None
            if listing.get("source"):
                sources[listing["source"]] = None
    owners = tuple(o.get("name") or o["id"] for o in row.get("listed_owners", []))
    return Note(row["regime"], row.get("title") or row["regime"], row["status"], determination_text(row),
                row.get("citation") or "", owners, tuple(listings), tuple(sorted(sources)),
                row.get("warning") or "")  # fmt: skip


def legend_lines(note: Note) -> list[tuple[str, str]]:
    """A regime's legend entry as (what, text) lines."""
    lines = [("determination", note.determination)]
    if note.listed_owners:
        lines.append(("listed owners" if len(note.listed_owners) > 1 else "listed owner",
                      "; ".join(note.listed_owners)))  # fmt: skip
    lines.append(("rule", f"{note.title}: {note.citation}" if note.citation else note.title))
    lines += [("listing", text) for text in note.listings]
    if note.sources:
        lines.append(("sources", ", ".join(note.sources)))
    if note.warning:
        lines.append(("warning", note.warning))
    return lines


def flags_text(picture: Picture) -> list[str]:
    lines = []
    for flag in picture.flags:
        basis = flag.removeprefix("stakes_over_100:")
        if basis != flag:
            lines.append(f"warning: the owners' {basis} stakes in it add up to more than 100%")
        else:
            lines.append(f"warning: {flag}")
    if picture.omitted:
        lines.append(f"{picture.omitted} other direct owner(s) with no evidence not drawn")
    return lines


# --- the drawing: a layout of its own, as SVG (kb/exposure/picture_svg.py makes files of it) ---


def _name_lines(name: str, limit: int = 26, lines: int = 3) -> list[str]:
    wrapped = wrap_visual(name, limit)
    if len(wrapped) > lines:
        wrapped = [*wrapped[: lines - 1], wrapped[lines - 1].rstrip() + "…"]
    return wrapped


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


NAME_SIZE, SMALL_SIZE, LABEL_SIZE = 13.0, 11.0, 11.0
HGAP, VGAP, PAD = 56.0, 120.0, 36.0


@dataclass
class _Box:
    node: Node
    lines: list[tuple[str, float, bool]]  # text, size, bold
    width: float
    height: float
    rank: int = 0
    x: float = 0.0  # centre
    y: float = 0.0  # top


def _box(node: Node) -> _Box:
    lines = [(line, NAME_SIZE, True) for line in _name_lines(node.name, 28)]
    lines.append((node.meta, SMALL_SIZE, False))
    for note in node.notes:
        lines += [(line, SMALL_SIZE, False) for line in wrap_visual(note, 36)]
    width = max(150.0, min(290.0, max(text_width(t, s, b) for t, s, b in lines) + 26))
    height = 14 + sum(s + 5 for _, s, _ in lines)
    return _Box(node, lines, width, height)


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


def _place_rows(rows: list[list[_Box]], desired: dict[str, float] | None = None) -> None:
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


def layout(picture: Picture) -> tuple[dict[str, _Box], float, float]:
    """Boxes at their places (owners above, the entity at the bottom) and the drawing's size."""
    boxes = {n.id: _box(n) for n in picture.nodes}
    rank = _ranks(picture)
    top = max(rank.values(), default=0)
    rows: list[list[_Box]] = [[] for _ in range(top + 1)]
    for node in sorted(picture.nodes, key=lambda n: (-STATUSES.index(n.status), n.name)):
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
class _Label:
    index: int
    lines: list[tuple[str, float, str]]  # text, size, colour
    x: float
    y: float
    width: float
    height: float


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
    labels: list[_Label] = []
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
            label_y = t.y - VGAP / 2
            lx, ly = _at_height(curve, label_y)
        else:  # a cycle or a link within a row: round the right side
            a = (s.x + s.width / 2, s.y + s.height / 2 + offset)
            b = (t.x + t.width / 2 + 3, t.y + t.height / 2 + offset)
            reach = max(a[0], b[0]) + 90
            curve = [a, (reach, a[1]), (reach, b[1]), b]
            lx, ly = _bezier(curve, 0.5)
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
        labels.append(_Label(i, lines, lx, ly, w, h))
    _spread(labels)
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


def _svg(picture: Picture) -> str:
    """The graph inline in the HTML page."""
    graph = drawing(picture)
    return (
        f'<svg id="kb-graph" viewBox="0 0 {graph.width:.0f} {graph.height:.0f}" role="img" '
        f'aria-label="{esc(picture.title)}" font-family="{FONT}"><defs>{graph.defs}</defs>'
        f'<g id="kb-layer">{graph.body}</g></svg>'
    )


def _ports(picture: Picture, boxes: Mapping[str, _Box]) -> dict[int, tuple[float, float]]:
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


def _spread(labels: list[_Label]) -> None:
    """Pushes apart labels that overlap, sideways, keeping their order."""
    bands: dict[int, list[_Label]] = {}
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


def _svg_box(box: _Box) -> str:
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


# --- HTML: the drawing inline, a legend and a little script --------------------------------------


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
    return _PAGE.format(
        title=esc(picture.title), svg=_svg(picture), notes="".join(notes), swatches=swatches, lines=lines,
        warnings=warnings, data=_json_for_script(data), css=_css(), js=_asset("picture.js"),
    )  # fmt: skip


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


# --- from the database to a file ----------------------------------------------------------------


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
        return html(picture).encode()
    # imported here: picture_svg builds on this module, and only .png needs the renderer loaded
    from kb.exposure.picture import svg as picture_svg

    if suffix == ".svg":
        return picture_svg.document(picture).encode()
    return picture_svg.png(picture)


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
    info = {row["id"]: row for row in picture_nodes(db, ids=ids(report, context))}
    picture = build(report, context, determinations, info)
    data = render_file(picture, path.suffix.lower())
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise KbError(f"--graph {path}: {exc.strerror or exc}") from None
    return picture
