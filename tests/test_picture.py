"""`kb exposure --graph`: pictures of the evidence, drawn from a real Neo4j.

.svg and .png need Graphviz's `dot` (CI installs the Debian package graphviz); without it these
tests fail, saying so, rather than skip.
"""

from __future__ import annotations

import json
import re
import shutil
import struct
from collections.abc import Callable
from html import unescape
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
from conftest import Run
from loading import load_path

from kb.db import Database
from kb.exposure import picture

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


def need_dot() -> None:
    if shutil.which("dot") is None:
        pytest.fail(
            "Graphviz's dot is not on PATH: install it (apt-get install graphviz) to test .svg and .png"
        )


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
    return f"BIS — {picture.determination_text(bis)}"


def drawn(kb: Kb, path: Path, *args: str) -> Run:
    run = kb(*args, "--graph", str(path))
    assert run.code == 0, run.err
    assert path.is_file() and f"drew the evidence into {path}" in run.err
    return run


def test_the_cisco_jv_as_svg(inspur: Database, kb: Kb, tmp_path: Path) -> None:
    need_dot()
    out = tmp_path / "out.svg"
    run = drawn(kb, out, *CISCO)
    assert "caught" in run.out  # the table is printed as without --graph
    svg = out.read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    text = unescape(svg)  # Graphviz writes "-" as "&#45;"
    line = bis_line(kb)
    assert line == "BIS — caught: 51% equity held by listed or caught owners (threshold ≥ 50%)"
    for wanted in (JV_NAME, "Inspur Group Co., Ltd.", "51% equity", line, "FR Doc. 2023-04558",
                   "bloomberg-2023-partner", "BIS Affiliates Rule", "OFAC — clear"):  # fmt: skip
        assert wanted in text, wanted
    assert 'fill="#d62728"' in svg and 'fill="#ff7f0e"' in svg  # the listed group, the caught JV
    assert 'stroke="#9467bd"' in svg  # the JV's purple outline
    assert "Cisco Systems Hong Kong" in text and "unknown" in text  # the other partner, for context
    assert 'stroke-dasharray="5,2"' in svg  # its stake of unknown size


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
    assert data["nodes"]["inspur-cisco-jv"]["notes"] == ["BIS: caught 51%"]
    [stake] = [e for e in data["edges"] if e["source"] == "inspur-group"]
    assert stake["label"] == "51% equity" and stake["cited"] == "bloomberg-2023-partner"
    assert stake["regimes"] == ["BIS"]
    assert data["nodes"]["cisco-hk"]["status"] == "clear"  # the other partner, for context
    # after kb derive for that date, kb exposure climbs only through marked owners: same picture
    assert kb("derive", "--as-of", "2026-11-25").code == 0
    again = tmp_path / "again.html"
    drawn(kb, again, *CISCO)
    assert page_data(again.read_text(encoding="utf-8")) == data


def test_the_cisco_jv_as_png(inspur: Database, kb: Kb, tmp_path: Path) -> None:
    need_dot()
    out = tmp_path / "cisco.png"
    drawn(kb, out, *CISCO)
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    assert 600 < width < 4000 and 300 < height < 4000


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


def test_without_graphviz_svg_fails_saying_what_to_install_and_html_still_works(
    inspur: Database, kb: Kb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no dot on it
    run = kb(*CISCO, "--graph", str(tmp_path / "out.svg"))
    assert run.code == 1 and run.out == "" and len(run.err.strip().splitlines()) == 1
    assert "dot" in run.err and "apt-get install graphviz" in run.err and ".html" in run.err
    drawn(kb, tmp_path / "out.html", *CISCO)


def test_every_kind_of_fact_and_the_worst_status_over_regimes(acme: Database, kb: Kb, tmp_path: Path) -> None:
    need_dot()
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
    for colour in ("#d62728", "#ff7f0e", "#f2c500", "#d4d4d4"):  # listed, caught, possible, clear
        assert f'fill="{colour}"' in svg and f'fill="{colour}"' in page
    assert "<ellipse" in svg  # the person
    assert 'stroke="#8c564b"' in svg and 'stroke="#8c564b"' in page  # the control link
    assert svg.count('stroke-dasharray="5,2"') >= 2 and 'stroke-dasharray="7 5"' in page  # unknown, range
    assert "Council Implementing Regulation (EU) 2022/880" in svg and "87 FR 20001" in page

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


def test_the_model_and_dot_text_without_a_database() -> None:
    report = {
        "entity": {"id": "t", "name": 'T "Quoted" & <Co>', "country": None},
        "as_of": "2026-01-01",
        "flags": ["stakes_over_100:equity"],
        "regimes": [
            {"regime": "ofac", "title": "OFAC 50 Percent Rule", "citation": "FAQ 401", "rule_in_force": True,
             "threshold": ">= 50%", "id": "t", "name": "T", "status": "listed", "listed_owners": [],
             "listings": [{"entity": "t", "list": "SDN", "programs": ["SDGT"], "start_date": "2020-01-01",
                           "citation": "85 FR 1", "source": "ofac"}], "evidence": [], "chain": []},
        ],
    }  # fmt: skip
    pic = picture.build(report)
    [node] = pic.nodes
    assert (node.status, node.notes, node.subject) == ("listed", ("OFAC: listed (SDN)",), True)
    text = picture.dot(pic)
    assert text.startswith("digraph exposure {") and text.rstrip().endswith("}")
    assert "<B>T &quot;Quoted&quot; &amp; &lt;Co&gt;</B>" in text  # an HTML-like label
    assert 'tooltip="T \\"Quoted\\" & <Co> (t · country unknown); OFAC: listed (SDN)"' in text  # a string
    listing = 'listing: T "Quoted" & <Co>: SDN (SDGT) since 2020-01-01, 85 FR 1 [ofac]'
    assert escape(listing, {'"': "&quot;"}) in text
    assert "more than 100%" in text
    page = picture.html(pic)
    assert "&lt;Co&gt;" in page and "<Co>" not in page.split('id="kb-data">')[0]
    assert "\\u003cCo>" in page  # inside the script data, no tag can close the script early
    assert picture.pct(30, 60) == "30–60%" and picture.pct(None, None) == "unknown"  # noqa: RUF001
    assert picture.pct(51.0, 51.0) == "51%"


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
    pic = picture.build(report, owners)
    assert len(pic.nodes) == 3 + picture.MAX_CONTEXT and pic.omitted == 150 - picture.MAX_CONTEXT
    boxes, width, height = picture.layout(pic)
    assert set(boxes) == {n.id for n in pic.nodes} and width > 0 and height > 0
    assert boxes["l"].y < boxes["a"].y < boxes["b"].y  # owners above what they own; the cycle b -> a broken
    page = picture.html(pic)
    assert f"{150 - picture.MAX_CONTEXT} other direct owner(s) with no evidence not drawn" in page
    assert page.count('class="node"') == len(pic.nodes) and page.count('class="edge"') == len(pic.edges)
