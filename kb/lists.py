"""The restricted-party lists kb knows, as data: code, name, authority, jurisdiction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class ListInfo:
    code: str
    name: str
    authority: str
    jurisdiction: str


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
