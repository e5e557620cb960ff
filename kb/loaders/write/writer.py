"""Write a Dataset to the graph: resolve, diff against what the source said before, write only
what changed, close what a newer snapshot no longer holds, record the run.

Writes go in batches of ``batch_size`` rows, one transaction each, nodes before relationships;
because every batch is diffed against the graph, a load killed midway and run again ends with
exactly the right data. The batches go to the server on a background thread while the next are
prepared (:mod:`kb.loaders.write.batches`); new claims between Entities, when more than one batch,
two transactions at a time on node-disjoint groups (:mod:`kb.loaders.write.disjoint`).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from kb import queries
from kb.db import Database
from kb.errors import LoadError, RowRejected
from kb.lists import LISTS, ListInfo, check_source_lists
from kb.loaders.dataset import Dataset
from kb.loaders.write import (
    batches,
    claims,
    clusters,
    cypher_by_type,
    delta_checks,
    disjoint,
    migrate,
    records,
    resolve,
    runs,
)
from kb.queries import wrapper

Progress = Callable[[str, int, int], None]  # (stage, done, total)
DUPLICATE_FACT = "the same fact (source, parties, basis, start date) given twice: the first row wins"
UNKNOWN_LIST = "a list neither built in (kb/lists.py) nor defined by this source: left out"


def _no_progress(stage: str, done: int, total: int) -> None:
    pass


@dataclass
class LoadReport:
    run_id: str
    source: str
    status: str
    counts: dict[str, int] = field(default_factory=dict)
    rejected: int = 0


@dataclass(frozen=True)
class LoadOptions:
    fmt: str
    path: str
    checksum: str
    batch_size: int = 5_000
    dry_run: bool = False
    strict: bool = False
    wait_seconds: float = 0.0
    progress: Progress = _no_progress


def load(db: Database, dataset: Dataset, options: LoadOptions) -> LoadReport:
    started = runs.now()
    run_id = runs.new_run_id(started)
    lists = lists_of(dataset)
    if not options.dry_run:
        upgrade_claim_keys(db, options.wait_seconds, run_id)
    source = dataset.source.name
    delta = dataset.line_delta
    # Everything that can reject a row is read-only and happens before the first write.
    only = None if delta is None else {r["id"] for r in dataset.entities} | delta.entities
    before = records.diff(db, source, dataset.entities, only)
    mapping, new_entities, meeting = resolve.resolve(db, source, before.changed)
    mapping.update(before.unchanged)
    if delta is not None:
        mapping.update(delta_checks.references(db, dataset, delta, before, mapping))
    external = _external_references(db, dataset, mapping)
    mapping.update((rid, entity) for rid, (entity, _) in external.items())
    targets = Targets(mapping, {rid: key for rid, (_, key) in external.items()}, meeting)
    valid = {kind.name: known_facts(dataset, kind, mapping) for kind in claims.KINDS}
    stored: dict[str, dict[str, tuple[str, bool]]] = {}
    if delta is not None:
        stored = delta_checks.stored_claims(db, dataset, delta, valid)
    if options.strict and len(dataset.issues):
        raise RowRejected(f"--strict: {dataset.issues.issues[0].line()}")
    report = LoadReport(
        run_id, source, "dry-run" if options.dry_run else "running", rejected=len(dataset.issues)
    )
    if options.dry_run:
        report.counts = {
            "entities_to_write": len(before.changed),
            "entities_unchanged": len(before.unchanged),
            "entities_absent": len(before.absent),
            **{f"{name}_valid": len(kept) for name, kept in valid.items()},
        }
        return report
    runs.acquire_lock(db, run_id, options.wait_seconds)
    try:
        runs.start_run(db, run_id, dataset.source, options.fmt, options.path, options.checksum, lists)
        try:
            report.counts = _write(
                db, dataset, valid, before, targets, new_entities, options, run_id, started, stored
            )
        except BaseException as exc:
            runs.finish_run(
                db,
                run_id,
                "failed",
                report.counts,
                dataset.issues,
                (str(exc) or type(exc).__name__).splitlines()[0][:500],
            )
            raise
        report.status = "succeeded"
        runs.finish_run(db, run_id, report.status, report.counts, dataset.issues)
    finally:
        runs.release_lock(db, run_id)
    return report


def upgrade_claim_keys(db: Database, wait_seconds: float, run_id: str | None = None) -> int:
    """Bring claims written by an older kb to today's claim key, under the load lock, before
    anything reads them: otherwise a load would close them all and write them again."""
    if not claims.outdated_sources(db):
        return 0
    holder = run_id or f"upgrade-{runs.new_run_id(runs.now())}"
    runs.acquire_lock(db, holder, wait_seconds)
    try:  # read again under the lock: another load may have done it meanwhile
        changed = sum(claims.cite_sources(db, source) for source in claims.outdated_sources(db))
        return changed + migrate.upgrade(db)
    finally:
        runs.release_lock(db, holder)


def lists_of(dataset: Dataset) -> list[ListInfo]:
    """The built-in lists and the dataset's own, which the run writes as List nodes. A bad one of
    its own is the parser's or the file's fault, not a row's: the load fails."""
    try:
        check_source_lists(dataset.lists)
    except ValueError as exc:
        raise LoadError(f"{dataset.source.name}: {exc}") from None
    return [*LISTS.values(), *dataset.lists.values()]


