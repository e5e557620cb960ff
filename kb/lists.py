"""The restricted-party lists kb knows, as data: code, name, authority, jurisdiction."""

from __future__ import annotations

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
    )
}
