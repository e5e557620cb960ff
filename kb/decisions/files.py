"""Judgements to and from a JSON-lines file: carry an analyst's work to another graph.

``kb resolve export`` writes every judgement, one JSON object a line (``id, decision, a, b, by, at,
why, score, reasons, state, undone_at``); ``kb resolve import`` reads such a file into a graph that
holds the records it names. Because Entities follow from the records and the judgements, a graph
rebuilt from its sources and given the same file is the graph it was. Import checks the whole file
first (structure, verdicts, known records, no accept that a rejection contradicts) and then writes
it in one transaction under the load lock: a bad line changes nothing. A judgement whose id the
graph holds already, unchanged, is skipped, so importing twice is importing once.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from kb.db import Database, Row
from kb.decisions import merge
from kb.errors import UsageError
from kb.loaders.write import clusters
from kb.queries import run, wrapper

FIELDS = ("id", "decision", "a", "b", "by", "at", "why", "score", "reasons", "state", "undone_at")
REQUIRED = ("id", "decision", "a", "b", "by", "at", "state")
STATES = ("active", "undone")
ALL = 1_000_000_000  # a limit no graph reaches: every judgement


@wrapper("resolve/known_records")
def known_records(db: Database, *, keys: list[str]) -> set[str]:
    return set(run(db, "resolve/known_records", keys=keys)[0]["keys"])


def export(db: Database) -> Iterator[str]:
    """Every judgement, oldest first, as JSON lines."""
    rows = merge.decisions(db, limit=ALL)
    for row in sorted(rows, key=lambda r: (r["at"], r["id"])):
        out = {name: row.get(name) for name in FIELDS}
        out["at"] = row["at"].iso_format()
        out["undone_at"] = row["undone_at"].iso_format() if row["undone_at"] is not None else None
        yield json.dumps(out, ensure_ascii=False, sort_keys=True)


def _fail(path: Path, line: int, field: str, problem: str) -> UsageError:
    return UsageError(f"{path}:{line}: {field}: {problem}; nothing imported")


def _when(path: Path, line: int, field: str, value: Any) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(str(value))
    except ValueError:
        raise _fail(path, line, field, f"expected an ISO date and time, got {value!r}") from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def read(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """The judgements of ``path`` with their line numbers, each checked for structure."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read it as UTF-8 text: {exc.__class__.__name__}") from None
    found: list[tuple[int, dict[str, Any]]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise _fail(path, number, "line", f"not JSON ({exc.msg})") from None
        if not isinstance(item, dict):
            raise _fail(path, number, "line", "expected a JSON object")
        for name in REQUIRED:
            if not isinstance(item.get(name), str) or not item[name]:
                raise _fail(path, number, name, "missing or not a string")
        if item["decision"] not in merge.VERDICTS:
            raise _fail(path, number, "decision", f"expected one of {', '.join(merge.VERDICTS)}")
        if item["state"] not in STATES:
            raise _fail(path, number, "state", f"expected one of {', '.join(STATES)}")
        if item["a"] == item["b"]:
            raise _fail(path, number, "b", "the same record as a")
        unknown = sorted(set(item) - set(FIELDS))
        if unknown:
            raise _fail(path, number, unknown[0], "not a field of a judgement")
        item["at"] = _when(path, number, "at", item["at"])
        if item.get("undone_at") is not None:
            item["undone_at"] = _when(path, number, "undone_at", item["undone_at"])
        found.append((number, item))
    return found


def _props(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": item["id"], "a": item["a"], "b": item["b"], "decision": item["decision"], "by": item["by"],
        "why": item.get("why"), "score": item.get("score"), "reasons": list(item.get("reasons") or []),
        "entities": [], "state": item["state"], "undone_at": item.get("undone_at"),
    }  # fmt: skip


def _existing(db: Database, path: Path, items: Iterable[tuple[int, dict[str, Any]]]) -> set[str]:
    """The ids the graph holds already: skipped when the same, refused when they differ."""
    held: dict[str, Row] = {row["id"]: row for row in merge.decisions(db, limit=ALL)}
    same: set[str] = set()
    for number, item in items:
        row = held.get(item["id"])
        if row is None:
            continue
        if (row["a"], row["b"], row["decision"], row["state"]) != (
            item["a"], item["b"], item["decision"], item["state"],
        ):  # fmt: skip
            raise _fail(path, number, "id", f"{item['id']} is in the graph already with another content")
        same.add(item["id"])
    return same


def import_file(db: Database, path: Path) -> dict[str, int]:
    """Import the judgements of ``path`` (see the module); how many were new and skipped."""
    items = read(path)
    ids = [item["id"] for _, item in items]
    if len(set(ids)) != len(ids):
        number = next(n for n, item in items if ids.count(item["id"]) > 1)
        raise _fail(path, number, "id", "given twice in the file")
    records = sorted({item[side] for _, item in items for side in ("a", "b")})
    known = known_records(db, keys=records) if records else set()
    for number, item in items:
        for side in ("a", "b"):
            if item[side] not in known:
                raise _fail(path, number, side, f"no SourceRecord {item[side]!r} in this graph")
    now = dt.datetime.now(dt.UTC)
    with merge.locked(db, now):
        skip = _existing(db, path, items)
        fresh = [(n, item) for n, item in items if item["id"] not in skip]
        if not fresh:
            return {"imported": 0, "skipped": len(skip)}
        component = clusters.read_components(db, records)
        for _, item in fresh:
            if item["state"] == "active":
                component.judgements[item["id"]] = {**item, "at": item["at"].isoformat()}
        result = component.clustering()
        accepts = [(n, i) for n, i in fresh if i["state"] == "active" and i["decision"] == "accept"]
        for number, item in accepts:
            if result.entity[item["a"]] != result.entity[item["b"]]:
                why = next((r.reason for r in result.refused if r.via == item["id"]), "kept apart")
                raise _fail(path, number, "decision", f"accept {item['id']} is contradicted: {why}")

        def work(run_: Any) -> None:
            for _, item in fresh:
                run_(*merge.record_decision(props=_props(item), at=item["at"]))
                if item["state"] == "undone":
                    run_(*merge.mark_undone(id=item["id"], at=item["undone_at"] or item["at"]))
            clusters.apply(run_, component)

        db.in_write_transaction(work)
    return {"imported": len(fresh), "skipped": len(skip)}
