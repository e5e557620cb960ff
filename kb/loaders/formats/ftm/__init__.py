"""FollowTheMoney (FtM) entities as OpenSanctions exports them: one JSON entity per line.

Parties (Company, LegalEntity, Organization, PublicBody, Person, Vessel) become entity records
``ftm:<id>``; Ownership, Directorship, Sanction and Identification entities become stakes,
officers, listings and identifiers. A delta file (``{"op": "ADD", "entity": {...}}`` lines) is read
the same way but is not a full snapshot. See docs/loaders/ftm.md.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kb.errors import LoadError
from kb.lists import ListInfo, source_code
from kb.loaders import fields as f
from kb.loaders.dataset import (
    Dataset,
    EntityRecord,
    ListingRecord,
    OfficerRecord,
    SourceInfo,
    StakeRecord,
    TrustRoleRecord,
    Unique,
    later_end,
)
from kb.loaders.fields import full_date, unique_names
from kb.loaders.formats.ftm import props as p
from kb.loaders.read import Row, json_lines

SOURCE = SourceInfo(
    "ftm", "OpenSanctions", "https://www.opensanctions.org", "CC BY-NC 4.0"
)  # per file: ftm-<file>
DELTA_OPS = ("ADD", "MOD", "DEL")


class Problem(Exception):
    def __init__(self, field: str, value: Any, reason: str) -> None:
        super().__init__(reason)
        self.field, self.value, self.reason = field, value, reason


class _Reader:
    def __init__(self, path: Path, source: str | None) -> None:
        self.path, self.file = path, path.name
        self.ds = Dataset(source=SOURCE.for_file(path, source))
        self.unique = Unique(self.ds.issues)
        self.records: dict[str, EntityRecord] = {}
        self.addresses: dict[str, str] = {}
        # source-defined list code -> what its Sanctions say of its authority and country
        self.said: dict[str, tuple[Counter[str], Counter[str]]] = {}

    def issue(self, line: int, field: str, value: Any, reason: str) -> None:
        self.ds.issues.add(self.file, line, field, value, reason)

    def entities(self, rows: list[Row]) -> list[Row]:
        """The FtM entities, delta operations unwrapped; the first line of an id wins."""
        seen: set[str] = set()
        kept: list[Row] = []
        for line, obj in rows:
            if "op" in obj:
                self.ds.snapshot = False
                if obj["op"] not in DELTA_OPS or not isinstance(obj.get("entity"), dict):
                    raise LoadError(
                        f"{self.path}:{line}: a delta line is {{'op': ADD|MOD|DEL, 'entity': {{...}}}}"
                    )
                if obj["op"] == "DEL":
                    self.issue(line, "op", "DEL", "deletions are not applied: load a full export to drop it")
                    continue
                obj = obj["entity"]
            for key in ("id", "schema"):
                if not isinstance(obj.get(key), str) or not obj[key]:
                    raise LoadError(f"{self.path}:{line}: an FtM entity needs a string {key!r}")
            if not isinstance(obj.get("properties", {}), dict):
                raise LoadError(f"{self.path}:{line}: 'properties' must be an object")
            if obj["id"] in seen:
                self.issue(line, "id", obj["id"], "duplicate id: the first line wins")
                continue
            seen.add(obj["id"])
            kept.append((line, obj))
        return kept

    def entity(self, line: int, ent: dict[str, Any]) -> None:
        props: p.Props = ent.get("properties", {})
        names = [n for prop in p.NAME_PROPS for n in p.values(props, prop)]
        caption = ent.get("caption")
        name = caption.strip() if isinstance(caption, str) and caption.strip() else next(iter(names), None)
        if not name:
            self.issue(line, "name", None, "required, but empty")
            return
        cc, rejected = p.country(props, p.COUNTRY_PROPS[ent["schema"] == "Person"])
        if cc is None and rejected:
            self.issue(line, "country", rejected[0], "not an ISO 3166-1 alpha-2 country code: left empty")
        identifiers: list[str] = []
        for prop in p.IDENTIFIER_PROPS:
            for raw in p.values(props, prop):
                self.add_identifier(line, identifiers, prop, raw, cc)
        address = p.first(props, "address")
        for ref in p.values(props, "addressEntity"):
            address = address or self.addresses.get(ref)
        record: EntityRecord = {
            "id": f"ftm:{ent['id']}", "name": name, "kind": p.KINDS[ent["schema"]], "country": cc,
            "names": unique_names(names, name), "identifiers": identifiers, "address": address,
            "opacity": [], "source": self.ds.source.name, "row": line,
        }  # fmt: skip
        self.records[ent["id"]] = record
        self.ds.entities.append(record)

    def add_identifier(self, line: int, identifiers: list[str], prop: str, raw: str, cc: str | None) -> None:
        try:
            key = p.identifier(prop, raw, cc)
        except ValueError as exc:
            self.issue(line, prop, raw, f"{exc}: identifier left out")
            return
        value = key.partition(":")[2] if key else None
        if key is None or key in identifiers:
            return
        if key.startswith("REG") and any(i.partition(":")[2] == value for i in identifiers):
            return  # a registry number already known under a stronger scheme
        identifiers.append(key)

    def day(self, props: p.Props, prop: str, pick: Callable[[list[dt.date]], dt.date]) -> dt.date | None:
        """The earliest or latest full date of a property; partial dates count as unknown."""
        days = []
        for raw in p.values(props, prop):
            try:
                day = full_date(raw)
            except ValueError as exc:
                raise Problem(prop, raw, str(exc)) from None
            if day:
                days.append(day)
        return pick(days) if days else None

    def dates(self, props: p.Props) -> tuple[dt.date | None, dt.date | None]:
        """Earliest ``startDate``, latest ``endDate``."""
        start, end = self.day(props, "startDate", min), self.day(props, "endDate", max)
        if start and end and end < start:
            raise Problem("endDate", end.isoformat(), "end date before start date")
        return start, end

    def party(self, props: p.Props, prop: str) -> str:
        ref = p.first(props, prop)
        if ref is None:
            raise Problem(prop, None, "required, but empty")
        return f"ftm:{ref}"

    def relation(self, line: int, ent: dict[str, Any]) -> None:
        props: p.Props = ent.get("properties", {})
        where = (self.file, line, "id", ent["id"])
        try:
            schema = ent["schema"]
            parties = {"Ownership": ("owner", "asset"), "Directorship": ("director", "organization")}
            role = p.trust_role(p.first(props, "role")) if schema in parties else None
            if role is not None:
                self.trust_role(line, props, role, *parties[schema])
            elif schema == "Ownership":
                stake = self.ownership(line, props)
                key = ("stake", stake["owner_id"], stake["owned_id"], "equity", stake["start_date"])
                self.unique.add(self.ds.stakes, stake, key, where, later_end)
            elif ent["schema"] == "Directorship":
                officer = self.directorship(line, props)
                key = (
                    "officer",
                    officer["person_id"],
                    officer["entity_id"],
                    officer["role"],
                    officer["start_date"],
                )
                self.unique.add(self.ds.officers, officer, key, where, later_end)
            elif ent["schema"] == "Sanction":
                self.sanction(line, ent, props)
            else:
                self.identification(line, props)
        except Problem as problem:
            self.issue(line, problem.field, problem.value, problem.reason)

    def ownership(self, line: int, props: p.Props) -> StakeRecord:
        owner, owned = self.party(props, "owner"), self.party(props, "asset")
        raw = p.first(props, "percentage")
        try:
            pct = f.percent(raw.rstrip("%")) if raw else None
        except ValueError as exc:
            raise Problem("percentage", raw, str(exc)) from None
        start, end = self.dates(props)
        return {
            "owner_id": owner, "owned_id": owned, "pct": pct, "pct_min": None, "pct_max": None,
            "basis": "equity", "derived": False, "start_date": start, "end_date": end,
            "source": self.ds.source.name, "row": line,
        }  # fmt: skip

    def trust_role(self, line: int, props: p.Props, role: str, party: str, trust: str) -> None:
        """A settlor's, trustee's, protector's or beneficiary's role in a trust; FtM states no
        powers, so they are not known (``[]``)."""
        start, end = self.dates(props)
        record: TrustRoleRecord = {
            "party_id": self.party(props, party), "trust_id": self.party(props, trust), "role": role,
            "powers": [], "start_date": start, "end_date": end, "source": self.ds.source.name, "row": line,
        }  # fmt: skip
        key = ("trust_role", record["party_id"], record["trust_id"], role, start)
        self.unique.add(self.ds.trust_roles, record, key, (self.file, line, "role", role), later_end)

    def directorship(self, line: int, props: p.Props) -> OfficerRecord:
        start, end = self.dates(props)
        return {
            "person_id": self.party(props, "director"), "entity_id": self.party(props, "organization"),
            "role": p.first(props, "role") or "director", "start_date": start, "end_date": end,
            "source": self.ds.source.name, "row": line,
        }  # fmt: skip

    def sanction(self, line: int, ent: dict[str, Any], props: p.Props) -> None:
        entity_id = self.party(props, "entity")
        datasets = [d for d in ent.get("datasets", []) if isinstance(d, str)]
        start, end = self.dates(props)
        start = start or self.day(props, "listingDate", min)
        code = p.sanction_list(props, datasets)
        codes = [code] if code else self.dataset_lists(datasets, props)
        authority_ids = p.values(props, "authorityId")
        csl = p.CSL_DATASET in datasets
        for code in codes:
            listing: ListingRecord = {
                "entity_id": entity_id, "list": code,
                "programs": [] if csl else (p.values(props, "program") or p.values(props, "programId")),
                "citation": next((a for a in authority_ids if p.FR_CITATION.match(a)), None),
                "license_requirement": p.first(props, "reason") if csl else None,
                "license_policy": p.first(props, "provisions") if csl else None,
                "source_entry_id": next((a for a in authority_ids if not p.FR_CITATION.match(a)), ent["id"]),
                "start_date": start, "end_date": end, "source": self.ds.source.name, "row": line,
            }  # fmt: skip
            self.add_listing(listing)

    def dataset_lists(self, datasets: list[str], props: p.Props) -> list[str]:
        """A Sanction of no built-in list is on its OpenSanctions dataset's list (``os:<dataset>``)."""
        if not datasets:
            hint = " / ".join(p.values(props, "authority")[:1] + p.values(props, "programId")[:1]) or None
            raise Problem(
                "datasets", hint, "no kb list and no OpenSanctions dataset names its list: left out"
            )
        codes = []
        for dataset in datasets:
            try:
                codes.append(source_code(p.OS_NAMESPACE, dataset))
            except ValueError as exc:
                raise Problem("datasets", dataset, str(exc)) from None
        for code in codes:  # only once the Sanction is kept: a list is defined by what it lists
            authorities, countries = self.said.setdefault(code, (Counter(), Counter()))
            authorities.update(p.values(props, "authority"))
            countries.update(c.upper() for c in p.values(props, "country"))
        return codes

    def source_lists(self) -> dict[str, ListInfo]:
        """Each dataset's list, with the authority and country most of its Sanctions give (the
        first given, on a tie)."""
        lists = {}
        for code, (authorities, countries) in self.said.items():
            authority = authorities.most_common(1)[0][0] if authorities else None
            country = countries.most_common(1)[0][0] if countries else None
            name = f"OpenSanctions dataset {code.partition(':')[2]}"
            lists[code] = ListInfo(code, name, authority, country)
        return lists

    def add_listing(self, listing: ListingRecord) -> None:
        """One listing per entity, list and start date: the programs of several entries are merged."""
        key = ("listing", listing["entity_id"], listing["list"], listing["start_date"])
        at = self.unique.index.get(key)
        if at is None:
            self.unique.index[key] = len(self.ds.listings)
            self.ds.listings.append(listing)
            return
        kept = self.ds.listings[at]
        kept["programs"] += [prog for prog in listing["programs"] if prog not in kept["programs"]]

    def identification(self, line: int, props: p.Props) -> None:
        holder, number = self.party(props, "holder"), p.first(props, "number")
        kind = p.first(props, "type") or ""
        if number is None:
            raise Problem("number", None, "required, but empty")
        prop = p.identification_prop(kind)
        if prop is None:
            raise Problem("type", kind, "identification type not mapped to a kb scheme: left out")
        record = self.records.get(holder.removeprefix("ftm:"))
        if record is None:
            raise Problem("holder", holder, "the holder is not a party in this file: left out")
        cc, _ = p.country(props, ("country",))
        self.add_identifier(line, record["identifiers"], prop, number, cc or record["country"])

    def dataset_listings(self, rows: list[Row]) -> None:
        """A target with the `sanction` topic in a list's own dataset, or with that list's programId."""
        listed = {(r["entity_id"], r["list"]) for r in self.ds.listings}
        for line, ent in rows:
            if ent["schema"] not in p.KINDS or ent["id"] not in self.records:
                continue
            props: p.Props = ent.get("properties", {})
            codes = [p.PROGRAM_LISTS[i] for i in p.values(props, "programId") if i in p.PROGRAM_LISTS]
            if ent.get("target") is True and "sanction" in p.values(props, "topics"):
                codes += [p.DATASET_LISTS[d] for d in ent.get("datasets", []) if d in p.DATASET_LISTS]
            entity_id = f"ftm:{ent['id']}"
            for code in dict.fromkeys(codes):
                if (entity_id, code) not in listed:
                    listed.add((entity_id, code))
                    self.add_listing({
                        "entity_id": entity_id, "list": code, "programs": [], "start_date": None,
                        "end_date": None, "citation": None, "license_requirement": None,
                        "license_policy": None, "source_entry_id": None, "source": self.ds.source.name,
                        "row": line,
                    })  # fmt: skip


def parse(path: Path, source: str | None = None) -> Dataset:
    """Read one FtM JSON-lines file (a full export or a delta) into a :class:`Dataset`."""
    reader = _Reader(path, source)
    rows = reader.entities(json_lines(path))
    for _, ent in rows:
        if ent["schema"] == "Address":
            full = p.first(ent.get("properties", {}), "full") or ent.get("caption")
            if isinstance(full, str) and full.strip():
                reader.addresses[ent["id"]] = full.strip()
    for line, ent in rows:
        if ent["schema"] in p.KINDS:
            reader.entity(line, ent)
    for line, ent in rows:
        schema = ent["schema"]
        if schema in p.RELATIONS:
            reader.relation(line, ent)
        elif schema not in p.KINDS and schema not in p.IGNORED:
            reader.issue(line, "schema", schema, "schema not loaded by kb: left out")
    reader.dataset_listings(rows)
    reader.ds.lists = reader.source_lists()
    return reader.ds
