"""Screening results as rows: the JSON shape of ``kb screen`` (docs/cli.md), its flat table/CSV
form, whether a row calls for attention (exposed, or ambiguous), and what changed between two
dates (``--diff``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from kb.exposure import listings, render
from kb.screening import ambiguity
from kb.screening.ambiguity import EXPOSED
from kb.screening.screen import Candidate, Screened

Answers = Mapping[str, Mapping[str, Mapping[str, Any]]]  # entity -> regime -> exposure
Relied = Mapping[str, Mapping[str, Any]]  # entity -> {own, regimes}: kb.screening.evidence.relied_on
Lists = Mapping[str, listings.Records]  # entity -> its listings: kb.screening.screen.lists_of
FLAT_COLUMNS = ["row", "ref", "name", "match", "score", "entity_id", "entity_name", "entity_country",
                "candidates", "lists"]  # fmt: skip


def _own(found: dict[str, Any], entity: str, relied: Relied) -> dict[str, Any]:
    """``found`` with the merges that made ``entity``, as ``kb exposure`` names them (absent if none)."""
    if decisions := relied.get(entity, {}).get("own"):
        found["resolutions"] = list(decisions)
    return found


def _on_chain(entity: str, regime: str, relied: Relied) -> list[dict[str, Any]]:
    return list(relied.get(entity, {}).get("regimes", {}).get(regime, []))


def _candidate(
    c: Candidate, answers: Answers, regimes: Sequence[str], relied: Relied, lists: Lists
) -> dict[str, Any]:
    exposure = answers.get(c.id, {})
    return _own({
        "id": c.id, "name": c.name, "country": c.country, "score": c.judgement.score,
        "verdict": c.judgement.verdict, "reasons": list(c.judgement.reasons),
        "statuses": {r: exposure.get(r, {}).get("status", "clear") for r in regimes},
        "listings": list(lists.get(c.id, [])),
    }, c.id, relied)  # fmt: skip


def _owners(answer: Mapping[str, Any]) -> list[tuple[str, str | None]]:
    """The (id, name) of each listed owner an answer names."""
    return list(zip(answer.get("listed_owner_ids", []), answer.get("listed_owners", []), strict=False))


def _public(answer: Mapping[str, Any], lists: Lists) -> dict[str, Any]:
    """A regime's answer as the JSON gives it: its listed owners' listings in place of their ids."""
    found = {k: v for k, v in answer.items() if k != "listed_owner_ids"}
    found["listed_owner_listings"] = listings.owner_records(_owners(answer), lists)
    return found


def _regimes(
    s: Screened, answers: Answers, regimes: Sequence[str], relied: Relied, lists: Lists
) -> dict[str, dict[str, Any]]:
    if s.entity is not None:
        own = answers.get(s.entity.id, {})
        clear: dict[str, Any] = {
            "status": "clear",
            "listed_owners": [],
            "evidence": "",
            "interest_in_property": None,
        }
        return {
            r: {**_public(own.get(r, clear), lists), "resolutions": _on_chain(s.entity.id, r, relied)}
            for r in regimes
        }
    found: dict[str, dict[str, Any]] = {}
    for r in regimes:
        exposed = [
            (c, answers[c.id][r])
            for c in s.candidates
            if answers.get(c.id, {}).get(r, {}).get("status") in EXPOSED
        ]
        owners = [pair for _, a in exposed for pair in _owners(a)]
        found[r] = {
            "status": "possible" if exposed else "clear",
            "interest_in_property": None,
            "listed_owners": sorted({o for _, a in exposed for o in a["listed_owners"]}),
            "listed_owner_listings": listings.owner_records(owners, lists),
            "evidence": "; ".join(
                f"may be {c.name} ({c.id}, score {c.judgement.score:.2f}), {a['status']}"
                + (f": {a['evidence']}" if a["evidence"] else "")
                for c, a in exposed
            ),
            "resolutions": [d for c, _ in exposed for d in _on_chain(c.id, r, relied)],
        }
    return found


def row(
    s: Screened,
    answers: Answers,
    regimes: Sequence[str],
    relied: Relied | None = None,
    lists: Lists | None = None,
) -> dict[str, Any]:
    """One portfolio row in the JSON shape of ``kb screen``; ``relied``: the resolution decisions
    the answers rest on (:func:`kb.screening.evidence.relied_on`); ``lists``: the listings of the
    entities and their listed owners, on any list (:func:`kb.screening.screen.lists_of`).
    ``answers`` hold the exposure of every candidate, not only of the match: a match beside an
    exposed candidate is ambiguous (:func:`kb.screening.ambiguity.settle`)."""
    s = ambiguity.settle(s, answers, regimes)
    entity, relied, lists = s.entity, relied or {}, lists or {}
    named = None
    if entity is not None:
        named = _own({"id": entity.id, "name": entity.name, "country": entity.country,
                      "listings": list(lists.get(entity.id, []))}, entity.id, relied)  # fmt: skip
    return {
        "row": s.holding.line, "ref": s.holding.ref, "name": s.holding.party.name,
        "country": s.holding.party.country, "match": s.verdict,
        "entity": named,
        "score": None if entity is None else entity.judgement.score,
        "reasons": [] if entity is None else list(entity.judgement.reasons),
        "ambiguity": s.ambiguity,
        "candidates": [_candidate(c, answers, regimes, relied, lists) for c in s.candidates],
        "regimes": _regimes(s, answers, regimes, relied, lists),
    }  # fmt: skip


def alerting(result: Mapping[str, Any]) -> bool:
    """Whether a screened row is ambiguous, listed, caught or possibly caught under a regime, a
    listed party has an interest in its property (ofac, through a trust), or its entity is on a
    list no regime seeds from (CMIC, a source's own list): clear under every rule, never unseen."""
    return (
        result["match"] == "ambiguous"
        or bool((result.get("entity") or {}).get("listings"))
        or any(r["status"] in EXPOSED or r.get("interest_in_property") for r in result["regimes"].values())
    )


def _status_text(regime: Mapping[str, Any]) -> str:
    """A regime's status for a table cell: never plainly clear when a listed party has an
    interest in the entity's property (ofac, through a trust)."""
    interest = regime.get("interest_in_property")
    return f"{regime['status']}, interest in property" if interest else str(regime["status"])


def flat(result: Mapping[str, Any], regimes: Sequence[str]) -> dict[str, Any]:
    """A row for a table or CSV: one status column per regime, evidence and candidates as text."""
    entity = result["entity"] or {}
    out = {
        "row": result["row"], "ref": result["ref"], "name": result["name"], "match": result["match"],
        "score": result["score"], "entity_id": entity.get("id"), "entity_name": entity.get("name"),
        "entity_country": entity.get("country"),
    }  # fmt: skip
    out["candidates"] = "; ".join(f"{c['name']} ({c['id']}) {c['score']:.2f}" for c in result["candidates"])
    out["lists"] = lists_text(result, regimes)
    out.update({r: _status_text(result["regimes"][r]) for r in regimes})
    out["evidence"] = "; ".join(
        f"{r}: {result['regimes'][r]['evidence']}" for r in regimes if result["regimes"][r]["evidence"]
    )
    out["resolutions"] = render.decisions_text(named_decisions(result, regimes))
    out["ambiguity"] = result["ambiguity"] or ""
    return out


def lists_text(result: Mapping[str, Any], regimes: Sequence[str]) -> str:
    """Every list a screened row's entity and its listed owners are on, for a table cell; for a row
    with no match, each candidate's (``NAME (id): …``) and its listed owners'."""
    owners: dict[str, dict[str, Any]] = {}
    for r in regimes:
        for owner in result["regimes"][r].get("listed_owner_listings", []):
            owners.setdefault(owner["id"], owner)
    if result["entity"] is not None:
        return listings.text(result["entity"].get("listings", []), list(owners.values()))
    parts = [
        f"{c['name']} ({c['id']}): {listings.compact(c['listings'])}"
        for c in result["candidates"]
        if c.get("listings")
    ]
    if more := listings.text([], list(owners.values())):
        parts.append(more)
    return "; ".join(parts)


def named_decisions(result: Mapping[str, Any], regimes: Sequence[str]) -> list[dict[str, Any]]:
    """Every resolution decision a screened row names, each once: on its entity, its candidates and
    its regimes' chains, as ``{entity, id, …}``."""
    found: dict[str, dict[str, Any]] = {}
    parts = [result["entity"] or {}, *result["candidates"]]
    for part in parts:
        for d in part.get("resolutions", []):
            found.setdefault(d["id"], {"entity": part["id"], **d})
    for r in regimes:
        for d in result["regimes"][r].get("resolutions", []):
            found.setdefault(d["id"], d)
    return list(found.values())


def flat_columns(regimes: Sequence[str]) -> list[str]:
    return [*FLAT_COLUMNS, *regimes, "evidence", "resolutions", "ambiguity"]


DIFF_COLUMNS = [
    *["row", "ref", "name", "match", "entity_id", "entity_name", "regime", "from", "to", "evidence"],
    "resolutions",
]


def changes(
    before: Sequence[Mapping[str, Any]], after: Sequence[Mapping[str, Any]], regimes: Sequence[str]
) -> list[dict[str, Any]]:
    """Per row and regime whose status differs between two screenings of the same rows."""
    found: list[dict[str, Any]] = []
    for old, new in zip(before, after, strict=True):
        entity = new["entity"] or {}
        for r in regimes:
            was, now = old["regimes"][r], new["regimes"][r]
            if was["status"] != now["status"]:
                evidence = now["evidence"] or was["evidence"]
                own = [{"entity": entity["id"], **d} for d in entity.get("resolutions", [])]
                chain = now.get("resolutions") or was.get("resolutions") or []
                found.append({
                    "row": new["row"], "ref": new["ref"], "name": new["name"], "match": new["match"],
                    "entity_id": entity.get("id"), "entity_name": entity.get("name"), "regime": r,
                    "from": was["status"], "to": now["status"], "evidence": evidence,
                    "resolutions": own + [d for d in chain if d["id"] not in {o["id"] for o in own}],
                })  # fmt: skip
    return found
