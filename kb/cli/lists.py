"""``kb lists``: the lists in the graph, built in and source-defined, and the regimes that use each."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kb.cli.common import AsOfOption, FormatOption, as_of_date
from kb.cli.output import Format, emit
from kb.db import Database, Row
from kb.exposure.profiles import load_all
from kb.lists import LISTS, is_source_defined
from kb.queries import run, wrapper

COLUMNS = ["code", "name", "authority", "jurisdiction", "defined_by", "listed", "regimes", "sources"]


@wrapper("lists/lists")
def graph_lists(db: Database, *, as_of: dt.date | None = None) -> list[Row]:
    return run(db, "lists/lists", as_of=as_of)


def lists(as_of: str | None = AsOfOption, fmt: Format = FormatOption) -> None:
    """Every list in the graph: code, name, authority, jurisdiction, who defines it (kb or a source),
    how many entities are listed on it, which regimes seed from it (a source-defined list: none
    unless a profile override in $KB_HOME/regimes names it), and the sources that list on it."""
    on = as_of_date(as_of)
    seeding = {p.name: set(p.seeds) for p in load_all()}
    with Database.connect() as db:
        rows = graph_lists(db, as_of=on)
    order = {code: i for i, code in enumerate(LISTS)}
    rows.sort(key=lambda row: (order.get(row["code"], len(order)), row["code"]))
    emit([_row(row, seeding) for row in rows], fmt, columns=COLUMNS)


def _row(row: Row, seeding: dict[str, set[str]]) -> dict[str, Any]:
    return {
        **row,
        "defined_by": "source" if is_source_defined(row["code"]) else "kb",
        "regimes": [name for name, seeds in seeding.items() if row["code"] in seeds],
    }
