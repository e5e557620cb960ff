"""Write a regime's determinations to the graph, for Bloom and Cypher: a label per status
(``BisCaught``…) and ``<regime>_status``, ``_pct_min``, ``_pct_max``, ``_listed_owners`` on each
Entity, plus a ``(:Derivation {regime})`` node saying which date and profile they hold for.

The regime's interests in property through a trust (:func:`kb.exposure.fixpoint.interests`, ofac)
are marks too: ``:OfacInterest`` and ``ofac_interest`` (the trust) on each entity flagged, so that
``kb exposure`` on fresh marks climbs through a holder flagged but not caught (holders.cypher).

Labels come from :data:`kb.schema.EXPOSURE_LABELS` and :data:`kb.schema.INTEREST_LABELS`, never
from input. Only the marks that change
are written, in one transaction that also clears the marks no longer due: a reader never sees a
mix of two derives.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from kb.db import Database, Run
from kb.exposure import engine
from kb.exposure.fixpoint import Interest
from kb.exposure.model import Determination
from kb.exposure.profiles import Profile, load
from kb.queries import Statement, statement, wrapper
from kb.schema import EXPOSURE_LABELS, INTEREST_LABELS, REGIMES, STATUSES

# status (None: flagged only), pct_min, pct_max, owners, the trust of an interest in property
Mark = tuple[str | None, float | None, float | None, tuple[str, ...], str | None]


def _props(regime: str) -> tuple[str, ...]:
    return tuple(f"{regime}_{name}" for name in ("status", "pct_min", "pct_max", "listed_owners", "interest"))


def write(
    db: Database,
    profile: Profile,
    as_of: dt.date,
    found: dict[str, Determination],
    interests: Mapping[str, Interest] | None = None,
) -> dict[str, int]:
    """Make the regime's marks those of ``found`` and ``interests``, touching only the entities
    whose mark changes (after a scheduled load, a few): read, compare and write in one transaction,
    which first locks the regime's Derivation node so that two derives of one regime cannot
    interleave."""
    regime = profile.name
    if regime not in REGIMES:
        raise ValueError(f"no labels for regime {regime!r}")
    trusts = {entity: interest.trust for entity, interest in (interests or {}).items()}
    wanted: dict[str, Mark] = {
        d.entity: (d.status, d.pct_min, d.pct_max, tuple(d.listed_owners), trusts.get(d.entity))
        for d in found.values()
    }
    for entity, trust in trusts.items():
        wanted.setdefault(entity, (None, None, None, (), trust))
    counts = {state: sum(1 for mark in wanted.values() if mark[0] == state) for state in STATUSES}
    derivation = write_derivation(
        regime=regime, as_of=as_of, version=profile.version, path=profile.path, digest=profile.digest,
        counts=counts,
    )  # fmt: skip

    def work(run: Run) -> None:
        run(*lock_derivation(regime=regime))
        current = {row[0]: _mark(row) for row in run(_read(regime), {})[0]["marks"]}
        gone = sorted(set(current) - set(wanted))
        changed = {e: mark for e, mark in wanted.items() if current.get(e) != mark}
        for query, parameters in _statements(regime, gone, changed):
            if parameters["rows"]:
                run(query, parameters)
        run(*derivation)

    db.in_write_transaction(work)
    return counts


@wrapper("marks/lock_derivation")
def lock_derivation(*, regime: str) -> Statement:
    return statement("marks/lock_derivation", regime=regime)


@wrapper("marks/write_derivation")
def write_derivation(
    *, regime: str, as_of: dt.date, version: str, path: str, digest: str, counts: dict[str, Any]
) -> Statement:
    return statement(
        "marks/write_derivation", regime=regime, as_of=as_of, version=version, path=path, digest=digest,
        counts=counts,
    )  # fmt: skip


# The statements below name labels (BisCaught…) and properties (bis_status…) that vary by regime:
# a label cannot be a $parameter in a MATCH on Neo4j 5.26, so they are built here from the closed
# sets of kb.schema, never from input; their values still travel as $parameters.
def _read(regime: str) -> str:
    status, pct_min, pct_max, owners, interest = _props(regime)
    labels = "|".join([*(EXPOSURE_LABELS[(regime, state)] for state in STATUSES), INTEREST_LABELS[regime]])
    return (  # one row of lists: far cheaper to decode than a record per entity
        f"MATCH (e:{labels}) "
        f"RETURN collect([e.id, e.{status}, e.{pct_min}, e.{pct_max}, e.{owners}, e.{interest}]) AS marks"
    )


def _mark(row: list[Any]) -> Mark:
    return row[1], row[2], row[3], tuple(row[4] or ()), row[5]


def _statements(regime: str, gone: list[str], changed: dict[str, Mark]) -> list[tuple[str, dict[str, Any]]]:
    """Clear the marks of ``gone``; set those of ``changed`` (labels come from the schema's
    closed set, never from input): first the status, which clears any interest, then the
    interest label of the entities flagged."""
    status, pct_min, pct_max, owners, interest = _props(regime)
    flag = INTEREST_LABELS[regime]
    every = "".join(f":{EXPOSURE_LABELS[(regime, state)]}" for state in STATUSES) + f":{flag}"
    clear = (
        f"REMOVE e{every} SET e.{status} = null, e.{pct_min} = null, e.{pct_max} = null, e.{owners} = null, "
        f"e.{interest} = row.interest"
    )
    unmarked = [{"id": e, "interest": None} for e in gone]  # no status, flagged or not
    unmarked += [{"id": e, "interest": mark[4]} for e, mark in sorted(changed.items()) if mark[0] is None]
    statements: list[tuple[str, dict[str, Any]]] = [
        (f"UNWIND $rows AS row MATCH (e:Entity {{id: row.id}}) {clear}", {"rows": unmarked})
    ]
    for state in STATUSES:
        rows = [
            {"id": e, "pct_min": lo, "pct_max": hi, "owners": list(who), "interest": trust}
            for e, (s, lo, hi, who, trust) in sorted(changed.items())
            if s == state
        ]
        statements.append(
            (
                f"UNWIND $rows AS row MATCH (e:Entity {{id: row.id}}) REMOVE e{every} "
                f"SET e:{EXPOSURE_LABELS[(regime, state)]}, e.{status} = $state, "
                f"e.{pct_min} = row.pct_min, e.{pct_max} = row.pct_max, e.{owners} = row.owners, "
                f"e.{interest} = row.interest",
                {"rows": rows, "state": state},
            )
        )
    flagged = [e for e, mark in sorted(changed.items()) if mark[4] is not None]
    statements.append((f"UNWIND $rows AS id MATCH (e:Entity {{id: id}}) SET e:{flag}", {"rows": flagged}))
    return statements


def refresh(db: Database) -> list[tuple[str, dt.date, dict[str, int]]]:
    """Redo the marks of every regime ``kb derive`` has marked, for the date it marked them: a
    load changed the facts under them."""
    dates: dict[dt.date, list[Profile]] = {}
    for row in engine.derivations(db):
        dates.setdefault(row["as_of"].to_native(), []).append(load(row["regime"]))
    done = []
    for on, profiles in sorted(dates.items()):
        flagged: dict[str, dict[str, Interest]] = {}
        found = engine.derive_all(db, profiles, on, flagged)
        done += [(p.name, on, write(db, p, on, found[p.name], flagged[p.name])) for p in profiles]
    return done
