"""Rebuttals: a recorded judgement that an entity's holders do not in fact control it.

Under the EU regime a listed person's 50% (or more) is presumed to be control of the company and
its funds; the presumption can be rebutted (CJEU C-84/24 *EM System*, para. 112; EU Best Practices
2024, para. 66; docs/rules.md, section 3.1). A rebuttal is a ``:Rebuttal`` node (regime, from
which date, why, on which evidence, who, when) that ``REBUTS`` the record naming the Entity (so it
follows that record through any judgement that joins or parts Entities): from its date, the
stakes held in that entity no longer catch it under that regime (control links still do), and
every answer that the rebuttal changes names it. Only a profile with ``rebuttable = true`` takes
one: OFAC, BIS and UK rules are not presumptions. ``undo`` marks it undone; it stays as the record
of what was decided, and the answers are what they were before it.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from kb.db import Database, Row
from kb.decisions.merge import who
from kb.errors import UsageError
from kb.exposure.lookup import find
from kb.exposure.profiles import load as load_profile
from kb.exposure.profiles import load_all
from kb.queries import Statement, run, statement, wrapper

ALL = 1_000_000_000  # a limit no graph reaches


@wrapper("rebut/record_rebuttal")
def record_rebuttal(*, props: dict[str, Any], at: dt.datetime) -> Statement:
    return statement("rebut/record_rebuttal", props=props, at=at)


@wrapper("rebut/mark_undone")
def mark_undone(*, id: str, at: dt.datetime) -> Statement:
    return statement("rebut/mark_undone", id=id, at=at)


@wrapper("rebut/rebuttals")
def rebuttals(
    db: Database, *, id: str | None = None, state: str | None = None, limit: int | None = None
) -> list[Row]:
    return run(db, "rebut/rebuttals", id=id, state=state, limit=limit)


def _rebuttable(regime: str) -> None:
    profile = load_profile(regime)  # an unknown regime is a one-line error already
    if not profile.rebuttable:
        others = ", ".join(p.name for p in load_all() if p.rebuttable) or "none"
        raise UsageError(
            f"{regime} has no rebuttal: its ownership rule is not a presumption "
            f"(rebuttable regimes: {others})"
        )


def record(
    db: Database,
    entity: str,
    *,
    regime: str,
    start: dt.date,
    why: str,
    evidence: list[str],
    by: str | None = None,
) -> dict[str, Any]:
    """Record that ``entity``'s holders are not presumed to control it under ``regime`` from
    ``start``; refused, with one line, for a regime whose rule is not a presumption, or without a
    reason or evidence."""
    _rebuttable(regime)
    if not why.strip():
        raise UsageError("--why: say why the presumption is rebutted")
    evidence = [e.strip() for e in evidence if e.strip()]
    if not evidence:
        raise UsageError("--evidence: name at least one document the rebuttal rests on")
    found = find(db, entity)
    now = dt.datetime.now(dt.UTC)
    new_id = f"reb-{now:%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"
    props = {"id": new_id, "regime": regime, "entity": found.id, "start_date": start, "why": why,
             "evidence": evidence, "by": who(by)}  # fmt: skip
    db.in_write_transaction(lambda run_: run_(*record_rebuttal(props=props, at=now)))
    return {**props, "entity_name": found.name, "at": now, "state": "active"}


def undo(db: Database, rebuttal_id: str) -> dict[str, Any]:
    """Marks the rebuttal undone: the answers are those before it."""
    found = rebuttals(db, id=rebuttal_id, limit=1)
    if not found:
        raise UsageError(f"no rebuttal {rebuttal_id!r}: `kb rebut list` shows them")
    if found[0]["state"] != "active":
        raise UsageError(f"rebuttal {rebuttal_id} is {found[0]['state']} already")
    now = dt.datetime.now(dt.UTC)
    db.in_write_transaction(lambda run_: run_(*mark_undone(id=rebuttal_id, at=now)))
    return {**found[0], "state": "undone", "undone_at": now}
