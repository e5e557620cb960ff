"""The reports analysts ask for, built on the engine: one entity's exposure under each regime,
the loophole report (affiliates), what changes if a party is listed or delisted (what-if), what
changed between two dates (diff), and joint ventures with listed partners (jv-exposure)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kb.db import Database
from kb.errors import UsageError
from kb.exposure import engine, fixpoint, listings, render, whatif
from kb.exposure.lookup import Found
from kb.exposure.model import Determination, Link, Listing
from kb.exposure.profiles import Profile
from kb.queries import run, wrapper


@wrapper("exposure/entity_names")
def entity_names(db: Database, *, ids: list[str]) -> dict[str, dict[str, Any]]:
    rows = run(db, "exposure/entity_names", ids=ids)[0]["entities"]
    return {row["id"]: row for row in rows}


@wrapper("exposure/joint_ventures")
def joint_ventures(db: Database, *, id: str, depth: int, as_of: dt.date) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = run(db, "exposure/joint_ventures", id=id, depth=depth, as_of=as_of)
    return rows


@wrapper("exposure/resolutions")
def resolutions(db: Database, *, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Entity id -> the accepted merges it rests on, as {id, decision, by, at, why}."""
    found: dict[str, list[dict[str, Any]]] = {}
    for row in run(db, "exposure/resolutions", ids=ids):
        entity = row.pop("entity")
        found.setdefault(entity, []).append({**row, "at": render.datetime_text(row["at"])})
    return found


def _name_resolutions(db: Database, report: dict[str, Any]) -> None:
    """Adds ``resolutions`` to the subject, chain links and listed owners that a merge made."""
    parts: list[dict[str, Any]] = []
    for row in report["regimes"]:
        parts += [row, *row.get("chain", []), *row.get("listed_owners", [])]
    ids = sorted({str(part["id"]) for part in parts if part.get("id")} | {report["entity"]["id"]})
    merged = resolutions(db, ids=ids)
    if not merged:
        return
    for part in [report["entity"], *parts]:
        if part.get("id") in merged:
            part["resolutions"] = merged[part["id"]]


@wrapper("exposure/any_merge")
def any_merge(db: Database) -> bool:
    return bool(run(db, "exposure/any_merge")[0]["merged"])


