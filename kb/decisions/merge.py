"""Accept, reject and undo: each decision a ``:Resolution`` node (who, when, why, score, reasons).

An accept of (A, B) merges B into A in one write transaction: A keeps its id; every relationship of
B (its SourceRecords' ``DESCRIBES``, its ``HAS_IDENTIFIER``, its ``OWNS``/``CONTROLS``/
``LISTED_ON``/``OFFICER_OF`` claims, either way) is recreated on A with the same properties, B is
deleted and A's merged view (name, names, sources…) recomputed from all its records. The decision
keeps B and A exactly as they were (JSON) and the element ids of what it created, so undo deletes
those, recreates B and its relationships, and sets A back: the graph is the one before the accept.
"""

from __future__ import annotations

import datetime as dt
import getpass
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kb.db import Database, Row, Run
from kb.decisions import ambiguity, snapshot
from kb.decisions.ambiguity import Held
from kb.decisions.candidates import (
    Candidate,
    Progress,
    decided_pairs,
    match_entities,
    pair_key,
    suggest,
)
from kb.errors import UsageError
from kb.loaders.write.records import merged_view
from kb.queries import Statement, run, statement, wrapper
from kb.resolution import MATCH, PartyRecord, score
from kb.resolution.party import entity_party, incompatible

# Relationships left on B when it goes: a decision's links stay with the decision (undo restores
# them with B); the survivor's own decisions are its own.
_NOT_MOVED = frozenset({"DECIDES"})


@wrapper("resolve/find_entity")
def find_entity(db: Database, *, ref: str) -> Row:
    return run(db, "resolve/find_entity", ref=ref)[0]


@wrapper("resolve/decisions")
def decisions(
    db: Database, *, id: str | None = None, limit: int | None = None, state: str | None = None
) -> list[Row]:
    return run(db, "resolve/decisions", id=id, limit=limit, state=state)


@dataclass(frozen=True)
class Decision:
    id: str
    decision: str
    a: str
    b: str
    score: float
    reasons: tuple[str, ...]
    records: tuple[str, ...] = ()


@wrapper("resolve/entity_state")
def entity_state(*, id: str) -> Statement:
    return statement("resolve/entity_state", id=id)


@wrapper("resolve/decision_state")
def decision_state(*, id: str) -> Statement:
    return statement("resolve/decision_state", id=id)


@wrapper("resolve/record_decision")
def record_decision(*, props: dict[str, Any], at: dt.datetime, entities: list[str]) -> Statement:
    return statement("resolve/record_decision", props=props, at=at, entities=entities)


@wrapper("resolve/delete_entity")
def delete_entity(*, id: str) -> Statement:
    return statement("resolve/delete_entity", id=id)


@wrapper("resolve/delete_relationships")
def delete_relationships(*, ids: list[str]) -> Statement:
    return statement("resolve/delete_relationships", ids=ids)


@wrapper("resolve/mark_undone")
def mark_undone(*, id: str, at: dt.datetime) -> Statement:
    return statement("resolve/mark_undone", id=id, at=at)


def _entity(db: Database, ref: str) -> str:
    found = find_entity(db, ref=ref)["id"]
    if found is None:
        raise UsageError(f"no Entity or SourceRecord {ref!r}: `kb resolve suggest` lists candidates")
    return str(found)


def _new_id(now: dt.datetime) -> str:
    return f"res-{now:%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"


def _judge(db: Database, a: str, b: str, *, refuse_conflicts: bool = True) -> tuple[float, tuple[str, ...]]:
    """The matcher's score and reasons for the pair; refuses two parties that cannot be one."""
    if a == b:
        raise UsageError(f"{a!r} and itself: give two different Entities")
    rows = {row["id"]: row for row in match_entities(db, ids=[a, b])}
    left, right = entity_party(rows[a]), entity_party(rows[b])
    why = incompatible(left, right)
    if why is not None and refuse_conflicts:
        raise UsageError(f"{a} and {b} cannot be one party: {why}")
    judged = score(left, right)
    return judged.score, judged.reasons


