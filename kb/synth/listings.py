"""Listings of the synthetic bundle: which lists a listed party is on, with programs, citations,
licence terms and dates shaped like the real lists' (the citations are examples, not real entries).
"""

from __future__ import annotations

import datetime as dt
import random

from kb.synth.stakes import Row

# Lists a listed group parent is on, by home country (one profile is drawn per listed party).
PROFILES: dict[str, tuple[tuple[str, ...], ...]] = {
    "CN": (("EL",), ("EL",), ("EL", "MEU"), ("1260H", "CMIC"), ("EL", "1260H", "CMIC"), ("SDN",)),
    "HK": (("EL",), ("SDN",), ("EL", "SDN")),
    "RU": (("SDN", "EU", "UK"), ("SDN",), ("EL", "SDN", "EU", "UK"), ("EU", "UK"), ("EL",)),
    "BY": (("SDN", "EU", "UK"), ("EU",)),
    "IR": (("SDN", "EU", "UK"), ("SDN",), ("SDN", "UK")),
    "KP": (("SDN", "EU", "UK"),),
}
OTHER_PROFILES: tuple[tuple[str, ...], ...] = (("SDN",), ("EL",), ("SDN", "UK"), ("EU",))
PERSON_PROFILES: tuple[tuple[str, ...], ...] = (("SDN",), ("SDN", "EU", "UK"), ("EU", "UK"), ("UK",))

# (start date, citation) pairs per list: the day a tranche took effect and its publication.
TRANCHES: dict[str, tuple[tuple[str, str], ...]] = {
    "EL": (("2019-05-16", "84 FR 22961"), ("2020-08-17", "85 FR 51596"), ("2020-12-18", "85 FR 83416"),
           ("2021-04-08", "86 FR 18437"), ("2022-02-14", "87 FR 8180"), ("2023-03-02", "88 FR 13673"),
           ("2024-05-09", "89 FR 40361"), ("2025-03-25", "90 FR 14046")),
    "MEU": (("2020-12-23", "85 FR 83793"), ("2021-11-26", "86 FR 67323"), ("2023-02-14", "88 FR 9389")),
    "SDN": (("2018-04-06", "E.O. 13662"), ("2020-08-07", "E.O. 13936"), ("2022-02-24", "E.O. 14024"),
            ("2022-04-06", "E.O. 14024"), ("2023-05-19", "E.O. 14024"), ("2019-09-20", "E.O. 13224")),
    "1260H": (("2021-06-03", "DoD Section 1260H list (2021-06-03)"),
              ("2022-10-05", "DoD Section 1260H list (2022-10-05)"),
              ("2024-01-31", "DoD Section 1260H list (2024-01-31)"),
              ("2025-01-07", "DoD Section 1260H list (2025-01-07)")),
    "CMIC": (("2021-06-03", "E.O. 14032"), ("2021-12-16", "E.O. 14032")),
    "EU": (("2022-02-25", "Council Regulation (EU) No 269/2014"),
           ("2022-03-15", "Council Regulation (EU) 2022/427"),
           ("2023-02-25", "Council Regulation (EU) 2023/429")),
    "UK": (("2022-03-15", "The Russia (Sanctions) (EU Exit) Regulations 2019"),
           ("2022-05-04", "The Russia (Sanctions) (EU Exit) Regulations 2019")),
}  # fmt: skip
IRAN_TRANCHES: dict[str, tuple[str, str]] = {
    "EU": ("2012-03-23", "Council Regulation (EU) No 267/2012"),
    "UK": ("2020-12-31", "The Iran (Sanctions) (Nuclear) (EU Exit) Regulations 2019"),
}
SDN_PROGRAMS: dict[str, tuple[str, ...]] = {
    "RU": ("RUSSIA-EO14024", "UKRAINE-EO13660", "UKRAINE-EO13662", "CYBER2"),
    "BY": ("BELARUS-EO14038",), "IR": ("IRAN", "IFSR", "NPWMD", "SDGT", "IRGC"), "KP": ("DPRK3", "NPWMD"),
    "CN": ("HK-EO13936", "NPWMD", "IFSR"), "HK": ("HK-EO13936", "IFSR"),
}  # fmt: skip
OTHER_SDN_PROGRAMS = ("SDGT", "GLOMAG", "SDNTK", "NPWMD")
REGIME: dict[str, tuple[str, ...]] = {"IR": ("IRAN",), "BY": ("BELARUS",), "KP": ("DPRK",)}
SOURCES = {"EL": "bis-el", "MEU": "bis-meu", "SDN": "ofac-sdn", "1260H": "dod-1260h", "CMIC": "ofac-cmic",
           "EU": "eu-fsf", "UK": "uk-ofsi"}  # fmt: skip
EL_REQUIREMENT = "For all items subject to the EAR. (See §744.11 of the EAR)."
EL_POLICIES = (
    "Presumption of denial.",
    "Case-by-case review for items necessary to detect, identify and treat infectious disease; "
    "presumption of denial for all other items subject to the EAR.",
)
MEU_REQUIREMENT = "For items subject to the EAR listed in supplement no. 2 to part 744."


def profile(rng: random.Random, where: str, kind: str) -> tuple[str, ...]:
    if kind == "person":
        return rng.choice(PERSON_PROFILES)
    return rng.choice(PROFILES.get(where, OTHER_PROFILES))


def rows(rng: random.Random, entity_id: str, where: str, lists: tuple[str, ...]) -> list[Row]:
    """One listing row per list: entity_id, list, programs, start_date, end_date, citation,
    license_requirement, license_policy, source."""
    out: list[Row] = []
    for code in lists:
        start, citation = rng.choice(TRANCHES[code])
        if where == "IR" and code in IRAN_TRANCHES:
            start, citation = IRAN_TRANCHES[code]
        end = ""
        if rng.random() < 0.03:  # delisted later
            end = (dt.date.fromisoformat(start) + dt.timedelta(days=rng.randrange(200, 1500))).isoformat()
        requirement = policy = programs = ""
        if code == "EL":
            requirement, policy = EL_REQUIREMENT, rng.choice(EL_POLICIES)
        elif code == "MEU":
            requirement, policy = MEU_REQUIREMENT, "Presumption of denial."
        elif code == "SDN":
            choices = SDN_PROGRAMS.get(where, OTHER_SDN_PROGRAMS)
            programs = "|".join(rng.sample(choices, k=min(len(choices), rng.choice((1, 1, 2)))))
        elif code == "CMIC":
            programs = "CMIC-EO13959"
        elif code in ("EU", "UK"):
            programs = rng.choice(REGIME.get(where, ("RUSSIA",)))
        out.append([entity_id, code, programs, start, end, citation, requirement, policy, SOURCES[code]])
    return out
