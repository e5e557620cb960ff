"""neo4j-admin import CSV files holding exactly the graph the incremental writer builds.

Same SourceRecords, Entities (merged view), Identifiers, claims, hashes and provenance, so an
incremental load after a bulk load diffs against it as if the writer had written it.
"""

from __future__ import annotations

import csv
import datetime as dt
import multiprocessing
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from kb.errors import LoadError
from kb.lists import LISTS
from kb.loaders.dataset import Dataset, EntityRecord
from kb.loaders.write import claims
from kb.loaders.write.records import payload
from kb.loaders.write.resolve import record_key
from kb.resolution.clusters import Node, cluster, rank
from kb.resolution.keys import keys_of
from kb.schema import KIND_LABELS

ARRAY = "\u001f"  # the admin tool's array delimiter: a character no source text contains
TYPES = {
    "pct": "float",
    "pct_min": "float",
    "pct_max": "float",
    "derived": "boolean",
    "jv": "boolean",
    "start_date": "date",
    "end_date": "date",
    "programs": "string[]",
    "powers": "string[]",
    "names": "string[]",
    "identifiers": "string[]",
    "opacity": "string[]",
    "sources": "string[]",
    "first_seen": "datetime",
    "last_seen": "datetime",
}
STAMP = ("first_seen", "first_run", "last_seen", "last_run")


def _cell(value: Any) -> str:
    if type(value) is str:
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ARRAY.join(str(v) for v in value)
    return str(value)


def _converters(header: Sequence[str]) -> list[int]:
    """The columns whose values the csv module would not write as the admin tool reads them:
    arrays, booleans, datetimes. Strings, numbers, dates and None (empty) it writes right."""
    kinds = ("[]", ":boolean", ":datetime")
    return [i for i, name in enumerate(header) if name.endswith(kinds)]


class ImportFiles:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.nodes: list[Path] = []
        self.relationships: list[Path] = []

    @classmethod
    def found(cls, folder: Path) -> ImportFiles:
        """The files :func:`write_all` left in ``folder``."""
        files = cls(folder)
        node_files = {"entities.csv", "records.csv", "identifiers.csv", "lists.csv", "match_keys.csv"}
        for path in sorted(folder.glob("*.csv")):
            (files.nodes if path.name in node_files else files.relationships).append(path)
        return files

    def write(
        self, name: str, head: Sequence[str], props: Sequence[str], rows: Iterable[Sequence[Any]], node: bool
    ) -> None:
        path = self.folder / name
        header = [*head, *(f"{p}:{TYPES[p]}" if p in TYPES else p for p in props)]
        convert = _converters(header)
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            for row in rows:
                cells = list(row)
                for i in convert:
                    cells[i] = _cell(cells[i])
                writer.writerow(cells)
        (self.nodes if node else self.relationships).append(path)


def _view(records: list[dict[str, Any]], dataset: str) -> dict[str, Any]:
    """The merged view, as load/merged_view computes it: records in rank order, the first names it."""
    if len(records) == 1:  # nearly every entity: its one record is its view
        p = records[0]["props"]
        return {**p, "names": list(dict.fromkeys(n for n in p["names"] if n != p["name"])),
                "opacity": list(dict.fromkeys(p["opacity"])),
                "sources": list(dict.fromkeys(s for s in (dataset, p["source"]) if s))}  # fmt: skip
    records = sorted(records, key=lambda p: rank(p["id"], p["key"]))
    props = [p["props"] for p in records]
    names = list(dict.fromkeys(n for p in props for n in [p["name"], *p["names"]]))

    def pick(field: str) -> Any:
        return next((p[field] for p in props if p[field] is not None), None)

    return {
        "name": names[0],
        "names": names[1:],
        "kind": props[0]["kind"],
        "country": pick("country"),
        "address": pick("address"),
        "opacity": list(dict.fromkeys(o for p in props for o in p["opacity"])),
        "sources": list(dict.fromkeys(s for p in props for s in (dataset, p["source"]) if s)),
    }


def entity_mapping(entities: list[EntityRecord], source: str) -> dict[str, str]:
    """In an empty graph a record's Entity is its cluster's (kb.resolution.clusters): no judgements
    yet, only the identifiers and record ids the records share."""
    nodes = [Node(record_key(source, r["id"]), r["id"], tuple(r["identifiers"])) for r in entities]
    found = cluster(nodes).entity
    return {r["id"]: found[record_key(source, r["id"])] for r in entities}


def write_all(
    folder: Path,
    dataset: Dataset,
    mapping: Mapping[str, str],
    valid: Mapping[str, list[Mapping[str, Any]]],
    run: str,
    now: dt.datetime,
) -> dict[str, int]:
    source = dataset.source.name
    moment = now.isoformat()
    stamp = (moment, run, moment, run)
    files = ImportFiles(folder)
    # The relationship files are written by a forked child at the same time: two cores, half the wait.
    child = multiprocessing.get_context("fork").Process(
        target=_write_all_facts, args=(files, valid, mapping, source, stamp), name="kb-bulk-facts"
    )
    child.start()
    try:
        counts = _write_entities(files, dataset, mapping, valid, source, stamp)
    finally:
        child.join()
    if child.exitcode != 0:
        raise LoadError(f"writing the relationship import files failed (exit code {child.exitcode})")
    for kind in claims.KINDS:
        rows = len(valid[kind.name])
        counts.update({f"{kind.name}_written": rows, f"{kind.name}_unchanged": 0, f"{kind.name}_closed": 0})
    return counts


