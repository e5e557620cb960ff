"""What-if for additions while the marks of ``kb derive`` are fresh: from the added parties
down, only through entities whose status changes.

Listing more parties only ever adds to the caught and possible sets, and an entity's status can
change only if the added party holds it or a holder's status changed. So the entities to judge
are the added parties and everything a changed entity holds; each is judged over its marked
owners (read upwards, as ``kb exposure`` does) and the entities judged so far, and the marks give
the status before. The set grows until a round changes nothing new. US entities, which pass
stakes on under bis without a mark, are always followed down.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from kb.db import Database
from kb.exposure import engine, fixpoint
from kb.exposure.model import Determination, Link, Listing, Subgraph, link_from_row, target_of
from kb.exposure.profiles import Profile
from kb.queries import run, wrapper

Change = tuple[str, str, str, Determination | None]  # regime, entity, before, after


@wrapper("exposure/statuses")
def statuses(db: Database, *, ids: list[str]) -> dict[str, dict[str, Any]]:
    return {row["id"]: row for row in run(db, "exposure/statuses", ids=ids)[0]["entities"]}


class _Judged:
    """The entities judged so far, their marked owners above them, and the links among them."""

    def __init__(self, db: Database, as_of: dt.date, profiles: list[Profile]) -> None:
        self.db, self.as_of = db, as_of
        self.up = engine.Upstream(
            "", Subgraph(rebutted=engine.rebutted(db, profiles, as_of)), marked_only=True
        )
        self.links: set[Link] = set()
        self.seen: set[str] = set()  # every entity in the subgraph
        self.judged: set[str] = set()
        self.before: dict[str, dict[str, Any]] = {}

    def take(self, links: list[Link]) -> None:
        for link in links:
            if link not in self.links:
                self.links.add(link)
                self.up.graph.add(link)

    def judge(self, ids: set[str]) -> None:
        """Add ``ids`` and the marked owners above them, layer by layer. An entity already in
        the subgraph had its owners read when it came in (as an owner of another)."""
        new = sorted(ids - self.judged)
        self.judged |= set(new)
        self.before.update(statuses(self.db, ids=new))
        frontier = [e for e in new if e not in self.seen]
        for row in engine.entity_listings(self.db, ids=frontier, as_of=self.as_of):
            self.up.describe(row)
        self.seen |= set(frontier)
        for _ in range(engine.MAX_ROUNDS):
            if not frontier:
                break
            rows = engine.holders(self.db, ids=frontier, as_of=self.as_of, marked_only=True)
            frontier = []
            self.take([link_from_row(row) for row in rows])
            for row in rows:
                if row["owner"] not in self.seen:
                    self.seen.add(row["owner"])
                    frontier.append(row["owner"])
                    self.up.describe(row)
        for node in self.seen:
            self.up.graph.out.setdefault(node, [])


def additions(
    db: Database, profiles: list[Profile], as_of: dt.date, hypothetical: list[Listing]
) -> list[Change]:
    """Every (regime, entity) whose status changes if ``hypothetical`` were listed on ``as_of``."""
    state = _Judged(db, as_of, profiles)
    expanded: set[str] = set()
    frontier = {x.entity for x in hypothetical}
    state.judge(frontier)
    changes: list[Change] = []
    while frontier:
        held = engine.fetch_out(db, frontier, as_of, state.up.graph.country)
        expanded |= frontier
        state.take(held)
        state.judge({target_of(link) for link in held})
        changes = _changes(profiles, as_of, state, hypothetical)
        us = {e for e in state.judged if state.up.graph.country.get(e) == "US"}
        frontier = ({entity for _, entity, _, _ in changes} | us) - expanded
    return changes


def _changes(
    profiles: list[Profile], as_of: dt.date, state: _Judged, hypothetical: list[Listing]
) -> list[Change]:
    found: list[Change] = []
    for profile in profiles:
        seeds = engine.seeds_of(profile, [*state.up.listings, *hypothetical])
        after = fixpoint.determine(profile, as_of, seeds, state.up.graph)
        for entity in sorted(state.judged):
            was = state.before.get(entity, {}).get(profile.name) or "clear"
            new = after.get(entity)
            if was != (new.status if new else "clear"):
                found.append((profile.name, entity, was, new))
    return found
