"""The restricted-party lists kb knows, as data: code, name, authority, jurisdiction.

Two kinds: the built-in lists (:data:`LISTS`, bare codes such as ``SDN``) and the lists a source
defines itself, which kb has no code of its own for (an Australian list an OpenSanctions export
carries, say). A source-defined code is ``<namespace>:<the source's own name for the list>``
(``os:au_dfat_sanctions``), the namespace one of :data:`NAMESPACES`: no built-in code holds a
colon, so the two never collide. A regime uses only the lists its profile's ``seeds`` name.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class ListInfo:
    code: str
    name: str
    authority: str | None  # None: the source does not say (built-in lists always do)
    jurisdiction: str | None


_BIS = "US Department of Commerce, Bureau of Industry and Security (BIS)"
_OFAC = "US Department of the Treasury, Office of Foreign Assets Control (OFAC)"
_STATE = "US Department of State"

LISTS: dict[str, ListInfo] = {
    info.code: info
    for info in (
        ListInfo("EL", "Entity List", _BIS, "US"),
        ListInfo("MEU", "Military End-User List", _BIS, "US"),
        ListInfo("UVL", "Unverified List", _BIS, "US"),
        ListInfo("DPL", "Denied Persons List", _BIS, "US"),
        ListInfo("SDN", "Specially Designated Nationals and Blocked Persons List", _OFAC, "US"),
        ListInfo("SSI", "Sectoral Sanctions Identifications List", _OFAC, "US"),
        ListInfo("FSE", "Foreign Sanctions Evaders List", _OFAC, "US"),
        ListInfo("PLC", "Palestinian Legislative Council List", _OFAC, "US"),
        ListInfo("CAP", "Correspondent Account or Payable-Through Account Sanctions List", _OFAC, "US"),
        ListInfo("CMIC", "Non-SDN Chinese Military-Industrial Complex Companies List", _OFAC, "US"),
        ListInfo("MBS", "Non-SDN Menu-Based Sanctions List", _OFAC, "US"),
        ListInfo("ISN", "Nonproliferation Sanctions", _STATE, "US"),
        ListInfo("DTC", "ITAR Debarred", _STATE + ", Directorate of Defense Trade Controls", "US"),
        ListInfo(
            "1237",
            "Communist Chinese Military Companies (Section 1237, FY1999 NDAA)",
            "US Department of Defense",
            "US",
        ),
        ListInfo(
            "1260H",
            "Chinese Military Companies (Section 1260H, FY2021 NDAA)",
            "US Department of Defense",
            "US",
        ),
        ListInfo("EU", "EU Consolidated Financial Sanctions List", "European Union", "EU"),
        ListInfo("UK", "UK Sanctions List", "UK Foreign, Commonwealth & Development Office / OFSI", "GB"),
        ListInfo("UN", "UN Security Council Consolidated List", "United Nations Security Council", "UN"),
    )
}


# namespace -> which lists' codes it holds (docs/loaders/*.md say how each loader names them).
NAMESPACES: dict[str, str] = {
    "os": "an OpenSanctions dataset a FollowTheMoney Sanction belongs to (os:au_dfat_sanctions)",
    "csl": "a Consolidated Screening List source list kb has no code for (csl:561)",
}
_SOURCE_CODE = re.compile(r"^([a-z]+):([A-Za-z0-9][A-Za-z0-9_.-]*)$")


def source_code(namespace: str, name: str) -> str:
    """The code of the list a source calls ``name``; ValueError when it cannot be one."""
    code = f"{namespace}:{name}"
    if problem := code_problem(code):
        raise ValueError(problem)
    return code


def is_source_defined(code: str) -> bool:
    return ":" in code


def given_code(raw: str) -> str:
    """A list code as a user types it: a built-in one in any case (``sdn``), a source's own as is
    (its name is the source's, case and all)."""
    text = raw.strip()
    return text if is_source_defined(text) else text.upper()


def code_problem(code: str) -> str | None:
    """Why ``code`` is no list code (neither built-in nor a well-formed source-defined one); None if it is."""
    if code in LISTS:
        return None
    match = _SOURCE_CODE.match(code)
    if match and match.group(1) in NAMESPACES:
        return None
    if ":" in code:
        return (
            f"{code!r} is not a source-defined list code: <namespace>:<name>, the namespace one of "
            f"{', '.join(NAMESPACES)}, the name letters, digits, '_', '.' or '-'"
        )
    return f"{code!r} is not a kb list code (built-in: {', '.join(LISTS)}; or a source's own, e.g. os:NAME)"


def check_source_lists(lists: Mapping[str, ListInfo]) -> None:
    """A dataset's own lists: each keyed by its code, namespaced, never a built-in; ValueError if not."""
    for code, info in lists.items():
        if code != info.code:
            raise ValueError(f"list {code!r} is described as {info.code!r}")
        if code in LISTS:
            raise ValueError(f"list {code!r} is built in (kb/lists.py): a source cannot redefine it")
        if problem := code_problem(code):
            raise ValueError(problem)
        if not info.name.strip():
            raise ValueError(f"list {code!r} has no name")


@dataclass(frozen=True)
class Withdrawn:
    """A document posted as an edition of a list and withdrawn before it was published: not a list.

    ``until`` is the next edition actually published; loaders read a listing that starts in
    [posted, until) as coming from the withdrawn document (rejected), and one that ends there as
    ending at ``until`` at the earliest (nothing published removed it before)."""

    list: str
    posted: dt.date
    until: dt.date
    why: str


WITHDRAWN: tuple[Withdrawn, ...] = (
    Withdrawn(
        "1260H",
        dt.date(2026, 2, 13),
        dt.date(2026, 6, 8),
        "the expanded 1260H list placed on public inspection at the Federal Register on 2026-02-13 was "
        "withdrawn at DoD's request the same day and never published; the next edition is DoD's of "
        "2026-06-08 (91 FR 35189, 2026-06-10)",
    ),
)
