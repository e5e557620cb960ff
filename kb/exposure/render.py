"""Determinations as plain data (the JSON shapes in docs/cli.md) and as one-line text."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kb.exposure import listings
from kb.exposure.fixpoint import Interest
from kb.exposure.model import Determination, Link, Listing, Stake, TrustRole
from kb.exposure.profiles import Profile


def _date(value: Any) -> str | None:
    if value is None:
        return None
    return str(value.iso_format() if hasattr(value, "iso_format") else value.isoformat())


def datetime_text(value: Any) -> str:
    return str(value.iso_format() if hasattr(value, "iso_format") else value.isoformat())


def pct_text(low: float | None, high: float | None) -> str:
    if low is None and high is None:
        return "unknown"
    if low == high:
        return f"{low:g}%"
    return f"{low or 0:g}-{high if high is not None else 100:g}%"


def link(item: Link, names: dict[str, str]) -> dict[str, Any]:
    if isinstance(item, TrustRole):
        return {
            "kind": "trust_role", "from": item.controller, "from_name": names.get(item.controller),
            "to": item.controlled, "to_name": names.get(item.controlled), "role": item.role,
            "powers": list(item.powers), "source": item.source, "claim": item.claim,
            "start_date": _date(item.start_date), "end_date": _date(item.end_date),
        }  # fmt: skip
    if isinstance(item, Stake):
        return {
            "kind": "jv_stake" if item.jv else "stake", "from": item.owner,
            "from_name": names.get(item.owner), "to": item.owned, "to_name": names.get(item.owned),
            "pct_min": item.lo, "pct_max": item.hi, "pct": pct_text(item.lo, item.hi), "basis": item.basis,
            "source": item.source, "claim": item.claim,
            "start_date": _date(item.start_date), "end_date": _date(item.end_date),
        }  # fmt: skip
    return {
        "kind": "control", "from": item.controller, "from_name": names.get(item.controller),
        "to": item.controlled, "to_name": names.get(item.controlled), "basis": item.basis,
        "source": item.source, "claim": item.claim, "start_date": _date(item.start_date),
        "end_date": _date(item.end_date),
    }  # fmt: skip


def listing(item: Listing) -> dict[str, Any]:
    return {
        "entity": item.entity, "list": item.list, "programs": list(item.programs),
        "start_date": _date(item.start_date), "end_date": _date(item.end_date), "citation": item.citation,
        "license_requirement": item.license_requirement, "license_policy": item.license_policy,
        "source": item.source,
    }  # fmt: skip


def determination(d: Determination | None, names: dict[str, str]) -> dict[str, Any]:
    if d is None:
        return {"status": "clear"}
    return {
        "id": d.entity, "name": names.get(d.entity), "status": d.status, "pct_min": d.pct_min,
        "pct_max": d.pct_max, "basis": d.basis, "via_control": d.via_control,
        "listed_owners": [{"id": o, "name": names.get(o)} for o in d.listed_owners],
        "license_requirements": list(d.license_requirements), "license_policies": list(d.license_policies),
        "listings": [listing(x) for x in d.listings], "evidence": [link(x, names) for x in d.evidence],
    }  # fmt: skip


def regime(
    profile: Profile,
    on: dt.date,
    d: Determination | None,
    chain: list[Determination],
    names: dict[str, str],
    rebuttals: list[dict[str, Any]] | None = None,
    interest: Interest | None = None,
) -> dict[str, Any]:
    """One regime of an exposure report. ``rebuttals``: those in force on the entity or its owners
    (`kb rebut`), each ``{id, entity, entity_name, from, why, evidence, by, at}``. ``interest``: an
    interest in property through a trust (ofac), which leaves the status as the rule says."""
    threshold, window = profile.threshold(on), profile.window(on)
    return {
        "regime": profile.name, "title": profile.title, "citation": profile.citation,
        "profile_version": profile.version, "rule_in_force": profile.catches_affiliates(on),
        "threshold": threshold.describe() if threshold else None,
        "window": None if window is None else {
            "from": window.start.isoformat(), "to": _date(window.end), "status": window.status,
            "confirmed": window.confirmed, "citation": window.citation,
        },
        "warning": unconfirmed_warning(profile, on),
        **determination(d, names),
        "chain": [determination(c, names) for c in chain],
        "rebuttals": [rebuttal(r, names) for r in rebuttals or []],
        "interest_in_property": interest_record(interest, names),
    }  # fmt: skip


def interest_record(item: Interest | None, names: dict[str, str]) -> dict[str, Any] | None:
    """``{party, party_name, trust, trust_name, path}``: who has an interest in the entity's
    property through which trust, and the links from that party's trust role down to the entity."""
    if item is None:
        return None
    return {
        "party": item.party, "party_name": names.get(item.party), "trust": item.trust,
        "trust_name": names.get(item.trust), "path": [link(x, names) for x in item.path],
    }  # fmt: skip


