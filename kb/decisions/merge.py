"""Accept, reject, unsure and undo: each a judgement between two source records, never a rewrite.

A judgement is a ``:Resolution`` node (who, when, why, the matcher's score and reasons) that
``JUDGES`` two SourceRecords: ``accept`` says they are one party, ``reject`` that they are two,
``unsure`` only that someone looked. Which Entity a record belongs to follows from the records and
the active judgements (:mod:`kb.resolution.clusters`); each change here records or retires a
judgement and clusters the records it touches again, in one write transaction, under the load
lock (:mod:`kb.loaders.write.clusters`). Undo retires the judgement: the graph is what the
remaining judgements and the loaded data make it, whatever happened in between.
"""

from __future__ import annotations

import datetime as dt
import getpass
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from kb.db import Database, Row
from kb.decisions import ambiguity
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
from kb.loaders.write import clusters, runs
from kb.queries import Statement, run, statement, wrapper
from kb.resolution import MATCH, PartyRecord, score
from kb.resolution.party import entity_party, incompatible

VERDICTS = ("accept", "reject", "unsure")
LOCK_WAIT = 60.0  # seconds a judgement waits for a running load to finish


@wrapper("resolve/find_record")
def find_record(db: Database, *, ref: str) -> Row:
    return run(db, "resolve/find_record", ref=ref)[0]


@wrapper("resolve/judgement")
def judgement(db: Database, *, id: str) -> Row:
    return run(db, "resolve/judgement", id=id)[0]


@wrapper("resolve/decisions")
def decisions(
    db: Database, *, id: str | None = None, limit: int | None = None, state: str | None = None
) -> list[Row]:
    return run(db, "resolve/decisions", id=id, limit=limit, state=state)


@wrapper("resolve/record_decision")
def record_decision(*, props: dict[str, Any], at: dt.datetime) -> Statement:
    return statement("resolve/record_decision", props=props, at=at)


@wrapper("resolve/mark_undone")
def mark_undone(*, id: str, at: dt.datetime) -> Statement:
    return statement("resolve/mark_undone", id=id, at=at)


@dataclass(frozen=True)
class Decision:
    id: str
    decision: str
    a: str  # the Entity of the first record when judged
    b: str
    score: float
    reasons: tuple[str, ...]
    records: tuple[str, ...] = ()  # the two SourceRecords judged


@dataclass(frozen=True)
class Pair:
    """Two records to judge and the Entities they are in now."""

    a: str
    b: str
    a_entity: str
    b_entity: str


def _pair(db: Database, a_ref: str, b_ref: str) -> Pair:
    found = []
    for ref in (a_ref, b_ref):
        row = find_record(db, ref=ref)
        if row["record"] is None:
            raise UsageError(f"no Entity or SourceRecord {ref!r}: `kb resolve suggest` lists candidates")
        found.append(row)
    if found[0]["record"] == found[1]["record"]:
        raise UsageError(f"{a_ref!r} and {b_ref!r} are one record: give two")
    return Pair(found[0]["record"], found[1]["record"], found[0]["entity"], found[1]["entity"])


def _judge(db: Database, pair: Pair) -> tuple[float, tuple[str, ...], str | None]:
    """The matcher's score and reasons for the two Entities, and why they cannot be one party."""
    if pair.a_entity == pair.b_entity:
        return 1.0, ("one Entity already",), None
    rows = {row["id"]: row for row in match_entities(db, ids=[pair.a_entity, pair.b_entity])}
    left, right = entity_party(rows[pair.a_entity]), entity_party(rows[pair.b_entity])
    judged = score(left, right)
    return judged.score, judged.reasons, incompatible(left, right)


def who(by: str | None) -> str:
    """Who decides: ``--by``, else the login name."""
    if by:
        return by
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


@contextmanager
def locked(db: Database, now: dt.datetime) -> Iterator[str]:
    """The load lock: a judgement and a load never interleave."""
    holder = f"resolve-{now:%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"
    runs.acquire_lock(db, holder, LOCK_WAIT)
    try:
        yield holder
    finally:
        runs.release_lock(db, holder)


def _accept_path(component: clusters.Component, a: str, b: str) -> list[str] | None:
    """The active accepts that join ``a`` to ``b`` on their own, or None when none do."""
    edges: dict[str, list[tuple[str, str]]] = {}
    for j in component.judgements.values():
        if j["decision"] == "accept":
            edges.setdefault(j["a"], []).append((j["b"], j["id"]))
            edges.setdefault(j["b"], []).append((j["a"], j["id"]))
    came: dict[str, tuple[str, str] | None] = {a: None}
    queue = [a]
    while queue:
        here = queue.pop(0)
        for there, via in edges.get(here, []):
            if there not in came:
                came[there] = (here, via)
                queue.append(there)
    if b not in came:
        return None
    path, at = [], b
    while (step := came[at]) is not None:
        at, via = step
        path.append(via)
    return sorted(path)


def _decide(
    db: Database,
    verdict: str,
    pair: Pair,
    *,
    why: str | None,
    by: str | None,
    judged: tuple[float, tuple[str, ...]] | None = None,
    check: Callable[[clusters.Component, str], None] = lambda component, new_id: None,
) -> Decision:
    value, reasons = judged or _judge(db, pair)[:2]
    now = dt.datetime.now(dt.UTC)
    new_id = f"res-{now:%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"
    props = {"id": new_id, "a": pair.a, "b": pair.b, "decision": verdict, "by": who(by), "why": why,
             "score": value, "reasons": list(reasons),
             "entities": [pair.a_entity, pair.b_entity]}  # fmt: skip
    with locked(db, now):
        component = clusters.read_components(db, [pair.a, pair.b])
        component.judgements[new_id] = {**props, "at": now.isoformat()}
        check(component, new_id)
        db.in_write_transaction(
            lambda run_: (run_(*record_decision(props=props, at=now)), clusters.apply(run_, component))
        )
    return Decision(new_id, verdict, pair.a_entity, pair.b_entity, value, reasons, (pair.a, pair.b))