def _who(by: str | None) -> str:
    if by:
        return by
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _record(run_: Run, props: Mapping[str, Any], at: dt.datetime, entities: list[str]) -> None:
    run_(*record_decision(props=dict(props), at=at, entities=entities))


def reject(
    db: Database, a_ref: str, b_ref: str, *, why: str | None = None, by: str | None = None
) -> Decision:
    """Stores that A and B are different parties: the pair is never proposed again."""
    a, b = _entity(db, a_ref), _entity(db, b_ref)
    if a == b:
        raise UsageError(f"{a_ref!r} and {b_ref!r} are one Entity already ({a})")
    value, reasons = _judge(db, a, b, refuse_conflicts=False)
    now = dt.datetime.now(dt.UTC)
    decision = Decision(_new_id(now), "reject", a, b, value, reasons)
    props = {"id": decision.id, "a": a, "b": b, "decision": "reject", "by": _who(by), "why": why,
             "score": value, "reasons": list(reasons)}  # fmt: skip
    db.in_write_transaction(lambda run_: _record(run_, props, now, [a, b]))
    return decision


def accept(
    db: Database, a_ref: str, b_ref: str, *, why: str | None = None, by: str | None = None
) -> Decision:
    """Merges B into A (A survives, keeping its id) and stores the decision; see the module doc."""
    a, b = _entity(db, a_ref), _entity(db, b_ref)
    if a == b:
        raise UsageError(f"{a_ref!r} and {b_ref!r} are one Entity already ({a})")
    value, reasons = _judge(db, a, b)
    now = dt.datetime.now(dt.UTC)
    decision_id = _new_id(now)

    def work(run_: Run) -> list[str]:
        state_a = run_(*entity_state(id=a))[0]
        state_b = run_(*entity_state(id=b))[0]
        has = {(r["type"], r["out"], r["other"]) for r in state_a["rels"]}
        moved: list[str] = []
        groups: dict[tuple[str, bool], list[dict[str, Any]]] = {}
        a_element = state_a["element"]
        for rel in state_b["rels"]:
            if rel["type"] in _NOT_MOVED or rel["other"] == a_element:
                continue  # a link between A and B would become a loop: undo restores it with B
            if not rel["props"] and (rel["type"], rel["out"], rel["other"]) in has:
                continue  # A already has this link (an identifier both carry)
            groups.setdefault((rel["type"], rel["out"]), []).append(
                {"other": rel["other"], "props": rel["props"]}
            )
        for (rel_type, out), rows in sorted(groups.items()):
            created = run_(snapshot.create_relationships(rel_type, out), {"id": a, "rows": rows})
            moved += [row["id"] for row in created]
        records = sorted(r["key"] for r in state_b["rels"] if r["type"] == "DESCRIBES" and not r["out"])
        run_(*delete_entity(id=b))
        props_a = state_a["props"]
        # with A's own last_seen and last_run: a merge is not a load
        run_(
            *merged_view(
                ids=[a], now=props_a.get("last_seen") or now, run=props_a.get("last_run") or decision_id
            )
        )
        saved = snapshot.dumps({"a": _plain_state(state_a), "b": _plain_state(state_b)})
        props = {"id": decision_id, "a": a, "b": b, "decision": "accept", "by": _who(by), "why": why,
                 "score": value, "reasons": list(reasons), "records": records, "snapshot": saved,
                 "moved": moved}  # fmt: skip
        _record(run_, props, now, [a])
        return records

    records = db.in_write_transaction(work)
    return Decision(decision_id, "accept", a, b, value, reasons, tuple(records))


def _plain_state(state: Row) -> dict[str, Any]:
    return {"labels": sorted(state["labels"]), "props": state["props"], "rels": state["rels"]}


