"""BODS interests as kb facts: shareholding and voting rights are stakes, board appointment and
other influence are controls, board and senior-management roles are officers, a settlor's, trustee's,
protector's or beneficiary's interest in an arrangement is a trust role."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kb.loaders import fields as f
from kb.loaders.dataset import (
    ControlRecord,
    Dataset,
    OfficerRecord,
    StakeRecord,
    TrustRoleRecord,
    Unique,
    later_end,
)
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
# Trust roles, by their 0.2 codes (`settlor-of-trust`...) and 0.3/0.4 codes (`settlor`...).
ROLE_INTERESTS = {
    "settlor-of-trust": "settlor", "trustee-of-trust": "trustee", "protector-of-trust": "protector",
    "beneficiary-of-trust": "beneficiary",
    "settlor": "settlor", "trustee": "trustee", "protector": "protector",
    "beneficiary-of-legal-arrangement": "beneficiary",
}  # fmt: skip
# A right to an arrangement's assets or their fruits: the `benefit` power of the party's trust roles.
BENEFITS = (
    "enjoyment-and-use-of-assets", "rights-to-surplus-assets-on-dissolution",
    "right-to-profit-or-income-from-assets",
)  # fmt: skip
ARRANGEMENT = "arrangement"  # the BODS entity type of a trust (and other legal arrangements)
# Interest types with no kb fact (contract or profit rights, unknown...): an issue each.


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


class Trusts:
    """Which parties are arrangements (trusts), and the benefit interests parties hold in them: BODS
    gives no trust powers but these, so they become the `benefit` power of the party's trust roles."""

    def __init__(self) -> None:
        self.types: dict[str, str] = {}  # record id -> BODS entity or person type
        self.benefits: dict[tuple[str, str], list[tuple[str, int, str]]] = {}  # (party, trust) -> where

    def is_arrangement(self, record_id: str) -> bool | None:
        """None when the party is not in these files (a trust role then says it is a trust)."""
        found = self.types.get(record_id)
        return None if found is None else found == ARRANGEMENT

    def benefit(self, st: Statement, kind: str, end: dt.date | None, owner: str, owned: str) -> None:
        if self.is_arrangement(owned) is not True:
            raise Skip("interests.type", kind, "interest type has no kb equivalent: left out")
        if end is not None:
            raise Skip("interests.type", kind, "an ended benefit from an arrangement: left out")
        self.benefits.setdefault((owner, owned), []).append((st.file, st.row, kind))

    def finish(self, ds: Dataset) -> None:
        """``benefit`` on the trust roles of each party with a benefit; a benefit without a role: an issue."""
        for role in ds.trust_roles:
            if (role["party_id"], role["trust_id"]) in self.benefits and "benefit" not in role["powers"]:
                role["powers"] = [*role["powers"], "benefit"]
        with_role = {(r["party_id"], r["trust_id"]) for r in ds.trust_roles}
        for pair, places in self.benefits.items():
            if pair not in with_role:
                for file, row, kind in places:
                    reason = "a benefit without a trust role: left out"
                    ds.issues.add(file, row, "interests.type", kind, reason)


def _trust_role(
    ds: Dataset, unique: Unique, st: Statement, interest: JsonObject, owner: str, owned: str, trusts: Trusts
) -> None:
    kind = kebab(interest["type"])
    if trusts.is_arrangement(owned) is False:
        raise Skip("interests.type", kind, "a trust role in a party that is not an arrangement: left out")
    if _level(interest) == "indirect":
        raise Skip("interests.type", kind, "an indirect trust role is not a role in the trust: left out")
    role, (start, end) = ROLE_INTERESTS[kind], _dates(st, interest)
    record: TrustRoleRecord = {
        "party_id": owner, "trust_id": owned, "role": role, "powers": [], "start_date": start,
        "end_date": end, "source": ds.source.name, "row": st.row,
    }  # fmt: skip
    where = (st.file, st.row, "interests.type", kind)
    unique.add(ds.trust_roles, record, ("trust_role", owner, owned, role, start), where, later_end)


def _fact(
    ds: Dataset, unique: Unique, st: Statement, interest: JsonObject, owner: str, owned: str, trusts: Trusts
) -> None:
    kind = kebab(interest["type"]) if isinstance(interest.get("type"), str) else ""
    if kind in ROLE_INTERESTS:
        _trust_role(ds, unique, st, interest, owner, owned, trusts)
        return
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
    elif kind in BENEFITS:
        trusts.benefit(st, kind, end, owner, owned)
    elif kind:
        raise Skip("interests.type", kind, "interest type has no kb equivalent: left out")
    else:
        raise Skip("interests.type", interest.get("type"), "interest without a type: left out")


def facts(ds: Dataset, unique: Unique, st: Statement, owner: str, owned: str, trusts: Trusts) -> None:
    """Every interest of a relationship statement; a bad interest is an issue, the others still load."""
    interests = st.details.get("interests")
    if not isinstance(interests, list) or not interests:
        ds.issues.add(st.file, st.row, "interests", None, "a relationship without interests: left out")
        return
    for interest in interests:
        try:
            if not isinstance(interest, dict):
                raise Skip("interests", interest, "an interest must be an object")
            _fact(ds, unique, st, interest, owner, owned, trusts)
        except Skip as skip:
            ds.issues.add(st.file, st.row, skip.field, skip.value, skip.reason)
