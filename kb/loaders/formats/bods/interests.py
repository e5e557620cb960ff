"""BODS interests as kb facts: shareholding and voting rights are stakes, board appointment and
other influence are controls, board and senior-management roles are officers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kb.loaders import fields as f
from kb.loaders.dataset import ControlRecord, Dataset, OfficerRecord, StakeRecord, Unique, later_end
from kb.loaders.fields import full_date, kebab
from kb.loaders.formats.bods.parties import Statement
from kb.loaders.read import JsonObject, obj

STAKE_BASES = {"shareholding": "equity", "voting-rights": "voting"}
CONTROL_BASES = {
    "appointment-of-board": "board_appointment",
    "other-influence-or-control": "dominant_influence",
}
OFFICER_ROLES = {
    "senior-managing-official": "senior managing official", "board-member": "board member",
    "board-chair": "board chair",
}  # fmt: skip
# Interest types with no kb fact (trust roles, contract or profit rights, unknown...): an issue each.


class Skip(Exception):
    def __init__(self, field: str, value: Any, reason: str) -> None:
        super().__init__(reason)
        self.field, self.value, self.reason = field, value, reason


def _number(share: JsonObject, *keys: str) -> float | None:
    for key in keys:
        raw = share.get(key)
        if raw is None or isinstance(raw, bool):
            continue
        try:
            return f.percent(str(raw))
        except ValueError as exc:
            raise Skip(f"share.{key}", raw, str(exc)) from None
    return None


def share(interest: JsonObject) -> tuple[float | None, float | None, float | None]:
    """(pct, pct_min, pct_max): an exact share, else a range (exclusive bounds kept as bounds)."""
    raw = interest.get("share")
    if not isinstance(raw, dict):
        return None, None, None
    exact = _number(raw, "exact")
    if exact is not None:
        return exact, None, None
    low, high = _number(raw, "minimum", "exclusiveMinimum"), _number(raw, "maximum", "exclusiveMaximum")
    if low is not None and high is not None and low > high:
        raise Skip("share", raw, "minimum is above maximum")
    return None, low, high


def _dates(st: Statement, interest: JsonObject) -> tuple[dt.date | None, dt.date | None]:
    found: list[dt.date | None] = []
    for key in ("startDate", "endDate"):
        try:
            found.append(full_date(interest.get(key)))
        except ValueError as exc:
            raise Skip(key, interest.get(key), str(exc)) from None
    start, end = found
    if st.closed and end is None:
        end = st.date  # a closed 0.4 relationship ended when it was closed
    if start and end and end < start:
        raise Skip("endDate", interest.get("endDate"), "end date before start date")
    return start, end


def _level(interest: JsonObject) -> str:
    level = interest.get("directOrIndirect", interest.get("interestLevel"))
    return level if level in ("direct", "indirect") else "unknown"


def _fact(ds: Dataset, unique: Unique, st: Statement, interest: JsonObject, owner: str, owned: str) -> None:
    kind = kebab(interest["type"]) if isinstance(interest.get("type"), str) else ""
    level, (start, end) = _level(interest), _dates(st, interest)
    where = (st.file, st.row, "interests.type", kind)
    source, row = ds.source.name, st.row
    if kind in STAKE_BASES:
        pct, low, high = share(interest)
        basis, derived = STAKE_BASES[kind], level != "direct"
        stake: StakeRecord = {
            "owner_id": owner, "owned_id": owned, "pct": pct, "pct_min": low, "pct_max": high, "basis": basis,
            "derived": derived, "start_date": start, "end_date": end, "source": source, "row": row,
        }  # fmt: skip
        unique.add(ds.stakes, stake, ("stake", owner, owned, basis, derived, start), where, later_end)
    elif kind in CONTROL_BASES:
        if level == "indirect":
            raise Skip("interests.type", kind, "an indirect control is not a direct control fact: left out")
        origin = obj(st.statement.get("source")).get("description")
        basis = (
            "consolidation"
            if origin == "GLEIF" and kind == "other-influence-or-control"
            else CONTROL_BASES[kind]
        )
        control: ControlRecord = {
            "controller_id": owner, "controlled_id": owned, "basis": basis, "start_date": start,
            "end_date": end, "source": source, "row": row,
        }  # fmt: skip
        unique.add(ds.controls, control, ("control", owner, owned, basis, start), where, later_end)
    elif kind in OFFICER_ROLES:
        role = OFFICER_ROLES[kind]
        officer: OfficerRecord = {
            "person_id": owner, "entity_id": owned, "role": role, "start_date": start, "end_date": end,
            "source": source, "row": row,
        }  # fmt: skip
        unique.add(ds.officers, officer, ("officer", owner, owned, role, start), where, later_end)
    elif kind:
        raise Skip("interests.type", kind, "interest type has no kb equivalent: left out")
    else:
        raise Skip("interests.type", interest.get("type"), "interest without a type: left out")


def facts(ds: Dataset, unique: Unique, st: Statement, owner: str, owned: str) -> None:
    """Every interest of a relationship statement; a bad interest is an issue, the others still load."""
    interests = st.details.get("interests")
    if not isinstance(interests, list) or not interests:
        ds.issues.add(st.file, st.row, "interests", None, "a relationship without interests: left out")
        return
    for interest in interests:
        try:
            if not isinstance(interest, dict):
                raise Skip("interests", interest, "an interest must be an object")
            _fact(ds, unique, st, interest, owner, owned)
        except Skip as skip:
            ds.issues.add(st.file, st.row, skip.field, skip.value, skip.reason)