def interest_text(item: dict[str, Any] | None) -> str:
    """`X -settlor (revoke)-> T -60% equity-> S` for a table cell."""
    if not item:
        return ""
    parts = [item["party_name"] or item["party"]]
    parts += [f"-{step_text(step)}-> {step['to_name'] or step['to']}" for step in item["path"]]
    return " ".join(parts)


def step_text(step: dict[str, Any]) -> str:
    """What a link (a :func:`link` object) says: ``51% equity``, ``controls (board)``, ``settlor
    (revoke)``."""
    if step["kind"] == "trust_role":
        return str(step["role"]) + (f" ({', '.join(step['powers'])})" if step["powers"] else "")
    if step["kind"] == "control":
        return f"controls ({step['basis']})"
    return f"{step['pct']} {step['basis']}"


def rebuttal(row: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    return {
        "id": row["id"], "entity": row["entity"], "entity_name": names.get(row["entity"]),
        "from": row["start_date"], "why": row["why"], "evidence": list(row["evidence"]), "by": row["by"],
        "at": row["at"],
    }  # fmt: skip


def rebuttals_text(rows: list[dict[str, Any]]) -> str:
    """Rebuttals as ``reb-… (entity, from DATE); …`` for a table or CSV cell."""
    return "; ".join(f"{r['id']} ({r['entity_name'] or r['entity']}, from {r['from']})" for r in rows)


def unconfirmed_warning(profile: Profile, on: dt.date) -> str | None:
    """Why an answer on ``on`` rests on an assumption: the window in force then has not been
    confirmed against the Federal Register (say, a suspension that ends "unless extended")."""
    window = profile.unconfirmed_window(on)
    if window is None:
        return None
    return (
        f"{profile.name} as of {on.isoformat()} rests on the window {window.describe()}: "
        f"check the Federal Register and record what you find in $KB_HOME/regimes/{profile.name}.toml"
    )


def evidence_text(d: dict[str, Any]) -> str:
    """`owner -51% equity-> owned [source]; …` for a table cell."""
    parts = []
    for item in d.get("evidence", []):
        holder, held = item["from_name"] or item["from"], item["to_name"] or item["to"]
        cited = f" [{item['source']}]" if item.get("source") else ""
        parts.append(f"{holder} -{step_text(item)}-> {held}{cited}")
    for item in d.get("listings", []) if d.get("status") == "listed" else []:
        parts.append(listings.phrase(item))
    return "; ".join(parts)


def decisions_text(decisions: list[dict[str, Any]]) -> str:
    """Resolution decisions (``{entity, id, …}``) as ``res-… (entity); …`` for a table or CSV cell."""
    return "; ".join(f"{d['id']} ({d['entity']})" for d in decisions)


def summary(row: dict[str, Any], own: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """One regime of an exposure report (a :func:`regime` object) as a table row; ``lists``: every
    list the entity is on (``own``, :mod:`kb.exposure.listings` objects) and its listed owners are."""
    pct = pct_text(row.get("pct_min"), row.get("pct_max")) if row["status"] in ("caught", "possible") else ""
    owners = [o for o in row.get("listed_owners", []) if "listings" in o]
    return {
        "regime": row["regime"], "status": row["status"], "lists": listings.text(own or [], owners),
        "pct": pct,
        "listed_owners": ", ".join(o["name"] or o["id"] for o in row.get("listed_owners", [])),
        "evidence": evidence_text(row),
        "chain": "; ".join(f"{c['name'] or c['id']} ({c['status']})" for c in row.get("chain", [])),
        "rule": f"{row['threshold'] or '-'}{'' if row['rule_in_force'] else ' (not in force)'}",
        "rebuttals": rebuttals_text(row.get("rebuttals", [])),
        "interest_in_property": interest_text(row.get("interest_in_property")),
    }  # fmt: skip


def profile_row(p: Profile, today: dt.date) -> dict[str, Any]:
    """A regime profile in the list ``kb regimes`` prints."""
    return {"regime": p.name, "title": p.title, "version": p.version, "seeds": list(p.seeds),
            "in_force_today": p.catches_affiliates(today),
            "unconfirmed_today": unconfirmed_warning(p, today) or "",
            "path": p.path}  # fmt: skip


def profile_record(p: Profile) -> dict[str, Any]:
    """A regime profile whole, as ``kb regimes show`` prints it."""
    return {
        "regime": p.name, "title": p.title, "version": p.version, "citation": p.citation, "path": p.path,
        "seeds": list(p.seeds), "seed_programs": {k: list(v) for k, v in p.seed_programs.items()},
        "bases": list(p.bases), "control_catches": list(p.control_catches),
        "control_possible": list(p.control_possible), "foreign_only": p.foreign_only,
        "below_threshold_possible": p.below_threshold_possible,
        "trust_catches": list(p.trust_catches), "trust_possible": list(p.trust_possible),
        "interest_roles": list(p.interest_roles),
        "thresholds": [t.summary() for t in p.thresholds],
        "windows": [w.describe() for w in p.windows],
        "unconfirmed_windows": [w.describe() for w in p.windows if not w.confirmed],
        "license_inherit": p.license_inherit,
    }  # fmt: skip