def _write_all_facts(
    files: ImportFiles,
    valid: Mapping[str, list[Mapping[str, Any]]],
    mapping: Mapping[str, str],
    source: str,
    stamp: tuple[Any, ...],
) -> None:
    for kind in claims.KINDS:
        _write_facts(files, kind, valid[kind.name], mapping, source, stamp)


def _write_entities(
    files: ImportFiles,
    dataset: Dataset,
    mapping: Mapping[str, str],
    valid: Mapping[str, list[Mapping[str, Any]]],
    source: str,
    stamp: tuple[Any, ...],
) -> dict[str, int]:
    payloads = [payload(record, source, mapping[record["id"]]) for record in dataset.entities]
    by_entity: dict[str, list[dict[str, Any]]] = {}
    for item in payloads:
        by_entity.setdefault(item["entity"], []).append(item)
    jvs = {mapping[record["jv_id"]] for record in valid["jvs"]}
    view_props = ("name", "names", "kind", "country", "address", "opacity", "sources")
    entity_rows = []
    views = {}
    for entity, items in by_entity.items():
        views[entity] = view = _view(items, source)
        labels = ["Entity", KIND_LABELS[view["kind"]], *(["JointVenture"] if entity in jvs else [])]
        entity_rows.append([entity, ARRAY.join(labels), *(view[p] for p in view_props), *stamp])
    files.write("entities.csv", ["id:ID(Entity)", ":LABEL"], [*view_props, *STAMP], entity_rows, node=True)
    record_props = ("name", "names", "kind", "country", "address", "opacity", "identifiers", "source")
    files.write(
        "records.csv",
        ["key:ID(SourceRecord)", ":LABEL", "record_id", "dataset", "hash"],
        [*record_props, *STAMP],
        (
            [
                p["key"],
                "SourceRecord",
                p["id"],
                source,
                p["hash"],
                *(p["props"][f] for f in record_props),
                *stamp,
            ]
            for p in payloads
        ),
        node=True,
    )
    identifiers = {i["key"]: i for p in payloads for i in p["identifiers"]}
    files.write(
        "identifiers.csv",
        ["key:ID(Identifier)", ":LABEL"],
        ["scheme", "value"],
        ([k, "Identifier", i["scheme"], i["value"]] for k, i in identifiers.items()),
        node=True,
    )
    files.write(
        "lists.csv",
        ["code:ID(List)", ":LABEL"],
        ["name", "authority", "jurisdiction"],
        (
            [i.code, "List", i.name, i.authority, i.jurisdiction]
            for i in [*LISTS.values(), *dataset.lists.values()]
        ),
        node=True,
    )
    files.write(
        "describes.csv",
        [":START_ID(SourceRecord)", ":END_ID(Entity)", ":TYPE"],
        [],
        ([p["key"], p["entity"], "DESCRIBES"] for p in payloads),
        node=False,
    )
    links = {(p["entity"], i["key"]) for p in payloads for i in p["identifiers"]}
    files.write(
        "has_identifier.csv",
        [":START_ID(Entity)", ":END_ID(Identifier)", ":TYPE"],
        [],
        ([e, k, "HAS_IDENTIFIER"] for e, k in sorted(links)),
        node=False,
    )
    _write_match_keys(files, views, links)
    return {"entities_written": len(payloads), "entities_unchanged": 0, "entities_absent": 0}


def _write_match_keys(
    files: ImportFiles, views: Mapping[str, Mapping[str, Any]], links: Iterable[tuple[str, str]]
) -> None:
    """The match keys `kb db reindex-names` would write: those of each Entity's merged view and
    identifiers (:func:`kb.resolution.keys.entity_keys`), computed over the cores."""
    identifiers: dict[str, list[str]] = {}
    for entity, key in links:
        identifiers.setdefault(entity, []).append(key)
    parties = [
        {"id": entity, **view, "identifiers": identifiers.get(entity, [])} for entity, view in views.items()
    ]
    seen: set[str] = set()

    def links_of() -> Iterator[list[str]]:
        for row in keys_of(parties):
            seen.update(row["keys"])
            for key in row["keys"]:
                yield [row["id"], key, "HAS_MATCH_KEY"]

    head = [":START_ID(Entity)", ":END_ID(MatchKey)", ":TYPE"]
    files.write("has_match_key.csv", head, [], links_of(), node=False)
    files.write(
        "match_keys.csv",
        ["key:ID(MatchKey)", ":LABEL"],
        [],
        ([k, "MatchKey"] for k in sorted(seen)),
        node=True,
    )


def _write_facts(
    files: ImportFiles,
    kind: claims.FactKind,
    records: list[Mapping[str, Any]],
    mapping: Mapping[str, str],
    source: str,
    stamp: tuple[Any, ...],
) -> None:
    props = [*kind.props, *(name for name, _ in kind.constant), "source", "a_record"]
    if not kind.end_is_list:
        props.append("b_record")
    rows = []
    for record in records:
        fact = claims.claim(source, kind, record, mapping)
        rows.append(
            [
                fact.start,
                fact.end,
                kind.rel,
                fact.key,
                source,
                fact.hash,
                *(fact.props[p] for p in props),
                *stamp,
            ]
        )
    end = ":END_ID(List)" if kind.end_is_list else ":END_ID(Entity)"
    head = [":START_ID(Entity)", end, ":TYPE", "claim", "dataset", "hash"]
    files.write(f"{kind.name}.csv", head, [*props, *STAMP], rows, node=False)
