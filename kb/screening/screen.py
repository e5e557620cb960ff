"""Screen a portfolio: each row's Entity (or the candidates it may be) and its exposure per regime.

Matching is one batched read of candidates per batch of rows (their match keys, served by an
index), each read as :func:`kb.resolution.party.entity_party` reads an Entity for ``kb resolve``
and scored with :func:`kb.resolution.score`: an exclusive identifier shared (or contradicted)
decides, else names with country evidence. A row whose best candidates are close is ambiguous
(:mod:`kb.screening.ambiguity`), never matched to one of them. Exposure comes from the marks of
``kb derive`` in one read when they hold for the date and profiles
(:func:`kb.exposure.engine.marks_hold`), else from the engine, entity by entity.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from kb.db import Database
from kb.exposure import engine, listings, render, reports
from kb.exposure.lookup import Found
from kb.exposure.profiles import Profile
from kb.queries import run, wrapper
from kb.resolution import Judgement, blocking_keys, score
from kb.resolution.party import entity_party
from kb.resolution.workers import forked_pool
from kb.screening import ambiguity
from kb.screening.portfolio import Holding

Progress = Callable[[str, int, int], None]
BATCH = 500


@wrapper("screen/candidates")
def candidates(
    db: Database, *, rows: list[dict[str, Any]], max_block: int | None = None, limit: int | None = None
) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = run(db, "screen/candidates", rows=rows, max_block=max_block, limit=limit)[
        0
    ]["rows"]
    return found


@wrapper("screen/marked_exposure")
def marked_exposure(db: Database, *, ids: list[str]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = run(db, "screen/marked_exposure", ids=ids)[0]["entities"]
    return rows


@dataclass(frozen=True)
class Candidate:
    id: str
    name: str
    country: str | None
    judgement: Judgement


@dataclass
class Screened:
    """A row's match: ``entity`` when one candidate is clearly a match, and every candidate worth a
    look; ``ambiguity`` says why no candidate is taken when the best ones are close."""

    holding: Holding
    entity: Candidate | None
    candidates: list[Candidate] = field(default_factory=list)
    ambiguity: str | None = None

    @property
    def verdict(self) -> str:
        if self.ambiguity is not None:
            return "ambiguous"
        return "match" if self.entity else ("possible" if self.candidates else "none")


def no_progress(stage: str, done: int, total: int) -> None:
    pass


def match(
    db: Database,
    holdings: Sequence[Holding],
    limit: int = 10,
    progress: Progress = no_progress,
    processes: int | None = None,
    batch_size: int = BATCH,
) -> list[Screened]:
    """Each holding's matched Entity, or its possible candidates best first.

    With more than one batch of rows, the work is spread over the cores: each batch's keys and
    scores (pure Python) are computed in a pool of forked processes, and Neo4j is asked for the
    candidates of as many batches at a time as there are cores. The answers are the same."""
    batches = [holdings[start : start + batch_size] for start in range(0, len(holdings), batch_size)]
    workers = min(processes or os.cpu_count() or 1, len(batches))
    screened: list[Screened] = []
    if workers <= 1:
        for batch in batches:
            screened.extend(_judge(batch, _candidates(db, _keys(batch), limit)))
            progress("matched", len(screened), len(holdings))
        return screened
    with forked_pool(workers) as pool, ThreadPoolExecutor(workers) as ask:
        keyed = pool.map(_keys, batches)
        found = ask.map(lambda rows: _candidates(db, rows, limit), keyed)  # one query per core at a time
        jobs = [pool.apply_async(_judge, (batch, rows)) for batch, rows in zip(batches, found, strict=True)]
        for job in jobs:
            screened.extend(job.get())
            progress("matched", len(screened), len(holdings))
    return screened


def _keys(batch: Sequence[Holding]) -> list[dict[str, Any]]:
    return [{"n": i, "keys": sorted(blocking_keys(h.party))} for i, h in enumerate(batch)]


def _candidates(db: Database, rows: list[dict[str, Any]], limit: int) -> dict[int, list[dict[str, Any]]]:
    return {row["n"]: row["candidates"] for row in candidates(db, rows=rows, limit=limit)}


def judge(holding: Holding, found: Sequence[Mapping[str, Any]]) -> Screened:
    """``holding`` scored against the rows of its candidate Entities: the best is its entity when
    it is a match and no other candidate is close to it (:func:`kb.screening.ambiguity.close`)."""
    judged = [
        Candidate(e["id"], e["name"], e["country"], score(holding.party, entity_party(e))) for e in found
    ]
    judged = sorted(
        (c for c in judged if c.judgement.verdict != "different"), key=lambda c: -c.judgement.score
    )
    why = ambiguity.close(judged)
    if why is not None:
        return Screened(holding, None, judged, why)
    best = judged[0] if judged and judged[0].judgement.verdict == "match" else None
    return Screened(holding, best, [c for c in judged if c is not best])


def _judge(batch: Sequence[Holding], found: dict[int, list[dict[str, Any]]]) -> list[Screened]:
    """Each holding of ``batch`` scored against its candidates ``found`` (by position)."""
    return [judge(holding, found.get(i, [])) for i, holding in enumerate(batch)]


def answer_ids(matched: Sequence[Screened]) -> list[str]:
    """The Entities whose exposure the rows' answers need: each match and every candidate (an
    exposed candidate beside a match makes the row ambiguous), each once."""
    found = (e.id for s in matched for e in ([s.entity] if s.entity else []) + s.candidates)
    return list(dict.fromkeys(found))


def exposures(
    db: Database, ids: Sequence[str], profiles: list[Profile], on: dt.date, progress: Progress = no_progress
) -> dict[str, dict[str, dict[str, Any]]]:
    """entity -> regime -> {status, listed_owners (names), evidence} as of ``on``."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    if engine.marks_hold(db, profiles, on):
        return _from_marks(db, wanted, profiles, on)
    answers: dict[str, dict[str, dict[str, Any]]] = {}
    names = reports.entity_names(db, ids=wanted)
    for done, entity in enumerate(wanted, 1):
        info = names.get(entity, {})
        found = Found(entity, info.get("name") or entity, info.get("country"), None)
        report = reports.exposure(db, found, profiles, on).report
        answers[entity] = {}
        for row in report["regimes"]:
            summary = render.summary(row)
            answers[entity][row["regime"]] = {
                "status": row["status"],
                "listed_owners": [o["name"] or o["id"] for o in row.get("listed_owners", [])],
                "listed_owner_ids": [o["id"] for o in row.get("listed_owners", [])],
                "evidence": summary["evidence"] or summary["chain"],
                "interest_in_property": render.interest_text(row.get("interest_in_property")) or None,
            }
        progress("exposure", done, len(wanted))
    return answers