def known_facts(
    dataset: Dataset, kind: claims.FactKind, mapping: Mapping[str, str]
) -> list[Mapping[str, Any]]:
    """The facts whose parties (and list) are known, each claim once; the others become issues."""
    kept = []
    seen: set[str] = set()
    file = dataset.file_of(kind.name)
    for record in claims.records(dataset, kind):
        ends = (record[kind.start],) if kind.end_is_list else (record[kind.start], record[kind.end])
        missing = next((rid for rid in ends if rid not in mapping), None)
        claim = claims.claim_key(dataset.source.name, kind, record)
        if kind.end_is_list and record[kind.end] not in LISTS and record[kind.end] not in dataset.lists:
            dataset.issues.add(file, record["row"], kind.end, record[kind.end], UNKNOWN_LIST)
        elif missing is not None:
            field = kind.start if missing == ends[0] else kind.end
            dataset.issues.add(file, record["row"], field, missing, "unknown entity id")
        elif claim in seen:
            dataset.issues.add(file, record["row"], kind.start, record[kind.start], DUPLICATE_FACT)
        else:
            seen.add(claim)
            kept.append(record)
    return kept


@dataclass
class Targets:
    """Where the records a dataset names are: record id -> Entity id (``mapping``), the SourceRecord
    keys of ids it refers to but does not define (``external``), and its records that meet the
    graph and must be clustered with it once written (``meeting``)."""

    mapping: dict[str, str]
    external: dict[str, str]
    meeting: set[str]

    def key(self, source: str, record_id: str) -> str:
        return self.external.get(record_id) or resolve.record_key(source, record_id)

    def settle(self, db: Database, source: str) -> None:
        """Cluster the meeting records with the graph; every id whose Entity that moved follows."""
        if not self.meeting:
            return
        outcome = clusters.recluster(db, (resolve.record_key(source, rid) for rid in sorted(self.meeting)))
        for record_id in self.mapping:
            entity = outcome.entity.get(self.key(source, record_id))
            if entity is not None:
                self.mapping[record_id] = entity


def _write(
    db: Database,
    dataset: Dataset,
    valid: Mapping[str, list[Mapping[str, Any]]],
    before: records.Diff,
    targets: Targets,
    new_entities: set[str],
    options: LoadOptions,
    run_id: str,
    moment: dt.datetime,
    stored: Mapping[str, dict[str, tuple[str, bool]]],
) -> dict[str, int]:
    source = dataset.source.name
    mapping = targets.mapping
    params = {"dataset": source, "run": run_id, "now": moment}
    fresh = [records.payload(record, source, mapping[record["id"]]) for record in before.changed]
    unchanged, absent = len(before.unchanged), before.absent
    if dataset.line_delta is not None:
        unchanged += dataset.line_delta.unchanged["entities"]
    created = [row for row in fresh if row["entity"] in new_entities]  # plain CREATE, no merging
    merged = [row for row in fresh if row["entity"] not in new_entities]
    counts = {"entities_written": len(fresh), "entities_unchanged": unchanged, "entities_absent": len(absent)}
    if dataset.line_delta is not None:
        counts["line_delta"] = 1  # read as the lines changed since the kept snapshot
    parties = [{"id": row["entity"], **row["props"]} for row in (*created, *merged)]
    with batches.keys_ahead(parties) as keys, batches.Writes() as writes:
        done = 0
        for rows, write in ((created, records.create_batch), (merged, records.write_batch)):
            for start in range(0, len(rows), options.batch_size):
                part = rows[start : start + options.batch_size]
                done += len(part)
                part_keys = [next(keys) for _ in part]
                writes.submit(
                    _job(write, db, part, params, part_keys, options, ("entities", done, len(fresh)))
                )
        if targets.meeting:  # clustering reads the records just written
            writes.wait()
            targets.settle(db, source)
        if dataset.snapshot and absent:
            removed = [resolve.record_key(source, rid) for rid in sorted(absent)]
            writes.submit(lambda: mark_removed_records(db, keys=removed, run=run_id))
        close_on = dataset.snapshot_date or moment.date()
        for kind in claims.KINDS:
            counts.update(
                _write_facts(
                    db, dataset, kind, valid[kind.name], targets, params, options, close_on, stored, writes
                )
            )
        joint_ventures = sorted({mapping[record["jv_id"]] for record in valid["jvs"]})
        if joint_ventures:
            writes.submit(lambda: mark_joint_ventures(db, ids=joint_ventures))
        writes.wait()
    return counts


def _job(
    write: Callable[[Database, list[dict[str, Any]], dict[str, Any], list[dict[str, Any]]], None],
    db: Database,
    rows: list[dict[str, Any]],
    params: dict[str, Any],
    keys: list[dict[str, Any]],
    options: LoadOptions,
    progress: tuple[str, int, int],
) -> batches.Job:
    def job() -> None:
        write(db, rows, params, keys)
        options.progress(*progress)

    return job


