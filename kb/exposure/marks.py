"""Write a regime's determinations to the graph, for Bloom and Cypher: a label per status
(``BisCaught``…) and ``<regime>_status``, ``_pct_min``, ``_pct_max``, ``_listed_owners`` on each
Entity, plus a ``(:Derivation {regime})`` node saying which date and profile they hold for.

Labels come from :data:`kb.schema.EXPOSURE_LABELS`, never from input. The old marks of the regime
are removed in the same transaction the new ones are set in: a reader never sees a mix.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from kb.db import Database
from kb.exposure import engine
from kb.exposure.model import Determination
from kb.exposure.profiles import Profile, load
from kb.schema import EXPOSURE_LABELS, REGIMES, STATUSES

_DERIVATION = """
MERGE (d:Derivation {regime: $regime})
SET d.as_of = $as_of, d.at = datetime(), d.profile_version = $version, d.profile_path = $path,
    d.listed = $counts.listed, d.caught = $counts.caught, d.possible = $counts.possible
"""


def _props(regime: str) -> tuple[str, ...]:
    return tuple(f"{regime}_{name}" for name in ("status", "pct_min", "pct_max", "listed_owners"))


def write(db: Database, profile: Profile, as_of: dt.date, found: dict[str, Determination]) -> dict[str, int]:
    regime = profile.name
    if regime not in REGIMES:
        raise ValueError(f"no labels for regime {regime!r}")
    labels = [EXPOSURE_LABELS[(regime, status)] for status in STATUSES]
    status, pct_min, pct_max, owners = _props(regime)
    statements: list[tuple[str, dict[str, Any]]] = [
        (
            f"MATCH (e:{label}) REMOVE e:{label} SET e.{status} = null, e.{pct_min} = null, "
            f"e.{pct_max} = null, e.{owners} = null",
            {},
        )
        for label in labels
    ]
    counts = dict.fromkeys(STATUSES, 0)
    for state in STATUSES:
        rows = [
            {"id": d.entity, "pct_min": d.pct_min, "pct_max": d.pct_max, "owners": list(d.listed_owners)}
            for d in found.values()
            if d.status == state
        ]
        counts[state] = len(rows)
        statements.append(
            (
                f"UNWIND $rows AS row MATCH (e:Entity {{id: row.id}}) "
                f"SET e:{EXPOSURE_LABELS[(regime, state)]}, "
                f"e.{status} = $state, e.{pct_min} = row.pct_min, e.{pct_max} = row.pct_max, "
                f"e.{owners} = row.owners",
                {"rows": rows, "state": state},
            )
        )
    params = {
        "regime": regime,
        "as_of": as_of,
        "version": profile.version,
        "path": profile.path,
        "counts": counts,
    }
    statements.append((_DERIVATION, params))
    db.write_together(statements)
    return counts


def refresh(db: Database) -> list[tuple[str, dt.date, dict[str, int]]]:
    """Redo the marks of every regime ``kb derive`` has marked, for the date it marked them: a
    load changed the facts under them."""
    dates: dict[dt.date, list[Profile]] = {}
    for row in engine.derivations(db):
        dates.setdefault(row["as_of"].to_native(), []).append(load(row["regime"]))
    done = []
    for on, profiles in sorted(dates.items()):
        found = engine.derive_all(db, profiles, on)
        done += [(p.name, on, write(db, p, on, found[p.name])) for p in profiles]
    return done
