"""The resolution decisions a screening answer relies on, named as ``kb exposure`` names them: the
active accepted merges (``kb resolve accept``) of each matched or candidate Entity itself, and,
per regime, those on the chain of owners that catches it and on its listed owners.

The marks of ``kb derive`` hold an entity's status and listed owners, not the chain, so the chain
of an entity caught or possibly caught is read by the engine (``reports.exposure``), and only when
some merge is active at all: a graph without merges pays one read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from kb.db import Database
from kb.exposure import reports
from kb.exposure.lookup import Found
from kb.exposure.profiles import Profile

Decisions = list[dict[str, Any]]
CAUGHT = ("caught", "possible")


def relied_on(
    db: Database,
    ids: Iterable[str],
    answers: Mapping[str, Mapping[str, Mapping[str, Any]]],
    profiles: list[Profile],
    on: dt.date,
) -> dict[str, dict[str, Any]]:
    """entity -> {"own": decisions, "regimes": {regime: decisions}} for the Entities ``ids``, whose
    exposure per regime is ``answers``; empty when no merge is active."""
    wanted = sorted(set(ids))
    if not wanted or not reports.any_merge(db):
        return {}
    own = reports.resolutions(db, ids=wanted)
    exposed = [e for e in wanted if any(a.get("status") in CAUGHT for a in answers.get(e, {}).values())]
    names = reports.entity_names(db, ids=exposed) if exposed else {}
    chains: dict[str, dict[str, Decisions]] = {}
    for entity in exposed:
        info = names.get(entity, {})
        found = Found(entity, info.get("name") or entity, info.get("country"), None)
        chains[entity] = reports.decisions_in(reports.exposure(db, found, profiles, on).report)
    return {e: {"own": own.get(e, []), "regimes": chains.get(e, {})} for e in wanted}
