"""Bring the Entities of some records in line with what clustering says of them.

The graph's Entities are a view: which Entity a SourceRecord describes follows from the records
and the active judgements (:func:`kb.resolution.clusters.cluster`), and every claim keeps the
records at its two ends (``a_record``, ``b_record``). :func:`recluster` reads the records linked
to the given ones (sharing an Entity, a strong identifier, a record id or a judgement, transitively),
clusters them, and where the graph differs moves records and claims, creates and deletes Entities
and writes their views again, one write transaction per batch of components. A load, an accept, a
reject or an undo each ends with it, so the graph is the same whatever order they came in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from kb.db import Database, Row, Run
from kb.errors import LoadError
from kb.loaders.write import cypher_by_type, match_keys
from kb.loaders.write.records import merged_view
from kb.queries import Statement, run, statement, wrapper
from kb.resolution.clusters import WEAK_SCHEMES, Clustering, Link, Node, Refusal, cluster
from kb.schema import KIND_LABELS

CLAIM_TYPES = (
    ("OWNS", False), ("CONTROLS", False), ("LISTED_ON", True), ("OFFICER_OF", False), ("TRUST_ROLE", False),
)  # fmt: skip
BATCH = 2_000  # records read per query while following links
MAX_COMPONENT = 50_000  # records one read of components may reach before clustering stops with an error


@wrapper("clusters/record_links")
def record_links(db: Database, *, keys: list[str], weak: list[str]) -> list[Row]:
    return run(db, "clusters/record_links", keys=keys, weak=weak)


@wrapper("clusters/move_records")
def move_records(*, rows: list[dict[str, Any]]) -> Statement:
    return statement("clusters/move_records", rows=rows)


@wrapper("clusters/entity_identifiers")
def entity_identifiers(*, ids: list[str]) -> Statement:
    return statement("clusters/entity_identifiers", ids=ids)


@wrapper("clusters/delete_empty")
def delete_empty(*, ids: list[str]) -> Statement:
    return statement("clusters/delete_empty", ids=ids)


@wrapper("clusters/entity_views")
def entity_views(*, ids: list[str]) -> Statement:
    return statement("clusters/entity_views", ids=ids)


@wrapper("clusters/joint_ventures")
def joint_ventures(*, ids: list[str]) -> Statement:
    return statement("clusters/joint_ventures", ids=ids)


@dataclass
class Component:
    """Records that links join, with what clustering needs of them and where they are now."""

    nodes: dict[str, Node] = field(default_factory=dict)
    current: dict[str, str | None] = field(default_factory=dict)  # record key -> Entity id now
    judgements: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> {decision, at, a, b}

    def clustering(self) -> Clustering:
        links = [
            Link(j["id"], j["at"], j["a"], j["b"])
            for j in self.judgements.values()
            if j["decision"] == "accept"
        ]
        negatives = [(j["a"], j["b"]) for j in self.judgements.values() if j["decision"] == "reject"]
        return cluster(self.nodes.values(), links, negatives)


def read_components(db: Database, keys: Iterable[str]) -> Component:
    """The records ``keys`` and every record linked to them, transitively (one component or more)."""
    found = Component()
    frontier = sorted(set(keys))
    while frontier:
        if len(found.nodes) + len(frontier) > MAX_COMPONENT:
            raise LoadError(f"more than {MAX_COMPONENT} records linked to one another: not clustered")
        seen_now: set[str] = set()
        for start in range(0, len(frontier), BATCH):
            for row in record_links(db, keys=frontier[start : start + BATCH], weak=list(WEAK_SCHEMES)):
                key = row["key"]
                found.nodes[key] = Node(key, row["record_id"], tuple(row["identifiers"]))
                found.current[key] = row["entity"]
                for judgement in row["judgements"]:
                    found.judgements[judgement["id"]] = judgement
                seen_now.update(row["neighbours"])
        frontier = sorted(seen_now - set(found.nodes))
    return found


Plan = tuple[Clustering, list[dict[str, Any]], set[str], set[str]]  # clusters, moves, written, gone


@dataclass(frozen=True)
class Outcome:
    entity: dict[str, str]  # record key -> Entity id, for every record of the components read
    changed: list[str]  # Entity ids written (created, grown, shrunk)
    deleted: list[str]  # Entity ids gone
    refused: list[Refusal]


def plan(component: Component) -> Plan:
    """The clustering, the records to move, the Entities to write and those that may go."""
    result = component.clustering()
    moves = [
        {"key": key, "entity": entity}
        for key, entity in sorted(result.entity.items())
        if component.current.get(key) != entity
    ]
    before = {entity for entity in component.current.values() if entity is not None}
    touched: set[str] = set()
    for move in moves:
        touched.add(move["entity"])
        old = component.current.get(move["key"])
        if old is not None:
            touched.add(old)
    written = {entity for entity in touched if entity in result.members}
    gone = (before | touched) - set(result.members)
    return result, moves, written, gone


def recluster(db: Database, keys: Iterable[str], *, rewrite: bool = False) -> Outcome:
    """Cluster the components of the records ``keys`` and make the graph say so (see the module),
    :data:`BATCH` seed records at a time, one write transaction each (a component is never split
    between two); with ``rewrite``, write every Entity's view again even where no record moves (a
    migration)."""
    seeds = sorted(set(keys))
    entity: dict[str, str] = {}
    written: list[str] = []
    gone: list[str] = []
    refused: list[Refusal] = []
    for start in range(0, len(seeds), BATCH):
        chunk = [key for key in seeds[start : start + BATCH] if key not in entity]
        if not chunk:
            continue
        component = read_components(db, chunk)
        planned = plan(component)
        if planned[1] or (rewrite and component.nodes):
            outcome = db.in_write_transaction(partial(_write, planned=planned, rewrite=rewrite))
        else:
            outcome = Outcome(planned[0].entity, [], [], planned[0].refused)
        entity.update(outcome.entity)
        written += outcome.changed
        gone += outcome.deleted
        refused += outcome.refused
    return Outcome(entity, sorted(set(written)), sorted(set(gone)), refused)


def apply(run_: Run, component: Component, *, rewrite: bool = False) -> Outcome:
    """Within a write transaction: make the graph hold ``component`` as clustering says."""
    return _write(run_, plan(component), rewrite=rewrite)


def _write(run_: Run, planned: Plan, *, rewrite: bool = False) -> Outcome:
    result, moves, written, gone = planned
    if rewrite:
        written = written | set(result.members)
    if moves or written:
        _apply(run_, moves, sorted(written), sorted(gone))
    return Outcome(result.entity, sorted(written), sorted(gone), result.refused)


def _apply(run_: Run, moves: list[dict[str, Any]], written: list[str], gone: list[str]) -> None:
    every = sorted({*written, *gone})
    run_(*move_records(rows=moves))
    for rel, end_is_list in CLAIM_TYPES:
        run_(cypher_by_type.move_claims(rel, end_is_list), {"ids": every})
    run_(*entity_identifiers(ids=written))
    run_(*delete_empty(ids=gone))
    run_(*merged_view(ids=written))
    for kind, label in KIND_LABELS.items():
        others = [other for other in KIND_LABELS.values() if other != label]
        run_(cypher_by_type.kind_label(label, others), {"ids": written, "kind": kind})
    run_(*joint_ventures(ids=written))
    match_keys.rewrite(run_, run_(*entity_views(ids=written))[0]["entities"])