def accept(
    db: Database, a_ref: str, b_ref: str, *, why: str | None = None, by: str | None = None
) -> Decision:
    """Judges the two records one party; their clusters become one Entity. Refused, with one line,
    when they are one Entity already, when their identifiers of one scheme differ, or when a
    rejection stands between any records of the two."""
    pair = _pair(db, a_ref, b_ref)
    if pair.a_entity == pair.b_entity:
        raise UsageError(f"{a_ref!r} and {b_ref!r} are one Entity already ({pair.a_entity})")
    value, reasons, conflict = _judge(db, pair)
    if conflict is not None:
        raise UsageError(f"{pair.a_entity} and {pair.b_entity} cannot be one party: {conflict}")

    def joins(component: clusters.Component, new_id: str) -> None:
        result = component.clustering()
        if result.entity[pair.a] == result.entity[pair.b]:
            return
        refusal = next((r for r in result.refused if r.via == new_id), None)
        reason = refusal.reason if refusal else "clustering keeps them apart"
        left, right = (set(result.members[result.entity[key]]) for key in (pair.a, pair.b))
        rejection = next(
            (
                j["id"]
                for j in sorted(component.judgements.values(), key=lambda j: j["id"])
                if j["decision"] == "reject" and {j["a"], j["b"]} & left and {j["a"], j["b"]} & right
            ),
            None,
        )
        if rejection is not None:  # name it, so the analyst knows what to undo
            reason += f" by {rejection} (`kb resolve undo {rejection}` to revisit it)"
        raise UsageError(f"{pair.a_entity} and {pair.b_entity} cannot be one party: {reason}")

    return _decide(db, "accept", pair, why=why, by=by, judged=(value, reasons), check=joins)


def reject(
    db: Database, a_ref: str, b_ref: str, *, why: str | None = None, by: str | None = None
) -> Decision:
    """Judges the two records two parties: never in one cluster, never proposed again. Two records
    that only shared identifiers or a record id are split; two that accepts join are refused."""
    pair = _pair(db, a_ref, b_ref)

    def not_accepted(component: clusters.Component, new_id: str) -> None:
        path = _accept_path(component, pair.a, pair.b)
        if path:
            raise UsageError(
                f"{pair.a} and {pair.b} are one party by {', '.join(path)}: `kb resolve undo` it first"
            )

    return _decide(db, "reject", pair, why=why, by=by, check=not_accepted)


def unsure(
    db: Database, a_ref: str, b_ref: str, *, why: str | None = None, by: str | None = None
) -> Decision:
    """Records that the pair was looked at without a verdict: not proposed again, nothing moves."""
    pair = _pair(db, a_ref, b_ref)
    if pair.a_entity == pair.b_entity:
        raise UsageError(f"{a_ref!r} and {b_ref!r} are one Entity already ({pair.a_entity})")
    return _decide(db, "unsure", pair, why=why, by=by)


def latest_active(db: Database) -> str:
    found = decisions(db, limit=1, state="active")
    if not found:
        raise UsageError("no active decision to undo: `kb resolve list` shows the decisions")
    return str(found[0]["id"])


def undo(db: Database, decision_id: str | None = None) -> Row:
    """Retires a judgement (the latest active one by default): the records it judged are clustered
    again without it, so the graph is the one the other judgements and the data make."""
    target = decision_id or latest_active(db)
    now = dt.datetime.now(dt.UTC)
    with locked(db, now):
        found = judgement(db, id=target)
        if found["decision"] is None:
            raise UsageError(f"no decision {target!r}: `kb resolve list` shows them")
        if found["state"] != "active":
            raise UsageError(f"decision {target} is {found['state']} already")
        component = clusters.read_components(db, [found["a"], found["b"]])
        component.judgements.pop(target, None)
        db.in_write_transaction(
            lambda run_: (run_(*mark_undone(id=target, at=now)), clusters.apply(run_, component))
        )
    return {"id": target, "decision": found["decision"], "a": found["a"], "b": found["b"], "state": "undone"}


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
    accepted in turn (a pair an earlier accept of this run joined is skipped; one that an earlier
    accept made contradictory is held)."""
    if threshold < MATCH:
        raise UsageError(
            f"--threshold {threshold}: auto accepts only matches (at least {MATCH}); review the rest"
        )
    found = suggest(db, min_score=threshold, progress=progress)
    rejected = {pair_key(r["a"], r["b"]) for r in decided_pairs(db) if r["decision"] == "reject"}
    accepted, held = ambiguity.split(found, lambda ids: _parties(db, ids), rejected)
    done: list[Decision] = []
    if apply:
        for candidate in accepted:
            why = f"kb resolve auto --threshold {threshold}"
            try:
                done.append(accept(db, candidate.a, candidate.b, why=why, by=by or "kb resolve auto"))
            except UsageError as refused:
                if "one Entity already" in str(refused):
                    continue  # an earlier accept of this run joined them
                held.append(Held(candidate, str(refused)))
    return accepted, held, done


def _parties(db: Database, ids: list[str]) -> dict[str, PartyRecord]:
    found: dict[str, PartyRecord] = {}
    for start in range(0, len(ids), 1_000):
        found.update(
            (row["id"], entity_party(row)) for row in match_entities(db, ids=ids[start : start + 1_000])
        )
    return found
