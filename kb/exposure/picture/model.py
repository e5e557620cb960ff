"""The picture of a ``kb exposure`` report as a small graph (:func:`build`): nodes with their worst
status over the regimes drawn, the links that are evidence (and the entity's other direct owners,
for context), and per regime a legend entry with its determination and citations. Also the colours
every drawing of it uses, and the texts (link labels, determinations) the drawings share.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from kb.exposure.listings import compact, undated_why
from kb.schema import STATUSES

SEVERITY = ("clear", *reversed(STATUSES))  # worst last
FILL = {"listed": "#d62728", "caught": "#ff7f0e", "possible": "#f2c500", "clear": "#d4d4d4"}
PERSON = "#1f77b4"  # persons (a person listed or caught takes the status colour)
JV = "#9467bd"  # joint ventures: outline
CONTROL = "#8c564b"  # control links
STAKE = "#333333"  # stakes that are evidence
CONTEXT = "#9a9a9a"  # the entity's other owners: not evidence under any regime drawn
INK, LIGHT_INK, MUTED = "#1a1a1a", "#ffffff", "#5a5a5a"
MAX_CONTEXT = 12  # other direct owners drawn at most
FONT = "DejaVu Sans,Verdana,Arial,sans-serif"


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
    listings: tuple[str, ...] = ()  # every listing of the entities drawn, on any list

    @property
    def title(self) -> str:
        return (
            f"Exposure of {self.name} ({self.entity}, {self.country or 'country unknown'}) as of {self.as_of}"
        )


# --- texts ----------------------------------------------------------------------------------


def regime_name(regime: str) -> str:
    return regime.upper()


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


def _listing_text(item: Mapping[str, Any], names: Mapping[str, str], entity: str | None = None) -> str:
    """``NAME: SDN (SDGT) since 2020-01-01, 85 FR 1 [ofac]``; undated, it says why."""
    entity = entity or item["entity"]
    text = f"{names.get(entity) or entity}: {item['list']}"
    about = [part for part in (item.get("list_name"), ", ".join(item.get("programs") or [])) if part]
    if about:
        text += f" ({'; '.join(about)})"
    if item.get("start_date"):
        text += f" since {item['start_date']}"
    else:
        text += f", undated: {undated_why(item.get('source'))}"
    if item.get("end_date"):
        text += f" until {item['end_date']}"
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
    lists: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
) -> Picture:
    """The picture of a ``kb exposure`` report.

    ``context``: the links into the entity (``render.link`` objects), drawn for the owners that are
    no evidence (grey edges); ``determinations``: per regime, per entity id, what the regime
    concludes of it (``render.determination`` objects), for those owners' colours; ``info``: per
    entity id, its ``name``, ``country``, ``kind`` and ``jv`` (whether it is a joint venture);
    ``lists``: per entity id, every listing valid on the date, on any list (:mod:`kb.exposure.listings`
    objects), named on its box and under the key whatever its regime statuses.
    """
    info, determinations, lists = info or {}, determinations or {}, lists or {}
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
        return max((SEVERITY.index(d["status"]) for d in found if d), default=0)

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
        status = max((found[r]["status"] for r in found), key=SEVERITY.index, default="clear")
        grouped: dict[str, list[str]] = {}
        for regime in regimes:
            if regime in found and found[regime]["status"] != "clear":
                grouped.setdefault(_node_note(regime, found[regime]), []).append(regime_name(regime))
        notes = tuple(f"{', '.join(rs)}: {text}" for text, rs in grouped.items())
        if lists.get(entity):
            notes = (f"lists: {compact(lists[entity])}", *notes)
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
    listed = tuple(_listing_text(x, names, entity) for entity in order for x in lists.get(entity, []))
    return Picture(subject, report["entity"]["name"], report["entity"].get("country"), report["as_of"],
                   tuple(nodes), tuple(drawn), tuple(_note(row, names) for row in report["regimes"]),
                   tuple(report.get("flags", [])), omitted, listed)  # fmt: skip


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
