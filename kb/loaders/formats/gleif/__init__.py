"""GLEIF LEI data: API v1 JSON responses and golden-copy XML files, as one :class:`Dataset`.

``parse`` takes one file or a folder (every ``.json`` and ``.xml`` file in it, recursively, in
path order). Each file's shape is told from its content: a JSON:API document whose ``data`` holds
``lei-records``, ``relationship-records`` or ``reporting-exceptions``, or a golden-copy XML file
(LEI-CDF ``LEIData``, RR-CDF ``RelationshipData``, ``ReportingExceptionData``). Anything else is a
:class:`~kb.errors.LoadError` naming the file. What becomes which record: ``records``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kb.errors import LoadError
from kb.loaders.dataset import Dataset
from kb.loaders.formats.gleif.golden_copy import read_xml
from kb.loaders.formats.gleif.model import (
    Address,
    FileMeta,
    LeiFacts,
    Period,
    Relationship,
    ReportingException,
    gleif_date,
)
from kb.loaders.formats.gleif.records import SOURCE, Collector
from kb.loaders.read import json_value, source_files

__all__ = ["SOURCE", "parse"]  # SOURCE is declared in records, whose ids it prefixes
SUFFIXES = (".json", ".xml")
GOLDEN_COPY_PARTS = {"lei", "rr", "repex"}


def parse(path: Path) -> Dataset:
    files = source_files(path, SUFFIXES, recursive=True)
    collector = Collector()
    metas: list[FileMeta] = []
    for file in files:
        label = file.relative_to(path).as_posix() if path.is_dir() else file.name
        reader = read_json if _sniff(file) == "json" else read_xml
        metas.append(reader(file, label, collector))
    # Only a complete golden copy (all three parts, every record) may close what it no longer holds.
    snapshot = all(m.full for m in metas) and {m.kind for m in metas} >= GOLDEN_COPY_PARTS
    return Dataset(
        source=SOURCE,
        entities=collector.entities(),
        controls=collector.controls,
        issues=collector.issues,
        snapshot=snapshot,
        snapshot_date=max((m.date for m in metas if m.date), default=None),
        files={kind: _label(names, path) for kind, names in collector.files.items() if names},
    )


def _label(names: set[str], path: Path) -> str:
    return next(iter(names)) if len(names) == 1 else path.name


def _sniff(path: Path) -> str:
    with path.open("rb") as handle:
        head = handle.read(256).removeprefix(b"\xef\xbb\xbf").lstrip()
    if not head:
        raise LoadError(f"{path}: empty file, expected GLEIF JSON or XML")
    if head[:1] in (b"{", b"["):
        return "json"
    if head[:1] == b"<":
        return "xml"
    raise LoadError(f"{path}: neither JSON nor XML (starts with {head[:10]!r})")


def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [] if value is None else [value]


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _strings(value: Any, key: str | None = None) -> list[str]:
    items = (_obj(v).get(key) for v in _items(value)) if key else _items(value)
    return [s for s in items if isinstance(s, str) and s.strip()]


def _lei_record(attrs: dict[str, Any]) -> LeiFacts:
    entity = _obj(attrs.get("entity"))
    address = _obj(entity.get("legalAddress"))
    return LeiFacts(
        lei=_str(attrs.get("lei")),
        legal_name=_str(_obj(entity.get("legalName")).get("name")),
        other_names=_strings(entity.get("otherNames"), "name")
        + _strings(entity.get("transliteratedOtherNames"), "name"),
        address=Address(
            lines=_strings(address.get("addressLines")),
            number=_str(address.get("addressNumber")),
            number_within_building=_str(address.get("addressNumberWithinBuilding")),
            city=_str(address.get("city")),
            region=_str(address.get("region")),
            postal_code=_str(address.get("postalCode")),
            country=_str(address.get("country")),
        ),
        category=_str(entity.get("category")),
        sub_category=_str(entity.get("subCategory")),
        jurisdiction=_str(entity.get("jurisdiction")),
        authority=_str(_obj(entity.get("registeredAt")).get("id")),
        authority_entity_id=_str(entity.get("registeredAs")),
        bics=_strings(attrs.get("bic")),
    )


def _relationship(attrs: dict[str, Any]) -> Relationship:
    rel = _obj(attrs.get("relationship"))
    start, end = _obj(rel.get("startNode")), _obj(rel.get("endNode"))
    periods = [
        Period(_str(p.get("startDate")), _str(p.get("endDate")), _str(p.get("type")))
        for p in map(_obj, _items(rel.get("periods")))
    ]
    return Relationship(
        child=_str(start.get("id")),
        child_type=_str(start.get("type")),
        parent=_str(end.get("id")),
        parent_type=_str(end.get("type")),
        kind=_str(rel.get("type")),
        status=_str(rel.get("status")),
        registration=_str(_obj(attrs.get("registration")).get("status")),
        periods=periods,
    )


def _exception(attrs: dict[str, Any]) -> ReportingException:
    return ReportingException(
        lei=_str(attrs.get("lei")),
        category=_str(attrs.get("category")),
        reasons=_strings(attrs.get("reason")),
    )


def read_json(path: Path, file: str, collector: Collector) -> FileMeta:
    """Hand every record of one API v1 response to ``collector``; ``file`` names it in issues."""
    document = json_value(path)
    if not isinstance(document, dict) or "data" not in document:
        errors = _obj(document).get("errors")
        if errors:
            title = _obj(_items(errors)[0]).get("title")
            raise LoadError(f"{path}: a GLEIF API error response ({title}), not data")
        raise LoadError(f"{path}: not a GLEIF API v1 response (no top-level 'data')")
    data = document["data"]
    if not isinstance(data, dict | list):
        raise LoadError(f"{path}: 'data' is neither a record nor a list of records")
    for row, item in enumerate(_items(data), start=1):
        attrs = _obj(item).get("attributes")
        if not isinstance(attrs, dict):
            raise LoadError(f"{path}: record {row}: no 'attributes' object")
        kind = _obj(item).get("type")
        if kind == "lei-records":
            collector.add_lei(file, row, _lei_record(attrs))
        elif kind == "relationship-records":
            collector.add_relationship(file, row, _relationship(attrs))
        elif kind == "reporting-exceptions":
            collector.add_exception(file, row, _exception(attrs))
        else:
            raise LoadError(
                f"{path}: record {row}: unsupported type {kind!r} "
                "(expected lei-records, relationship-records or reporting-exceptions)"
            )
    try:
        date = gleif_date(_str(_obj(_obj(document.get("meta")).get("goldenCopy")).get("publishDate")))
    except ValueError:
        date = None
    return FileMeta("api", False, date)