def latest_active(db: Database) -> str:
    found = decisions(db, limit=1, state="active")
    if not found:
        raise UsageError("no active decision to undo: `kb resolve list` shows the decisions")
    return str(found[0]["id"])


def undo(db: Database, decision_id: str | None = None) -> Row:
    """Reverts a decision (the latest active one by default). An accept is reverted exactly: the
    relationships it created go, B comes back with its labels, properties and relationships, and
    A gets back its labels and properties. A later accept on the same Entities must go first."""
    target = decision_id or latest_active(db)
    now = dt.datetime.now(dt.UTC)

    def work(run_: Run) -> Row:
        state = run_(*decision_state(id=target))[0]
        if state["decision"] is None:
            raise UsageError(f"no decision {target!r}: `kb resolve list` shows them")
        if state["state"] != "active":
            raise UsageError(f"decision {target} is {state['state']} already")
        if state["later"]:
            raise UsageError(f"decision {target}: undo the later {', '.join(sorted(state['later']))} first")
        if state["decision"] == "accept":
            _unmerge(run_, state)
        run_(*mark_undone(id=target, at=now))
        return {
            "id": target,
            "decision": state["decision"],
            "a": state["a"],
            "b": state["b"],
            "state": "undone",
        }

    return db.in_write_transaction(work)


def _unmerge(run_: Run, state: Row) -> None:
    saved = snapshot.loads(state["snapshot"])
    run_(*delete_relationships(ids=state["moved"]))
    before_a, before_b = saved["a"], saved["b"]
    run_(snapshot.restore_entity(before_a["labels"]), {"id": state["a"], "props": before_a["props"]})
    run_(snapshot.create_entity(before_b["labels"]), {"props": before_b["props"]})
    groups: dict[tuple[str, bool], list[dict[str, Any]]] = {}
    for rel in before_b["rels"]:
        groups.setdefault((rel["type"], rel["out"]), []).append(
            {"other": rel["other"], "props": rel["props"]}
        )
    for (rel_type, out), rows in sorted(groups.items()):
        run_(snapshot.create_relationships(rel_type, out), {"id": state["b"], "rows": rows})


def auto(
    db: Database,
    *,
    threshold: float = MATCH,
    apply: bool = False,
    by: str | None = None,
    progress: Progress | None = None,
) -> tuple[list[Candidate], list[Held], list[Decision]]:
    """The candidates scoring at least ``threshold``, less those held for a reviewer (an Entity
    matching two that cannot be one party, :mod:`kb.decisions.ambiguity`); with ``apply``, each
    accepted in turn (a pair whose Entity an earlier accept of this run absorbed is skipped: the
    next run proposes it anew; one that an earlier accept made contradictory is held)."""
    if threshold < MATCH:
        raise UsageError(
            f"--threshold {threshold}: auto accepts only matches (at least {MATCH}); review the rest"
        )
    found = suggest(db, min_score=threshold, progress=progress)
    rejected = {pair_key(r["a"], r["b"]) for r in decided_pairs(db) if r["decision"] == "reject"}
    accepted, held = ambiguity.split(found, lambda ids: _parties(db, ids), rejected)
    done: list[Decision] = []
    if apply:
        gone: set[str] = set()
        for candidate in accepted:
            if {candidate.a, candidate.b} & gone:
                continue
            why = f"kb resolve auto --threshold {threshold}"
            try:
                done.append(accept(db, candidate.a, candidate.b, why=why, by=by or "kb resolve auto"))
            except UsageError as refused:  # this run's earlier accepts gave A another identifier
                held.append(Held(candidate, str(refused)))
                continue
            gone.add(candidate.b)
    return accepted, held, done


def _parties(db: Database, ids: list[str]) -> dict[str, PartyRecord]:
    found: dict[str, PartyRecord] = {}
    for start in range(0, len(ids), 1_000):
        found.update(
            (row["id"], entity_party(row)) for row in match_entities(db, ids=ids[start : start + 1_000])
        )
    return found