def _statement(
    db: Database,
    query: str,
    parameters: dict[str, Any],
    options: LoadOptions,
    progress: tuple[str, int, int] | None,
) -> batches.Job:
    def job() -> None:
        db.write(query, parameters)
        if progress is not None:
            options.progress(*progress)

    return job


class _Counter:
    """Progress of writes that land from several threads."""

    def __init__(self, options: LoadOptions, stage: str, total: int) -> None:
        self.options, self.stage, self.total, self.done = options, stage, total, 0
        self._lock = threading.Lock()

    def add(self, n: int) -> None:
        with self._lock:
            self.done += n
            self.options.progress(self.stage, self.done, self.total)


def _round(
    db: Database,
    query: str,
    params: dict[str, Any],
    left: list[dict[str, Any]],
    right: list[dict[str, Any]],
    batch_size: int,
    counter: _Counter,
) -> None:
    def write(rows: Sequence[dict[str, Any]]) -> None:
        db.write(query, {**params, "rows": rows})
        counter.add(len(rows))

    disjoint.write_round(left, right, batch_size, write)


def _external_references(
    db: Database, dataset: Dataset, mapping: Mapping[str, str]
) -> dict[str, tuple[str, str]]:
    wanted = {
        record[field]
        for kind in claims.KINDS
        for record in claims.records(dataset, kind)
        for field in ((kind.start,) if kind.end_is_list else (kind.start, kind.end))
    }
    return resolve.resolve_references(db, wanted - set(mapping))


@wrapper("load/mark_removed_records")
def mark_removed_records(db: Database, *, keys: list[str], run: str) -> None:
    queries.run(db, "load/mark_removed_records", keys=keys, run=run)


@wrapper("load/mark_joint_ventures")
def mark_joint_ventures(db: Database, *, ids: list[str]) -> None:
    queries.run(db, "load/mark_joint_ventures", ids=ids)


def _existing_claims(db: Database, kind: claims.FactKind, source: str) -> dict[str, tuple[str, bool]]:
    """Every claim this source made before: claim -> (hash, still open)."""
    query = cypher_by_type.existing_claims(kind.rel)
    # One row holding a list: the driver decodes it in one go, several times faster than row by row.
    rows = db.read(query, {"dataset": source, "prefix": f"{source}|{kind.name}|"})
    return {claim: (digest, open_) for claim, digest, open_ in rows[0]["claims"]}


def _write_facts(
    db: Database,
    dataset: Dataset,
    kind: claims.FactKind,
    facts: list[Mapping[str, Any]],
    targets: Targets,
    params: dict[str, Any],
    options: LoadOptions,
    close_on: dt.date,
    known: Mapping[str, dict[str, tuple[str, bool]]],
    writes: batches.Writes,
) -> dict[str, int]:
    source = dataset.source.name
    delta = dataset.line_delta
    stored = known[kind.name] if delta is not None else _existing_claims(db, kind, source)
    created: list[dict[str, Any]] = []
    updated: list[dict[str, Any]] = []
    seen: set[str] = set()
    for record in facts:
        fact = claims.claim(source, kind, record, targets.mapping, targets.external)
        seen.add(fact.key)
        before = stored.get(fact.key)
        if before == (fact.hash, True):
            continue
        row = {"a": fact.start, "b": fact.end, "claim": fact.key, "props": fact.props, "hash": fact.hash}
        (created if before is None else updated).append(row)
    done, total = 0, len(created) + len(updated)
    create, update = (
        cypher_by_type.create_claims(kind.rel, kind.end_is_list),
        cypher_by_type.update_claims(kind.rel),
    )
    if not kind.end_is_list and len(created) > options.batch_size:
        # Between Entities, more than one batch: two transactions at once on disjoint nodes (a
        # delta's few rows stay one transaction: three rounds would cost more than they save).
        counter = _Counter(options, kind.name, total)
        for left, right in disjoint.rounds(created):
            writes.submit(partial(_round, db, create, params, left, right, options.batch_size, counter))
        done, created = len(created), []
    for rows, query in ((created, create), (updated, update)):
        for start in range(0, len(rows), options.batch_size):
            part = rows[start : start + options.batch_size]
            done += len(part)
            writes.submit(_statement(db, query, {**params, "rows": part}, options, (kind.name, done, total)))
    closed = sorted(claim for claim, (_, open_) in stored.items() if open_ and claim not in seen)
    if delta is not None:  # the stored claims read are those of added and removed lines only
        closed = [claim for claim in closed if claim in delta.claims[kind.name]]
    if not dataset.snapshot:
        closed = []
    close = cypher_by_type.close_claims(kind.rel)
    for start in range(0, len(closed), options.batch_size):
        parameters = {
            "claims": closed[start : start + options.batch_size],
            "date": close_on,
            "run": params["run"],
        }
        writes.submit(_statement(db, close, parameters, options, None))
    same = len(seen) - total + (delta.unchanged[kind.name] if delta is not None else 0)
    return {
        f"{kind.name}_written": total,
        f"{kind.name}_unchanged": same,
        f"{kind.name}_closed": len(closed),
    }
