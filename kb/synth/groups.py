"""The generator behind :func:`kb.synth.synth`: corporate groups, their owners, joint ventures,
control and listings, streamed group by group to the bundle's CSV files.

Only the group being written is held in memory (plus a small pool of companies with spare equity
for mutual holdings), so a million entities need little memory.
"""

from __future__ import annotations

import csv
import math
import random
from collections import Counter
from pathlib import Path
from typing import IO

from kb.loaders.formats.bundle.files import CONTROL, ENTITIES, JVS, LISTINGS, OWNERSHIP
from kb.synth import listings as lists
from kb.synth import vocab
from kb.synth.stakes import WHOLE, Allocator, Row, day, pct

HEADERS: dict[str, list[str]] = {
    ENTITIES.name: [*ENTITIES.columns, "x_group"],  # x_group: id of the group's parent
    OWNERSHIP.name: [*OWNERSHIP.columns, "x_problem"],  # x_problem: pct_sum_over_100 on a deliberate case
    CONTROL.name: list(CONTROL.columns),
    LISTINGS.name: list(LISTINGS.columns),
    JVS.name: list(JVS.columns),
}
PERSON_SHARE = 0.12
GROUP_ALPHA = 1.25  # Pareto tail of group sizes
PARENT_LISTED = 0.01  # share of group parents that are listed (spread evenly, see _parent_listed)
ROOT_OWNERS = (0, 1, 2, 3, 4), (30, 30, 20, 12, 8)
EXTRA_OWNERS = (0, 1, 2, 3), (50, 26, 14, 10)
SUB_LISTED = {"CN": 0.03, "HK": 0.02, "RU": 0.04, "BY": 0.04, "IR": 0.07, "KP": 0.1, "AE": 0.015, "TR": 0.015}
JV_SPLITS: tuple[tuple[int | None, ...], ...] = (
    (5_100, 4_900), (5_000, 5_000), (6_000, 4_000), (7_000, 3_000), (4_900, 5_100), (None, None),
    (5_100, None), (4_000, 3_000, 3_000), (3_400, 3_300, 3_300), (5_000, 2_500, 2_500), (None, None, None),
)  # fmt: skip
JV_PURPOSES = ("semiconductor packaging", "LNG shipping", "satellite components", "telecom equipment",
               "battery materials", "port operations", "aircraft maintenance", "cloud services")  # fmt: skip
OVER_100_SHARE = 0.0005
MUTUAL_SHARE, POOL_SIZE = 0.04, 1_000


