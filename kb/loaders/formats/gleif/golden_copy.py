"""GLEIF golden-copy XML: LEI-CDF 3.1 ``lei-data``, RR-CDF 2.1 ``rr-data``, reporting exceptions.

Files are read as a stream (a full golden copy holds millions of records); each record element is
dropped from the tree once it has been handed to the :class:`~kb.loaders.formats.gleif.records.Collector`.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kb.errors import LoadError
from kb.loaders.formats.gleif.model import (
    Address,
    FileMeta,
    LeiFacts,
    Period,
    Relationship,
    ReportingException,
    gleif_date,
)
from kb.loaders.formats.gleif.records import Collector

LEI_NS = "http://www.gleif.org/data/schema/leidata/2016"
RR_NS = "http://www.gleif.org/data/schema/rr/2016"
REPEX_NS = "http://www.gleif.org/data/schema/repex/2016"
FULL = "GLEIF_FULL_PUBLISHED"

Reader = Callable[[ET.Element, Collector, str, int], None]


def _texts(elem: ET.Element, path: str, ns: dict[str, str]) -> list[str]:
    return [(e.text or "").strip() for e in elem.findall(path, ns) if (e.text or "").strip()]


def _address(elem: ET.Element | None) -> Address:
    if elem is None:
        return Address()
    ns = {"x": LEI_NS}
    return Address(
        lines=_texts(elem, "x:FirstAddressLine", ns) + _texts(elem, "x:AdditionalAddressLine", ns),
        number=elem.findtext("x:AddressNumber", namespaces=ns),
        number_within_building=elem.findtext("x:AddressNumberWithinBuilding", namespaces=ns),
        city=elem.findtext("x:City", namespaces=ns),
        region=elem.findtext("x:Region", namespaces=ns),
        postal_code=elem.findtext("x:PostalCode", namespaces=ns),
        country=elem.findtext("x:Country", namespaces=ns),
    )


def _lei_record(rec: ET.Element, collector: Collector, file: str, row: int) -> None:
    ns = {"x": LEI_NS}
    entity = rec.find("x:Entity", ns)
    if entity is None:
        entity = ET.Element("Entity")
    names = _texts(entity, "x:OtherEntityNames/x:OtherEntityName", ns)
    names += _texts(entity, "x:TransliteratedOtherEntityNames/x:TransliteratedOtherEntityName", ns)
    authority = "x:RegistrationAuthority/x:RegistrationAuthority"
    facts = LeiFacts(
        lei=rec.findtext("x:LEI", namespaces=ns),
        legal_name=entity.findtext("x:LegalName", namespaces=ns),
        other_names=names,
        address=_address(entity.find("x:LegalAddress", ns)),
        category=entity.findtext("x:EntityCategory", namespaces=ns),
        sub_category=entity.findtext("x:EntitySubCategory", namespaces=ns),
        jurisdiction=entity.findtext("x:LegalJurisdiction", namespaces=ns),
        authority=entity.findtext(f"{authority}ID", namespaces=ns),
        authority_entity_id=entity.findtext(f"{authority}EntityID", namespaces=ns),
    )
    collector.add_lei(file, row, facts)


def _rr_record(rec: ET.Element, collector: Collector, file: str, row: int) -> None:
    ns = {"x": RR_NS}
    rel = rec.find("x:Relationship", ns)
    if rel is None:
        rel = ET.Element("Relationship")
    periods = [
        Period(
            p.findtext("x:StartDate", namespaces=ns),
            p.findtext("x:EndDate", namespaces=ns),
            p.findtext("x:PeriodType", namespaces=ns),
        )
        for p in rel.findall("x:RelationshipPeriods/x:RelationshipPeriod", ns)
    ]
    relationship = Relationship(
        child=rel.findtext("x:StartNode/x:NodeID", namespaces=ns),
        child_type=rel.findtext("x:StartNode/x:NodeIDType", namespaces=ns),
        parent=rel.findtext("x:EndNode/x:NodeID", namespaces=ns),
        parent_type=rel.findtext("x:EndNode/x:NodeIDType", namespaces=ns),
        kind=rel.findtext("x:RelationshipType", namespaces=ns),
        status=rel.findtext("x:RelationshipStatus", namespaces=ns),
        registration=rec.findtext("x:Registration/x:RegistrationStatus", namespaces=ns),
        periods=periods,
    )
    collector.add_relationship(file, row, relationship)


def _repex_record(rec: ET.Element, collector: Collector, file: str, row: int) -> None:
    ns = {"x": REPEX_NS}
    exception = ReportingException(
        lei=rec.findtext("x:LEI", namespaces=ns),
        category=rec.findtext("x:ExceptionCategory", namespaces=ns),
        reasons=_texts(rec, "x:ExceptionReason", ns),
    )
    collector.add_exception(file, row, exception)


@dataclass(frozen=True)
class Shape:
    kind: str
    header: str
    record: str
    read: Reader


SHAPES = {
    f"{{{LEI_NS}}}LEIData": Shape("lei", f"{{{LEI_NS}}}LEIHeader", f"{{{LEI_NS}}}LEIRecord", _lei_record),
    f"{{{RR_NS}}}RelationshipData": Shape(
        "rr", f"{{{RR_NS}}}Header", f"{{{RR_NS}}}RelationshipRecord", _rr_record
    ),
    f"{{{REPEX_NS}}}ReportingExceptionData": Shape(
        "repex", f"{{{REPEX_NS}}}Header", f"{{{REPEX_NS}}}Exception", _repex_record
    ),
}


def read_xml(path: Path, file: str, collector: Collector) -> FileMeta:
    """Hand every record of one golden-copy file to ``collector``; ``file`` names it in issues."""
    shape: Shape | None = None
    stack: list[ET.Element] = []
    header: dict[str, str] = {}
    count = 0
    try:
        # ElementTree never fetches external entities, and expat >= 2.4.1 (bundled with every Python
        # kb supports) refuses entity-expansion bombs: the stdlib parser is safe on untrusted files.
        for event, elem in ET.iterparse(path, events=("start", "end")):  # noqa: S314
            if event == "start":
                if shape is None and (shape := SHAPES.get(elem.tag)) is None:
                    raise LoadError(
                        f"{path}: unsupported XML root element {elem.tag} "
                        "(expected GLEIF LEIData, RelationshipData or ReportingExceptionData)"
                    )
                stack.append(elem)
                continue
            stack.pop()
            assert shape is not None
            if elem.tag == shape.record:
                count += 1
                shape.read(elem, collector, file, count)
                if stack:
                    stack[-1].remove(elem)
            elif elem.tag == shape.header:
                header = {child.tag.rpartition("}")[2]: (child.text or "").strip() for child in elem}
    except ET.ParseError as exc:
        raise LoadError(f"{path}: not well-formed XML ({exc})") from None
    assert shape is not None
    try:
        date = gleif_date(header.get("ContentDate"))
    except ValueError:
        date = None
    full = header.get("FileContent") == FULL and header.get("RecordCount") == str(count)
    return FileMeta(shape.kind, full, date)