def decisions_in(report: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Per regime, the merges an exposure report names on its chain and listed owners (not on the
    subject itself), each as ``{entity, id, decision, by, at, why}``, once."""
    found: dict[str, list[dict[str, Any]]] = {}
    for row in report["regimes"]:
        named: dict[str, dict[str, Any]] = {}
        for part in [*row.get("chain", []), *row.get("listed_owners", [])]:
            for decision in part.get("resolutions", []):
                named.setdefault(decision["id"], {"entity": part["id"], **decision})
        found[row["regime"]] = sorted(named.values(), key=lambda d: (d["entity"], d["at"], d["id"]))
    return found


def name_decisions(
    db: Database, rows: list[dict[str, Any]], chains: dict[tuple[str, str], list[str]] | None = None
) -> None:
    """Adds ``resolutions`` to each row of a flat report (``id``, ``regime``, ``listed_owners``): the
    active accepted merges of its entity, its listed owners and the owners on its chain
    (``chains[(id, regime)]``), as ``{entity, id, decision, by, at, why}``."""
    wanted = [
        {row["id"], *row.get("listed_owners", []), *(chains or {}).get((row["id"], row["regime"]), [])}
        for row in rows
    ]
    ids = sorted(set().union(*wanted)) if wanted else []
    merged = resolutions(db, ids=ids) if ids else {}
    for row, entities in zip(rows, wanted, strict=True):
        row["resolutions"] = [{"entity": e, **d} for e in sorted(entities) for d in merged.get(e, [])]


@dataclass(frozen=True)
class Exposure:
    """``kb exposure``'s answer: ``report`` in its JSON shape (docs/cli.md), and ``upstream``, what the
    engine read above the entity, from which a picture of the report is drawn."""

    report: dict[str, Any]
    upstream: engine.Upstream


def exposure(db: Database, entity: Found, profiles: list[Profile], on: dt.date) -> Exposure:
    """Per regime: listed, caught, possibly caught or clear, with the evidence and the chain of owners."""
    result = engine.exposure(db, entity.id, profiles, on)
    names = result["upstream"].names
    rows = [
        render.regime(
            p, on, result["regimes"][p.name]["determination"], result["regimes"][p.name]["chain"], names,
            result["regimes"][p.name]["rebuttals"], result["regimes"][p.name]["interest"],
        )
        for p in profiles
    ]  # fmt: skip
    flags = [f"stakes_over_100:{basis}" for basis in result["over_100"]]
    flags += [f"interest_in_property:{row['regime']}" for row in rows if row["interest_in_property"]]
    report = {
        "entity": {"id": entity.id, "name": entity.name, "country": entity.country},
        "as_of": on.isoformat(), "flags": flags, "regimes": rows,
    }  # fmt: skip
    _name_listings(db, report, on)
    _name_resolutions(db, report)
    return Exposure(report, result["upstream"])


def _name_listings(db: Database, report: dict[str, Any], on: dt.date) -> None:
    """Adds ``listings`` (every list, whatever regime seeds from it) to the subject and to each
    listed owner a regime or its chain names: one read."""
    owners = [o for row in report["regimes"] for item in [row, *row.get("chain", [])]
              for o in item.get("listed_owners", [])]  # fmt: skip
    found = listings.read(db, [report["entity"]["id"], *(o["id"] for o in owners)], on)
    report["entity"]["listings"] = found.get(report["entity"]["id"], [])
    for owner in owners:
        owner["listings"] = found.get(owner["id"], [])


def portfolio(path: Path) -> set[str]:
    """The entity ids of a portfolio file: one per line, or the first column of a CSV with an ``id``
    header; blank lines and lines starting with # are skipped."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"--portfolio {path}: {exc}") from None
    ids = {line.split(",")[0].strip() for line in lines if line.strip() and not line.startswith("#")}
    return ids - {"id"}


def affiliates(
    db: Database, profiles: list[Profile], as_of: dt.date, of: str | None = None, list_code: str | None = None
) -> list[dict[str, Any]]:
    """Entities caught or possibly caught that are not themselves seeds of that regime."""
    rows: list[dict[str, Any]] = []
    chains: dict[tuple[str, str], list[str]] = {}
    for found in engine.derive_all(db, profiles, as_of).values():
        for d in found.values():
            if d.status == "listed" or (of is not None and of not in d.listed_owners):
                continue
            if list_code is not None and not any(x.list == list_code for x in d.listings):
                continue
            rows.append(_row(d))
            chains[(d.entity, d.regime)] = [c.entity for c in engine.chain(found, d.entity)]
    _name(db, rows)
    _list(db, rows, as_of)
    name_decisions(db, rows, chains)
    order = {"caught": 0, "possible": 1}
    return sorted(rows, key=lambda r: (r["regime"], order[r["status"]], -(r["aggregate_pct"] or 0), r["id"]))


def _row(d: Determination) -> dict[str, Any]:
    return {
        "id": d.entity, "regime": d.regime, "status": d.status,
        "aggregate_pct": d.pct_min if d.status == "caught" else d.pct_max,
        "pct_min": d.pct_min, "pct_max": d.pct_max, "basis": d.basis, "via_control": d.via_control,
        "listed_owners": list(d.listed_owners), "lists": sorted({x.list for x in d.listings}),
        "license_requirements": list(d.license_requirements), "license_policies": list(d.license_policies),
    }  # fmt: skip


def _name(db: Database, rows: list[dict[str, Any]]) -> None:
    ids = {row["id"] for row in rows} | {o for row in rows for o in row.get("listed_owners", [])}
    names = entity_names(db, ids=sorted(ids))
    for row in rows:
        info = names.get(row["id"], {})
        row["name"], row["country"] = info.get("name"), info.get("country")
        if "listed_owners" in row:
            row["listed_owner_names"] = [names.get(o, {}).get("name") for o in row["listed_owners"]]


def _list(db: Database, rows: list[dict[str, Any]], on: dt.date) -> None:
    """Adds to each row (``id``, ``listed_owners``, ``listed_owner_names``) every listing of its
    entity (``listings``) and of its listed owners (``listed_owner_listings``): one read."""
    found = listings.read(db, {e for row in rows for e in [row["id"], *row["listed_owners"]]}, on)
    for row in rows:
        row["listings"] = found.get(row["id"], [])
        owners = zip(row["listed_owners"], row["listed_owner_names"], strict=True)
        row["listed_owner_listings"] = listings.owner_records(owners, found)


def what_if(
    db: Database,
    profiles: list[Profile],
    as_of: dt.date,
    list_code: str,
    add: list[str],
    remove: list[str],
    programs: tuple[str, ...] = (),
    portfolio: set[str] | None = None,
) -> list[dict[str, Any]]:
    """Which entities change status if ``add`` were listed on ``list_code`` (and ``remove`` not).

    Only what the changed parties hold, directly or down the chain, can change; and everything
    that decides those entities' status lies above them. So both fixpoints run over the owners
    above that downstream set (only the marked ones while the marks of ``kb derive`` are fresh),
    never over the whole graph. Additions alone, with fresh marks, go further: only through
    entities whose status changes (:mod:`kb.exposure.whatif`)."""
    hypothetical = [Listing(entity, list_code, programs, as_of, None, "what-if") for entity in add]
    wanted = [p for p in profiles if list_code in p.seeds]
    if not wanted:
        return []
    marked = engine.marks_hold(db, wanted, as_of)
    changes: list[dict[str, Any]] = []
    if marked and not remove:
        for regime, entity, was, new in whatif.additions(db, wanted, as_of, hypothetical):
            if portfolio is None or entity in portfolio:
                changes.append(_change(regime, entity, was, new))
        _name(db, changes)
        name_decisions(db, changes)
        return changes
    inside: list[Link] = []
    below = engine.downstream(db, sorted({*add, *remove}), as_of, inside)
    # With fresh marks the walk up needs only marked holders: an entity outside ``below`` and
    # outside every regime's reach today is outside it after the change too. The links among
    # ``below`` were read on the way down.
    up = engine.upstream(
        db, sorted(below)[0], as_of, marked_only=marked, also=below, inside=inside, profiles=wanted
    )
    for profile in wanted:
        listings = list(up.listings)
        before = fixpoint.determine(profile, as_of, engine.seeds_of(profile, listings), up.graph)
        kept = [x for x in listings if not (x.list == list_code and x.entity in remove)]
        after = fixpoint.determine(profile, as_of, engine.seeds_of(profile, kept + hypothetical), up.graph)
        for entity in sorted(below):
            old, new = before.get(entity), after.get(entity)
            was, now = (old.status if old else "clear"), (new.status if new else "clear")
            if was != now and (portfolio is None or entity in portfolio):
                changes.append(_change(profile.name, entity, was, new))
    _name(db, changes)
    name_decisions(db, changes)
    return changes


def _change(regime: str, entity: str, was: str, new: Determination | None) -> dict[str, Any]:
    return {"id": entity, "regime": regime, "before": was, "after": new.status if new else "clear",
            "listed_owners": list(new.listed_owners if new else ())}  # fmt: skip


def diff(db: Database, profiles: list[Profile], start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    """Determinations that differ between two dates, with the reason kb can see."""
    changes: list[dict[str, Any]] = []
    chains: dict[tuple[str, str], list[str]] = {}
    at_start, at_end = engine.derive_all(db, profiles, start), engine.derive_all(db, profiles, end)
    for profile in profiles:
        before, after = at_start[profile.name], at_end[profile.name]
        seeds_before = {e for e, d in before.items() if d.status == "listed"}
        if profile.catches_affiliates(start) != profile.catches_affiliates(end):
            rule = "the rule is " + (
                "in force" if profile.catches_affiliates(end) else "not in force or suspended"
            )
        else:
            rule = ""
        for entity in sorted(set(before) | set(after)):
            old, new = before.get(entity), after.get(entity)
            was, now = (old.status if old else "clear"), (new.status if new else "clear")
            if was == now:
                continue
            newly = sorted(set(new.listed_owners if new else ()) - seeds_before)
            why = rule or (
                f"newly listed owner(s): {', '.join(newly)}" if newly else "stakes or control changed"
            )
            if "listed" in (was, now):
                why = "listed" if now == "listed" else "delisted"
            carrier = new or old
            changes.append({"id": entity, "regime": profile.name, "from": was, "to": now, "why": why,
                            "listed_owners": list(carrier.listed_owners if carrier else ())})  # fmt: skip
            found = after if new else before
            chains[(entity, profile.name)] = [c.entity for c in engine.chain(found, entity)]
    _name(db, changes)
    name_decisions(db, changes, chains)
    return changes


def jv_exposure(
    db: Database, entity: str, profiles: list[Profile], as_of: dt.date, depth: int = 4
) -> list[dict[str, Any]]:
    """Joint ventures of ``entity`` or its subsidiaries whose other partners are listed or caught."""
    rows = joint_ventures(db, id=entity, depth=depth, as_of=as_of)
    for row in rows:
        row["sources"] = sorted(set(row["sources"]))
    found: list[dict[str, Any]] = []
    cache: dict[str, dict[str, Any]] = {}
    for row in rows:
        partner = row["partner_id"]
        if partner not in cache:
            cache[partner] = engine.exposure(db, partner, profiles, as_of)["regimes"]
        for regime, result in cache[partner].items():
            d = result["determination"]
            if d is not None:
                found.append({**row, "regime": regime, "partner_status": d.status,
                              "partner_listed_owners": list(d.listed_owners)})  # fmt: skip
    _list_partners(db, found, as_of)
    _name_judgements(db, found)
    return found


def _list_partners(db: Database, rows: list[dict[str, Any]], on: dt.date) -> None:
    """Adds to each row every listing of its partner (``partner_listings``) and of the partner's
    listed owners (``partner_listed_owner_listings``, with their names): one read."""
    ids = {e for row in rows for e in [row["partner_id"], *row["partner_listed_owners"]]}
    found = listings.read(db, ids, on)
    names = entity_names(db, ids=sorted(ids)) if rows else {}
    for row in rows:
        row["partner_listings"] = found.get(row["partner_id"], [])
        owners = [(o, names.get(o, {}).get("name")) for o in row["partner_listed_owners"]]
        row["partner_listed_owner_listings"] = listings.owner_records(owners, found)


def _name_judgements(db: Database, rows: list[dict[str, Any]]) -> None:
    """Each row's ``resolutions``: the judgements joining records of the member, the joint
    venture, the partner or the partner's listed owners (the entities its answer rests on)."""

    def on_path(row: dict[str, Any]) -> list[str]:
        return [row["member_id"], row["jv_id"], row["partner_id"], *map(str, row["partner_listed_owners"])]

    joined = resolutions(db, ids=sorted({e for row in rows for e in on_path(row)})) if rows else {}
    for row in rows:
        row["resolutions"] = [
            {"entity": entity, **decision} for entity in on_path(row) for decision in joined.get(entity, [])
        ]