class Generator:
    def __init__(self, entities: int, seed: int, out: Path) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
        self.total = entities
        self.persons = round(entities * PERSON_SHARE) if entities >= 10 else 0
        self.companies = 0  # company numbers handed out so far
        self.width = max(7, len(str(entities)))
        self.size_cap = max(50, entities // 100)
        self.allocator = Allocator(self.rng)
        self.counts: Counter[str] = Counter()
        self.pool: list[tuple[str, int]] = []  # (company id, spare hundredths) for mutual holdings
        self.phase = self.rng.random()
        self.groups = 0
        out.mkdir(parents=True, exist_ok=True)
        self.files: dict[str, IO[str]] = {
            name: (out / name).open("w", encoding="utf-8", newline="") for name in HEADERS
        }
        self.out = {name: csv.writer(handle, lineterminator="\n") for name, handle in self.files.items()}
        for name, header in HEADERS.items():
            self.out[name].writerow(header)

    def close(self) -> None:
        for handle in self.files.values():
            handle.close()

    def cid(self, number: int) -> str:
        return f"C{number:0{self.width}d}"

    def pid(self, number: int) -> str:
        return f"P{number:0{self.width}d}"

    def write(self, name: str, rows: list[Row]) -> None:
        self.out[name].writerows(rows)
        self.counts[name] += len(rows)

    def run(self) -> dict[str, int]:
        for number in range(self.persons):
            self._person(number)
        budget = self.total - self.persons
        while self.companies < budget:
            first, size = self.companies, min(self._group_size(), budget - self.companies)
            self._group(size)
            if self.companies < budget and self.rng.random() < min(0.6, 0.04 + 0.01 * size):
                self._joint_venture(first, size)
        return self._report()

    def _report(self) -> dict[str, int]:
        counts = self.counts
        return {
            "entities": counts[ENTITIES.name], "persons": self.persons, "companies": self.companies,
            "groups": self.groups, "ownership_rows": counts[OWNERSHIP.name], "jv_rows": counts[JVS.name],
            "control_rows": counts[CONTROL.name], "listing_rows": counts[LISTINGS.name],
            "joint_ventures": counts["joint_ventures"], "listed_parents": counts["listed_parents"],
            "cycles": counts["cycles"], "mutual_holdings": counts["mutual"],
            "max_group_size": counts["max_group_size"], "max_depth": counts["max_depth"],
            **{key: self.allocator.counts[key] for key in
               ("ranges", "unknown_pct", "history", "voting", "exited", "over_100")},
        }  # fmt: skip

    def _group_size(self) -> int:
        return min(self.size_cap, max(2, int(2 * self.rng.paretovariate(GROUP_ALPHA))))

    def _person(self, number: int) -> None:
        rng = self.rng
        where = vocab.country(rng)
        name, others = vocab.person_name(rng, where)
        pid = self.pid(number)
        self.write(ENTITIES.name, [[pid, name, "person", where, "|".join(others), "", "", "filing", ""]])
        if rng.random() < 0.035:
            self.write(LISTINGS.name, lists.rows(rng, pid, where, lists.profile(rng, where, "person")))

    def _tree(self, size: int) -> tuple[list[int], list[int]]:
        """Parent position and depth of each member: a chain down to the group's depth, the rest
        attached by preferential attachment (heavy-tailed fan-out)."""
        rng = self.rng
        if size == 1:
            return [-1], [0]
        depth_cap = min(8, size - 1, max(1, round(math.log2(size) * rng.uniform(0.7, 1.6))))
        parents, depths, targets = [-1], [0], [0]
        for position in range(1, size):
            parent = position - 1 if position <= depth_cap else rng.choice(targets)
            parents.append(parent)
            depths.append(depths[parent] + 1)
            targets.append(parent)
            if depths[-1] < depth_cap:
                targets.append(position)
        return parents, depths

    def _group(self, size: int) -> None:
        rng = self.rng
        first = self.companies
        self.companies += size
        self.groups += 1
        parents, depths = self._tree(size)
        self.counts["max_group_size"] = max(self.counts["max_group_size"], size)
        self.counts["max_depth"] = max(self.counts["max_depth"], max(depths))
        home = vocab.country(rng)
        stem = vocab.stem(rng, home)
        ids = [self.cid(first + position) for position in range(size)]
        countries = [home] + [vocab.subsidiary_country(rng, home) for _ in range(1, size)]
        rows = [self._company(first + p, ids[0], stem, countries[p], "parent" if p == 0 else "subsidiary")
                for p in range(size)]  # fmt: skip
        self.write(ENTITIES.name, rows)
        self._group_stakes(ids, parents, first)
        self._group_listings(ids, depths, countries)
        self._group_control(ids, parents, countries)

    def _company(self, number: int, group: str, stem: vocab.Stem, where: str, role: str) -> Row:
        rng = self.rng
        name, others = vocab.company_name(rng, stem, where, role)
        identifiers = []
        if rng.random() < (0.12 if role == "parent" else 0.05):
            identifiers.append("LEI:" + vocab.lei(rng, number))
        if where == "CN" and rng.random() < 0.15:
            identifiers.append("USCC:" + vocab.uscc_code(rng, number))
        address = vocab.address(rng, where) if rng.random() < 0.3 else ""
        return [self.cid(number), name, "company", where, "|".join(others), "|".join(identifiers), address,
                f"registry-{where.lower()}", group]  # fmt: skip

    def _earlier_company(self, first: int) -> str | None:
        return self.cid(self.rng.randrange(first)) if first else None

    def _group_stakes(self, ids: list[str], parents: list[int], first: int) -> None:
        rng = self.rng
        rows: list[Row] = []
        root_owners: list[str] = []
        if self.pool and rng.random() < MUTUAL_SHARE:  # ids[0] and an earlier company hold each other
            partner, spare = self.pool.pop(rng.randrange(len(self.pool)))
            root_owners.append(partner)
            share = pct(rng.randint(100, spare))
            rows.append([ids[0], partner, share, "", "", "equity", "", "", "filing", "", ""])
            self.counts["mutual"] += 1
            self.counts["cycles"] += 1
        for _ in range(rng.choices(*ROOT_OWNERS)[0]):
            owner = self._earlier_company(first) if rng.random() < 0.2 else self._person_id()
            if owner is not None and owner not in root_owners:
                root_owners.append(owner)
        if len(ids) > 2 and rng.random() < 0.05:  # a subsidiary holds shares of its own parent
            root_owners.append(ids[rng.randrange(1, len(ids))])
            self.counts["cycles"] += 1
        rows += self.allocator.owned_by(ids[0], root_owners, primary=False)[0]
        for position in range(1, len(ids)):
            owners = [ids[parents[position]]]
            for _ in range(rng.choices(*EXTRA_OWNERS)[0]):
                draw = rng.random()
                owner = (
                    ids[rng.randrange(position)]  # an earlier member: never a descendant, so no cycle
                    if draw < 0.4
                    else self._person_id()
                    if draw < 0.75
                    else self._earlier_company(first)
                )
                if owner is not None and owner not in owners:
                    owners.append(owner)
            stakes, taken, first_stake = self.allocator.owned_by(ids[position], owners, primary=True)
            rows += stakes
            person = self._person_id() if first_stake and rng.random() < OVER_100_SHARE else None
            if person is not None and person not in owners:
                rows.append(self.allocator.over_100_row(person, ids[position], first_stake))
            elif WHOLE - taken >= 300 and rng.random() < 0.05:
                self._offer(ids[position], WHOLE - taken)
        self.write(OWNERSHIP.name, rows)

    def _person_id(self) -> str | None:
        return self.pid(self.rng.randrange(self.persons)) if self.persons else None

    def _offer(self, company: str, spare: int) -> None:
        if len(self.pool) < POOL_SIZE:
            self.pool.append((company, spare))
        else:
            self.pool[self.rng.randrange(POOL_SIZE)] = (company, spare)

    def _parent_listed(self) -> bool:
        """Exactly one parent in 1/PARENT_LISTED, evenly spread from a random phase."""
        g = self.groups - 1
        return math.floor((g + 1) * PARENT_LISTED + self.phase) > math.floor(g * PARENT_LISTED + self.phase)

    def _group_listings(self, ids: list[str], depths: list[int], countries: list[str]) -> None:
        rng = self.rng
        rows: list[Row] = []
        affiliates: tuple[str, ...] = ()
        if self._parent_listed():
            codes = lists.profile(rng, countries[0], "company")
            rows += lists.rows(rng, ids[0], countries[0], codes)
            affiliates = tuple(code for code in codes if code in ("EL", "SDN", "EU", "UK"))
            self.counts["listed_parents"] += 1
        named = 0
        for position in range(1, len(ids)):
            where = countries[position]
            if affiliates and named < 8 and depths[position] <= 2 and rng.random() < 0.25:
                rows += lists.rows(rng, ids[position], where, affiliates)
                named += 1
            elif rng.random() < SUB_LISTED.get(where, 0.003):
                rows += lists.rows(rng, ids[position], where, lists.profile(rng, where, "company")[:1])
        self.write(LISTINGS.name, rows)

    def _group_control(self, ids: list[str], parents: list[int], countries: list[str]) -> None:
        rng = self.rng
        rows: list[Row] = []
        for position in range(1, len(ids)):
            if parents[position] != 0 and rng.random() < 0.02:
                basis = (
                    "vie_contract"
                    if countries[position] == "CN" and rng.random() < 0.5
                    else rng.choice(
                        (
                            "board_appointment",
                            "voting_agreement",
                            "dominant_influence",
                            "consolidation",
                            "other",
                        )
                    )
                )
                start = day(rng.randint(730_000, 739_000)) if rng.random() < 0.3 else ""
                rows.append([ids[0], ids[position], basis, start, "", "annual-report"])
        if self.persons and rng.random() < 0.01:
            rows.append([self._person_id() or "", ids[0], "dominant_influence", "", "", "press"])
        self.write(CONTROL.name, rows)

    def _joint_venture(self, first: int, size: int) -> None:
        """A JV of a member of the group just written (``first``, ``size``) and earlier companies."""
        rng = self.rng
        number = self.companies
        split = rng.choice(tuple(s for s in JV_SPLITS if len(s) <= number))
        partners = [self.cid(first if rng.random() < 0.5 else first + rng.randrange(size))]
        while len(partners) < len(split):
            partner = self.cid(rng.randrange(number))
            if partner not in partners:
                partners.append(partner)
        self.companies += 1
        home = vocab.country(rng)
        a, b = vocab.stem(rng, home), vocab.stem(rng, home)
        joint = vocab.Stem(f"{a.latin}-{b.latin}", a.chinese + b.chinese if a.chinese and b.chinese else None)
        jv = self.cid(number)
        self.write(ENTITIES.name, [self._company(number, "", joint, home, "jv")])
        self.counts["joint_ventures"] += 1
        start = day(rng.randint(730_000, 739_000)) if rng.random() < 0.5 else ""
        end = day(rng.randint(739_100, 739_250)) if start and rng.random() < 0.05 else ""
        purpose = rng.choice(JV_PURPOSES)
        self.write(JVS.name, [[jv, partner, "" if share is None else pct(share), "", "", start, end, purpose,
                               "press"] for partner, share in zip(partners, split, strict=True)])  # fmt: skip