def lists_of(
    db: Database, ids: Sequence[str], answers: Mapping[str, Mapping[str, Mapping[str, Any]]], on: dt.date
) -> dict[str, listings.Records]:
    """Every listing valid on ``on`` of the entities ``ids`` and of the listed owners their
    ``answers`` name, whatever the list (:mod:`kb.exposure.listings`): one read."""
    owners = {o for found in answers.values() for a in found.values() for o in a.get("listed_owner_ids", [])}
    return listings.read(db, [*ids, *owners], on)


def _from_marks(
    db: Database, ids: list[str], profiles: list[Profile], on: dt.date
) -> dict[str, dict[str, dict[str, Any]]]:
    marked = marked_exposure(db, ids=ids)
    owners = {o for row in marked for p in profiles for o in row[p.name]["listed_owners"]}
    owners |= {t for row in marked for p in profiles if (t := row[p.name].get("interest"))}
    listed = [row["id"] for row in marked if any(row[p.name]["status"] == "listed" for p in profiles)]
    names = reports.entity_names(db, ids=sorted(owners))
    lists = listings.read(db, listed, on)
    answers: dict[str, dict[str, dict[str, Any]]] = {}
    for row in marked:
        answers[row["id"]] = {}
        for p in profiles:
            mark = row[p.name]
            status = mark["status"] or "clear"
            holders = [names.get(o, {}).get("name") or o for o in mark["listed_owners"]]
            if status == "listed":
                evidence = "; ".join(
                    listings.phrase(x) for x in lists.get(row["id"], []) if x["list"] in p.seeds
                )
            elif holders:
                pct = render.pct_text(mark["pct_min"], mark["pct_max"])
                evidence = f"{pct} held through {', '.join(holders)}"
            else:
                evidence = ""
            trust = mark.get("interest")
            interest = (
                f"through trust {names.get(trust, {}).get('name') or trust} ({trust})" if trust else None
            )
            answers[row["id"]][p.name] = {
                "status": status, "listed_owners": holders, "listed_owner_ids": list(mark["listed_owners"]),
                "evidence": evidence, "interest_in_property": interest,
            }  # fmt: skip
    return answers
