"""`kb exposure --graph`: pictures of the evidence, drawn from a real Neo4j.

kb draws .html, .svg and .png itself: the .svg and .png tests run with an empty PATH, so no program
of the machine (such as Graphviz's dot) can be what draws them.
"""

from __future__ import annotations

import json
import re
import shutil
import struct
import sys
import zlib
from collections import Counter
from collections.abc import Callable
from html import unescape
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from conftest import Run
from loading import load_path

from kb.db import Database
from kb.exposure.picture import html, layout, model, svg

INSPUR = Path(__file__).resolve().parents[1] / "docs" / "examples" / "inspur"
Kb = Callable[..., Run]
JV_NAME = "Inspur–Cisco joint venture (legal name not confirmed)"  # noqa: RUF001 - the en dash is in the data
CISCO = ("exposure", "inspur-cisco-jv", "--as-of", "2026-11-25")

# A small structure with every kind of fact a picture shows: a listed person and a listed company,
# a stake of unknown size, a range, a control link, a caught holding company, a clear minority
# owner, and an owner's stake in a cycle.
ACME = {
    "entities.csv": """id,name,kind,country
acme-target,Acme Target Trading GmbH,company,DE
acme-h1,Acme Holding One Limited,company,CY
acme-h2,Acme Nominees S.A.,company,LU
acme-x,Xavier Minority Investor AG,company,CH
acme-p,Ivan Petrov,person,RU
acme-l,Listed Parent OOO,company,RU
acme-cn,北京某某科技有限公司,company,CN
""",
    "ownership.csv": """owner_id,owned_id,pct,pct_min,pct_max,basis,source
acme-p,acme-h1,30,,,equity,registry-cy
acme-l,acme-h1,,,,equity,press-2026
acme-h1,acme-target,60,,,equity,registry-de
acme-x,acme-target,,30,45,equity,orbis
acme-target,acme-x,10,,,equity,orbis
acme-l,acme-h2,100,,,equity,registry-lu
acme-cn,acme-target,5,,,voting,registry-de
""",
    "control.csv": """controller_id,controlled_id,basis,source
acme-h2,acme-target,board_appointment,annual-report-2025
""",
    "listings.csv": """entity_id,list,programs,start_date,citation,source
acme-p,SDN,RUSSIA-EO14024,2022-04-06,87 FR 20000,ofac-sdn
acme-l,SDN,RUSSIA-EO14024,2022-04-06,87 FR 20001,ofac-sdn
acme-l,EU,,2022-06-03,Council Implementing Regulation (EU) 2022/880,eu-fsf
acme-p,EU,,2022-06-03,Council Implementing Regulation (EU) 2022/880,eu-fsf
""",
}


SVG = "{http://www.w3.org/2000/svg}"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def no_programs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An empty PATH: no program of the machine can take part in drawing."""
    empty = tmp_path / "empty-path"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert shutil.which("dot") is None and shutil.which("python3") is None


def svg_root(text: bytes) -> ElementTree.Element:
    """A standalone SVG document, parsed: it must be well-formed XML in the SVG namespace."""
    root = ElementTree.fromstring(text)  # noqa: S314 - kb's own output, not untrusted input
    assert root.tag == f"{SVG}svg"
    return root


def groups(root: ElementTree.Element, kind: str) -> list[ElementTree.Element]:
    return [g for g in root.iter(f"{SVG}g") if g.get("class") == kind]


def texts(element: ElementTree.Element) -> list[str]:
    return ["".join(t.itertext()) for t in element.iter(f"{SVG}text")]


def title(element: ElementTree.Element) -> str:
    found = element.find(f"{SVG}title")
    assert found is not None and found.text
    return found.text


def png_pixels(data: bytes) -> tuple[int, int, Counter[int]]:
    """A PNG's width, height and how many pixels of each colour (RGBA as one number): a plain
    decoder for the 8-bit, non-interlaced RGB or RGBA files kb writes."""
    assert data[:8] == PNG_SIGNATURE and data[12:16] == b"IHDR"
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", data[16:29])
    assert (depth, colour in (2, 6), interlace) == (8, True, 0)
    pos, idat = 8, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        if kind == b"IDAT":
            idat += data[pos + 8 : pos + 8 + length]
        pos += 12 + length
    n = 4 if colour == 6 else 3
    stride, raw = width * n, zlib.decompress(idat)
    assert len(raw) == height * (stride + 1)
    counts: Counter[int] = Counter()
    prev = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride) if kind else ():
            a = line[i - n] if i >= n else 0
            b, c = prev[i], prev[i - n] if i >= n else 0
            if kind == 1:
                line[i] = (line[i] + a) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + b) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + ((a + b) >> 1)) & 0xFF
            else:  # Paeth
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        pixels = line if n == 4 else b"".join(line[i : i + 3] + b"\xff" for i in range(0, stride, 3))
        counts.update(memoryview(bytes(pixels)).cast("I"))
        prev = line
    return width, height, counts


def rgba(colour: str) -> int:
    """ "#d62728" as png_pixels counts it (opaque)."""
    return int.from_bytes(bytes.fromhex(colour[1:]) + b"\xff", sys.byteorder)


@pytest.fixture
def inspur(db: Database, schema_ready: None) -> Database:
    load_path(db, "bundle", INSPUR)
    return db


@pytest.fixture
def acme(db: Database, schema_ready: None, tmp_path: Path) -> Database:
    folder = tmp_path / "acme"
    folder.mkdir()
    for name, text in ACME.items():
        (folder / name).write_text(text, encoding="utf-8")
    load_path(db, "bundle", folder)
    return db


def report(kb: Kb, *args: str) -> dict[str, Any]:
    run = kb(*args, "-f", "json")
    assert run.code == 0, run.err
    found: dict[str, Any] = json.loads(run.out)
    return found


def page_data(page: str) -> dict[str, Any]:
    """The data an HTML picture carries for its script."""
    found = re.search(r'<script type="application/json" id="kb-data">(.*?)</script>', page, re.S)
    assert found, "no data in the page"
    data: dict[str, Any] = json.loads(found[1])
    return data


def bis_line(kb: Kb) -> str:
    [bis] = report(kb, *CISCO, "-r", "bis")["regimes"]
    return f"BIS — {model.determination_text(bis)}"


def drawn(kb: Kb, path: Path, *args: str) -> Run:
    run = kb(*args, "--graph", str(path))
    assert run.code == 0, run.err
    assert path.is_file() and f"drew the evidence into {path}" in run.err
    return run


def test_the_cisco_jv_as_svg_shows_what_the_html_shows(
    inspur: Database, kb: Kb, tmp_path: Path, no_programs: None
) -> None:
    out, page = tmp_path / "out.svg", tmp_path / "out.html"
    run = drawn(kb, out, *CISCO)
    assert "caught" in run.out  # the table is printed as without --graph
    drawn(kb, page, *CISCO)
    data = page_data(page.read_text(encoding="utf-8"))
    text = out.read_bytes()
    assert text.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    root = svg_root(text)
    width, height = float(root.attrib["width"]), float(root.attrib["height"])
    assert root.attrib["viewBox"] == f"0 0 {width:.0f} {height:.0f}" and width > 600 and height > 400
    assert root.attrib["font-family"].startswith("DejaVu Sans,")  # the font the layout measures
    assert title(root) == f"Exposure of {JV_NAME} (inspur-cisco-jv, CN) as of 2026-11-25"
    nodes = {g.attrib["data-id"]: g for g in groups(root, "node")}
    assert set(nodes) == set(data["nodes"]) == {"inspur-group", "inspur-cisco-jv", "cisco-hk"}
    for entity, node in data["nodes"].items():
        assert title(nodes[entity]).startswith(f"{node['name']} ({node['meta']})")
        assert node["name"] in " ".join(texts(nodes[entity]))  # its name as wrapped in its box
        boxed = " ".join(texts(nodes[entity]))  # its notes as wrapped in its box
        assert all(note in boxed for note in node["notes"])  # e.g. "BIS: caught 51%"
    # every list a company drawn is on, whatever the regime (1237 seeds none), on its box and below
    lists = "lists: 1237 (2020-06-24), 1260H (2021-06-03), EL (2023-03-02)"
    assert data["nodes"]["inspur-group"]["notes"][0] == lists
    assert not any(n.startswith("lists:") for n in data["nodes"]["cisco-hk"]["notes"])  # on no list
    [below] = groups(root, "lists")
    assert "on a list: Inspur Group Co., Ltd.: EL (Entity List) since 2023-03-02, FR Doc. 2023-04558" \
        in " ".join(texts(below))  # fmt: skip
    labels = groups(root, "elabel")
    assert len(labels) == len(groups(root, "edge")) == len(data["edges"]) == 2
    for label in labels:
        edge = data["edges"][int(label.attrib["data-edge"])]
        assert texts(label) == [edge["label"], edge["cited"]]
    fills = {r.attrib["fill"] for r in nodes["inspur-group"].iter(f"{SVG}rect")}
    assert "#d62728" in fills  # the listed group is red
    jv = [r.attrib for r in nodes["inspur-cisco-jv"].iter(f"{SVG}rect")]
    assert jv[-1]["fill"] == "#ff7f0e" and jv[-1]["stroke"] == "#9467bd"  # caught, a JV's purple outline
    assert len(jv) == 2  # the double frame of the entity asked about
    dashed = [e for e in groups(root, "edge") if any("stroke-dasharray" in p.attrib for p in e)]
    assert [data["edges"][int(e.attrib["data-edge"])]["source"] for e in dashed] == [
        "cisco-hk"
    ]  # unknown size
    legend = {g.attrib["data-regime"]: " ".join(texts(g)) for g in groups(root, "regime")}
    assert list(legend) == ["ofac", "bis", "eu", "uk", "dod805"]  # every regime, in schema.REGIMES order
    line = bis_line(kb)
    assert line == "BIS — caught: 51% equity held by listed or caught owners (threshold ≥ 50%)"
    assert legend["bis"].startswith(line)
    for wanted in ("listed owner: Inspur Group Co., Ltd.", "BIS Affiliates Rule", "FR Doc. 2023-04558",
                   "sources: bloomberg-2023-partner, fr-2023-04558"):  # fmt: skip
        assert wanted in legend["bis"], wanted
    assert legend["ofac"].startswith("OFAC — clear (threshold ≥ 50%)")
    # 2026-11-25 falls in the window after the suspension, which kb has not confirmed
    assert "warning: bis as of 2026-11-25 rests on the window" in legend["bis"]
    assert "NOT CONFIRMED" in legend["bis"] and "warning" not in legend["ofac"]
    legend_group = root.find(f"{SVG}g[@id='kb-legend']")
    assert legend_group is not None
    key = " ".join(texts(legend_group))
    assert "possibly caught" in key and "a control link" in key and "joint venture" in key


def test_the_cisco_jv_as_html_holds_the_same_data_and_loads_nothing(
    inspur: Database, kb: Kb, tmp_path: Path
) -> None:
    out = tmp_path / "cisco.html"
    drawn(kb, out, *CISCO)
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and len(page) < 300_000
    for text in (JV_NAME, "Inspur Group Co., Ltd.", "51% equity", bis_line(kb), "FR Doc. 2023-04558",
                 "bloomberg-2023-partner"):  # fmt: skip
        assert text in unescape(page), text
    assert not re.search(r"https?:|//[a-z0-9.-]+\.[a-z]{2,}/", page, re.IGNORECASE)  # no CDN, no URL
    assert not re.search(r"<(script|link|img|iframe)[^>]*(src|href)=", page, re.IGNORECASE)
    data = page_data(page)
    assert data["nodes"]["inspur-group"]["status"] == "listed"
    # Inspur Group is on the 1260H list too: DoD sec. 805 reaches its 51% JV from 2026-06-30
    assert data["nodes"]["inspur-cisco-jv"]["notes"] == ["BIS, DOD805: caught 51%"]
    [stake] = [e for e in data["edges"] if e["source"] == "inspur-group"]
    assert stake["label"] == "51% equity" and stake["cited"] == "bloomberg-2023-partner"
    assert stake["regimes"] == ["BIS", "DOD805"]
    assert data["nodes"]["cisco-hk"]["status"] == "clear"  # the other partner, for context
    # after kb derive for that date, kb exposure climbs only through marked owners: same picture
    assert kb("derive", "--as-of", "2026-11-25").code == 0
    again = tmp_path / "again.html"
    drawn(kb, again, *CISCO)
    assert page_data(again.read_text(encoding="utf-8")) == data


def test_the_cisco_jv_as_png(inspur: Database, kb: Kb, tmp_path: Path, no_programs: None) -> None:
    out = tmp_path / "cisco.png"
    drawn(kb, out, *CISCO)
    width, height, pixels = png_pixels(out.read_bytes())
    assert 1000 < width < 4000 and 800 < height < 4000
    assert pixels.most_common(1)[0][0] == rgba("#ffffff")  # on white
    assert pixels[rgba("#d62728")] > 5_000 and pixels[rgba("#ff7f0e")] > 5_000  # the listed group, the JV
    assert pixels[rgba("#d4d4d4")] > 5_000  # the other partner, clear
    assert pixels[rgba(model.INK)] > 5_000  # text, in kb's own font: nothing of the machine's needed
    assert len(pixels) > 100  # lines and letters are smoothed: many shades


@pytest.mark.parametrize(
    ("name", "wanted"),
    [
        ("out.pdf", "must end in .html, .svg or .png"),
        ("out", "must end in"),
        ("nowhere/out.svg", "no folder"),
    ],
)
def test_a_file_kb_cannot_draw_is_a_one_line_usage_error(
    inspur: Database, kb: Kb, tmp_path: Path, name: str, wanted: str
) -> None:
    run = kb(*CISCO, "--graph", str(tmp_path / name))
    assert run.code == 2 and run.out == ""
    assert wanted in run.err and "--graph" in run.err and len(run.err.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_every_kind_of_fact_and_the_worst_status_over_regimes(
    acme: Database, kb: Kb, tmp_path: Path, no_programs: None
) -> None:
    args = ("exposure", "acme-target", "--as-of", "2026-11-25")
    svg_path, html_path = tmp_path / "acme.svg", tmp_path / "acme.html"
    drawn(kb, svg_path, *args)
    drawn(kb, html_path, *args)
    svg, page = svg_path.read_text(encoding="utf-8"), html_path.read_text(encoding="utf-8")
    data = page_data(page)
    nodes = data["nodes"]
    # possibly caught under ofac and bis, caught under eu (board control by a caught nominee): orange
    assert nodes["acme-target"]["status"] == "caught"
    assert nodes["acme-target"]["notes"] == ["OFAC, BIS: possibly caught (≤ 60%)", "EU: caught (control)"]
    assert nodes["acme-h1"]["notes"] == ["OFAC, BIS, EU: possibly caught (≤ 100%)"]  # 30% + unknown: capped
    assert nodes["acme-p"]["status"] == "listed" and "person" in nodes["acme-p"]["meta"]
    assert nodes["acme-x"]["status"] == "clear" and nodes["acme-cn"]["name"] == "北京某某科技有限公司"
    labels = {(e["source"], e["target"]): (e["label"], e["regimes"]) for e in data["edges"]}
    assert labels[("acme-l", "acme-h1")] == ("unknown", ["OFAC", "BIS", "EU"])
    assert labels[("acme-x", "acme-target")] == ("30–45% equity", [])  # noqa: RUF001 - context, a range
    assert labels[("acme-cn", "acme-target")] == ("5% voting", [])
    assert labels[("acme-h2", "acme-target")] == ("controls (board appointment)", ["EU"])
    assert ("acme-target", "acme-x") not in labels  # the target's own stakes are no evidence
    root = svg_root(svg.encode())
    boxes = {g.attrib["data-id"]: [r.attrib for r in g.iter(f"{SVG}rect")][-1] for g in groups(root, "node")}
    assert set(boxes) == set(nodes)
    for entity, colour in (("acme-l", "#d62728"), ("acme-target", "#ff7f0e"), ("acme-h1", "#f2c500"),
                           ("acme-x", "#d4d4d4")):  # listed, caught, possible, clear  # fmt: skip
        assert boxes[entity]["fill"] == colour and f'fill="{colour}"' in page
    person = boxes["acme-p"]
    assert float(person["rx"]) == pytest.approx(float(person["height"]) / 2, abs=0.1)  # a person: round ends
    assert float(boxes["acme-l"]["rx"]) < float(boxes["acme-l"]["height"]) / 2
    edges = {(e["source"], e["target"]): i for i, e in enumerate(data["edges"])}
    paths = {int(g.attrib["data-edge"]): g.find(f"{SVG}path") for g in groups(root, "edge")}
    control = paths[edges[("acme-h2", "acme-target")]]
    assert control is not None and control.attrib["stroke"] == "#8c564b" and 'stroke="#8c564b"' in page
    assert control.attrib["marker-end"] == "url(#kb-control)"  # the diamond
    for dashed in (("acme-l", "acme-h1"), ("acme-x", "acme-target")):  # unknown, a range
        path = paths[edges[dashed]]
        assert path is not None and path.attrib["stroke-dasharray"] == "7 5"
    path = paths[edges[("acme-h1", "acme-target")]]
    assert path is not None and "stroke-dasharray" not in path.attrib  # 60%: known
    name = texts(next(g for g in groups(root, "node") if g.attrib["data-id"] == "acme-cn"))[0]
    assert name == "北京某某科技有限公司"  # kept as it is, in UTF-8
    legend = {g.attrib["data-regime"]: " ".join(texts(g)) for g in groups(root, "regime")}
    assert "listing: Listed Parent OOO: EU since 2022-06-03, Council Implementing Regulation (EU) 2022/880" \
        in legend["eu"]  # fmt: skip
    assert "87 FR 20001" in legend["ofac"] and "87 FR 20001" in page

    only_ofac = tmp_path / "ofac.html"
    drawn(kb, only_ofac, *args, "-r", "ofac")
    data = page_data(only_ofac.read_text("utf-8"))
    assert data["nodes"]["acme-target"]["status"] == "possible"
    # the caught nominee's control counts under eu only: drawn for context, in grey, under ofac
    assert data["nodes"]["acme-h2"]["status"] == "caught"
    [control] = [e for e in data["edges"] if e["kind"] == "control"]
    assert control["regimes"] == []


def test_a_clear_entity_shows_its_owners_and_why(inspur: Database, kb: Kb, tmp_path: Path) -> None:
    out = tmp_path / "electronic.html"
    drawn(kb, out, "exposure", "inspur-electronic", "--as-of", "2026-11-25", "-r", "bis")
    page = out.read_text(encoding="utf-8")
    data = page_data(page)
    assert data["nodes"]["inspur-electronic"]["status"] == "clear"
    assert data["nodes"]["inspur-group"]["status"] == "listed"  # a listed owner, 36% only
    [stake] = data["edges"]
    assert (stake["label"], stake["regimes"]) == ("36% equity", [])
    assert "BIS — clear (threshold ≥ 50%)" in unescape(page)


def test_the_model_and_svg_document_without_a_database() -> None:
    report = {
        "entity": {"id": "t", "name": 'T "Quoted" & <Co>\x01', "country": None},
        "as_of": "2026-01-01",
        "flags": ["stakes_over_100:equity"],
        "regimes": [
            {"regime": "ofac", "title": "OFAC 50 Percent Rule", "citation": "FAQ 401", "rule_in_force": True,
             "threshold": ">= 50%", "id": "t", "name": "T", "status": "listed", "listed_owners": [],
             "listings": [{"entity": "t", "list": "SDN", "programs": ["SDGT"], "start_date": "2020-01-01",
                           "citation": "85 FR 1", "source": "ofac"}], "evidence": [], "chain": []},
        ],
    }  # fmt: skip
    pic = model.build(report)
    [node] = pic.nodes
    assert (node.status, node.notes, node.subject) == ("listed", ("OFAC: listed (SDN)",), True)
    document = svg.document(pic)
    root = svg_root(document.encode())  # well-formed: the quotes and a control character are no trouble
    assert title(root) == 'Exposure of T "Quoted" & <Co> (t, country unknown) as of 2026-01-01'
    assert "<title>Exposure of T &quot;Quoted&quot; &amp; &lt;Co&gt; (t, country" in document
    [box] = groups(root, "node")
    assert texts(box) == ['T "Quoted" & <Co>', "t · country unknown", "OFAC: listed (SDN)"]
    [legend] = groups(root, "regime")
    listing = 'listing: T "Quoted" & <Co>: SDN (SDGT) since 2020-01-01, 85 FR 1 [ofac]'
    assert " ".join(texts(legend)).startswith(
        "OFAC — listed itself (SDN) rule: OFAC 50 Percent Rule: FAQ 401"
    )
    assert listing in " ".join(texts(legend))
    assert "warning: the owners' equity stakes in it add up to more than 100%" in texts(root)
    page = html.html(pic)
    assert "&lt;Co&gt;" in page and "<Co>" not in page.split('id="kb-data">')[0]
    assert "\\u003cCo>" in page  # inside the script data, no tag can close the script early
    assert model.pct(30, 60) == "30–60%" and model.pct(None, None) == "unknown"  # noqa: RUF001 - pct writes an en dash
    assert model.pct(51.0, 51.0) == "51%"


def _stake(owner: str, owned: str, pct: float | None, source: str = "s") -> dict[str, Any]:
    return {"kind": "stake", "from": owner, "to": owned, "pct_min": pct, "pct_max": pct, "basis": "equity",
            "source": source, "claim": f"{owner}>{owned}"}  # fmt: skip


def test_a_cycle_and_a_wide_group_are_laid_out() -> None:
    listed = {"id": "l", "name": "L", "status": "listed", "evidence": [],
              "listings": [{"entity": "l", "list": "SDN", "source": "ofac"}]}  # fmt: skip
    a = {
        "id": "a",
        "name": "A",
        "status": "caught",
        "pct_min": 100.0,
        "evidence": [_stake("l", "a", 100), _stake("b", "a", 60)],
    }
    owners = [_stake(f"o{i}", "b", 0.1) for i in range(150)]
    row = {"regime": "ofac", "title": "OFAC", "citation": "", "rule_in_force": True, "threshold": ">= 50%",
           "id": "b", "name": "B", "status": "caught", "pct_min": 60.0, "evidence": [_stake("a", "b", 60)],
           "listed_owners": [{"id": "l", "name": "L"}], "listings": [], "chain": [a, listed]}  # fmt: skip
    report = {"entity": {"id": "b", "name": "B", "country": "DE"}, "as_of": "2026-01-01", "regimes": [row]}
    pic = model.build(report, owners)
    assert len(pic.nodes) == 3 + model.MAX_CONTEXT and pic.omitted == 150 - model.MAX_CONTEXT
    boxes, width, height = layout.layout(pic)
    assert set(boxes) == {n.id for n in pic.nodes} and width > 0 and height > 0
    assert boxes["l"].y < boxes["a"].y < boxes["b"].y  # owners above what they own; the cycle b -> a broken
    page = html.html(pic)
    assert f"{150 - model.MAX_CONTEXT} other direct owner(s) with no evidence not drawn" in page
    assert page.count('class="node"') == len(pic.nodes) and page.count('class="edge"') == len(pic.edges)
