"""The labelled name pairs of tests/fixtures/match/pairs.csv, resolved against the real samples.

The file holds references only (sample file, record key, which of its names), never the names:
two of the samples (dod_1260h, ftm_opensanctions) are CC BY-NC and may not be copied into kb.
Each side is ``sample path|record key|selector``; the selector picks the record's ``name`` or one
alias (``alt:<OFAC alt_num>``, ``alias:<n>``, ``name:<n>``, ``other:<n>``, ``translit:<n>``,
``parent``). ``check`` is a hash of the two names resolved, so that a changed sample fails loudly
instead of silently testing other names. ``evidence`` ``name`` builds each side from the chosen
name, the record's kind and country; ``address`` adds the record's addresses (only for two different
records: two names of one record share its address by construction); ``full`` adds addresses and
identifiers. Two names of **one person's record** share its birth date by construction, as they share its
identifiers: both sides carry the record's date when the sample gives one (OFAC's
"DOB …", the CSL's dates_of_birth, FtM's birthDate), or :data:`ONE_RECORD` standing for "the
record's date" when it gives none (four person records: three OFAC entries, one FtM entity), so that
a person pair measures the names, not the rule that persons never match on names alone
(kb/resolution/lookalikes.py; the lookalike set and tests/test_lookalike_rules.py test that rule).
The same-date bonus lifts none of these pairs across the match threshold. Two **different person
records** carry the date each list gives, whatever the evidence: the lists' own evidence, as list
screening compares it (identifiers are what the cross-script set removes); a record without one
carries none.

Used by tests/test_match_labelled.py and bench/bench_match.py (both pass the samples folder,
``$KB_SHARED_DIR/data/real``).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rigour.territories import lookup_territory

from kb.resolution import PartyRecord

PAIRS = Path(__file__).resolve().parent / "fixtures" / "match" / "pairs.csv"
XSCRIPT_PAIRS = PAIRS.with_name("xscript_pairs.csv")  # bench/build_xscript_pairs.py writes it
# Tuned on these samples; every pair touching another sample is held out.
DEV_SAMPLES = frozenset({"ofac_sdn", "ns_cmic"})
_USCC = re.compile(r"Unified Social Credit Code \(USCC\) (\w{18})")
_DOB = re.compile(r"DOB (?:(\d{1,2}) )?(?:([A-Z][a-z]{2}) )?(\d{4})")
ONE_RECORD = dt.date(1900, 1, 1)  # the unstated date two names of one record share
_MONTHS = {
    m: i
    for i, m in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), start=1
    )
}


def _date(text: str) -> dt.date | None:
    """The first date in ``text``: ISO (``1970-01-22``, ``1970``) or OFAC's ``DOB 22 Jan 1970``; a
    year alone stands as 1 January (two names of one record share it either way)."""
    if match := _DOB.search(text):
        day, month, year = match.groups()
        return dt.date(int(year), _MONTHS.get(month or "Jan", 1), int(day or 1))
    if match := re.match(r"(\d{4})(?:-(\d{2})-(\d{2}))?", text.strip()):
        year, month, day = match.groups()
        return dt.date(int(year), int(month or 1), int(day or 1))
    return None


@dataclass(frozen=True)
class Source:
    """One record of a sample: its names by selector, kind, country, identifiers."""

    names: dict[str, str]
    kind: str
    country: str | None
    identifiers: tuple[str, ...] = ()
    address: str | None = None  # several separated by "; "
    date: dt.date | None = None
    weak: frozenset[str] = frozenset()  # selectors of weak, low-quality or former names
    extra_ids: tuple[str, ...] = ()  # identifiers only the cross-script builder reads


@dataclass(frozen=True)
class LabelledPair:
    left: PartyRecord
    right: PartyRecord
    same: bool
    category: str
    held_out: bool
    line: int
    evidence: str = "name"


def country_of(text: str) -> str | None:
    territory = lookup_territory(text.strip()) if text.strip() not in ("", "-0-") else None
    return territory.code.upper()[:2] if territory is not None else None


def _ofac(root: Path, folder: str, prim: str, alt: str, add: str) -> dict[str, Source]:
    alts: dict[str, dict[str, str]] = defaultdict(dict)
    former: dict[str, set[str]] = defaultdict(set)
    with open(root / folder / alt, encoding="utf-8") as handle:
        for row in csv.reader(handle):
            alts[row[0]][f"alt:{row[1]}"] = row[3]
            if row[2].strip() != "aka":
                former[row[0]].add(f"alt:{row[1]}")
    countries: dict[str, str | None] = {}
    addresses: dict[str, list[str]] = defaultdict(list)
    with open(root / folder / add, encoding="utf-8") as handle:
        for row in csv.reader(handle):
            countries.setdefault(row[0], country_of(row[4]))
            parts = [p.strip() for p in row[2:5] if p.strip() not in ("", "-0-")]
            if len(parts) > 1:  # more than a country
                addresses[row[0]].append(", ".join(parts))
    out = {}
    with open(root / folder / prim, encoding="utf-8") as handle:
        for row in csv.reader(handle):
            kind = {"individual": "person", "vessel": "vessel"}.get(row[2].strip(), "company")
            ids = (f"OFAC_UID:{row[0]}", *(f"USCC:{m}" for m in _USCC.findall(row[11])))
            address = "; ".join(addresses[row[0]]) or None
            names = {"name": row[1], **alts[row[0]]}
            date = _date(row[11]) if kind == "person" else None
            extra = _remark_ids(row[11])
            country = countries.get(row[0])
            out[row[0]] = Source(
                names, kind, country, ids, address, date, weak=frozenset(former[row[0]]), extra_ids=extra
            )
    return out


_REMARK_IDS = re.compile(r"(Tax ID No\.|Registration ID|IMO|Passport) ([A-Z0-9]+)")
_CSL_IDS = re.compile(r"([A-Z0-9]+), (Tax ID No\.|Registration ID|Passport)")


def _ids(scheme: str, value: str) -> tuple[str, ...]:
    if scheme in ("Tax ID No.", "Registration ID"):
        digits = value if value.isdigit() else ""
        if len(digits) in (10, 12):
            return (f"RU_INN:{digits}",)
        return (f"RU_OGRN:{digits}",) if len(digits) in (13, 15) else ()
    return (f"{scheme.upper()}:{value}",)


def _remark_ids(remarks: str) -> tuple[str, ...]:
    """INN, OGRN, IMO and passport numbers of an OFAC entry's remarks (for the cross-script set)."""
    return tuple(i for scheme, value in _REMARK_IDS.findall(remarks) for i in _ids(scheme, value))


def _csl(root: Path) -> dict[str, Source]:
    out = {}
    with open(root / "csl" / "csl_consolidated_2019_115rows.csv", encoding="utf-8") as handle:
        for i, row in enumerate(csv.DictReader(handle)):
            names = {"name": row["name"]}
            names.update({f"alias:{n}": a.strip() for n, a in enumerate(row["alt_names"].split(";"))})
            first = row["addresses"].split(";")[0].rsplit(",", 1)[-1].strip()
            kind = "person" if row["type"] == "Individual" else "company"
            country = first if len(first) == 2 else None
            date = _date(row["dates_of_birth"]) if kind == "person" else None
            extra = [i for value, scheme in _CSL_IDS.findall(row["ids"]) for i in _ids(scheme, value)]
            extra += [f"IMO:{m}" for m in re.findall(r"IMO (\d{7})", row["ids"])]
            if row["source"].startswith(("Specially Designated", "Sectoral")) and row["entity_number"]:
                extra.append(f"OFAC_UID:{row['entity_number']}")
            address = row["addresses"].strip() or None
            out[f"row:{i}"] = Source(names, kind, country, (), address, date, extra_ids=tuple(extra))
    return out


def _dod(root: Path) -> dict[str, Source]:
    out = {}
    path = root / "dod_1260h" / "opensanctions_us_dod_chinese_milcorps_sanctions.csv"
    with open(path, encoding="utf-8") as handle:
        for i, row in enumerate(csv.DictReader(handle)):
            names = {"name": row["Clean Name"], "parent": row["Parent Name"]}
            names.update({f"alias:{n}": a.strip() for n, a in enumerate(row["Alias"].split(","))})
            out[f"row:{i}"] = Source(names, "company", None)
    return out


def _ftm(root: Path, name: str) -> dict[str, Source]:
    out = {}
    id_props = {"innCode": "RU_INN", "ogrnCode": "RU_OGRN", "leiCode": "LEI"}
    with open(root / "ftm_opensanctions" / name, encoding="utf-8") as handle:
        for line in handle:
            entity = json.loads(line)
            props = entity["properties"]
            names = {
                f"{prop}:{n}": value
                for prop in ("name", "alias", "previousName", "weakAlias")
                for n, value in enumerate(props.get(prop, []))
            }
            kind = "person" if entity["schema"] == "Person" else "company"
            country = (props.get("country") or props.get("jurisdiction") or [None])[0]
            ids = tuple(f"{s}:{v}" for p, s in id_props.items() for v in props.get(p, []))
            address = "; ".join(props.get("address", [])) or None
            date = _date((props.get("birthDate") or [""])[0])
            weak = frozenset(k for k in names if k.startswith(("previousName:", "weakAlias:")))
            code = country.upper() if country else None
            out[entity["id"]] = Source(names, kind, code, ids, address, date, weak=weak)
    return out


def _gleif(root: Path) -> dict[str, Source]:
    out = {}
    for path in sorted((root / "gleif" / "api_json" / "lei_records").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))["data"]
        for record in data if isinstance(data, list) else [data]:
            entity = record["attributes"]["entity"]
            names = {"name": entity["legalName"]["name"]}
            names.update({f"other:{n}": o["name"] for n, o in enumerate(entity.get("otherNames", []))})
            translit = entity.get("transliteratedOtherNames", [])
            names.update({f"translit:{n}": o["name"] for n, o in enumerate(translit)})
            lei = record["attributes"]["lei"]
            legal = entity["legalAddress"]
            address = ", ".join(
                [*legal["addressLines"], *(legal[k] or "" for k in ("city", "postalCode", "country"))]
            )
            out[lei] = Source(names, "company", legal["country"], (f"LEI:{lei}",), address)
    return out


@cache
def _sample(root: Path, sample: str) -> dict[str, Source]:
    import list_samples  # here, not at the top: it imports this module

    readers = {
        "ofac_sdn/sdn_subset.csv": lambda: _ofac(
            root, "ofac_sdn", "sdn_subset.csv", "alt_subset.csv", "add_subset.csv"
        ),
        "ns_cmic/cons_prim_cmic_plus_ssi.csv": lambda: _ofac(
            root, "ns_cmic", "cons_prim_cmic_plus_ssi.csv", "cons_alt_subset.csv", "cons_add_subset.csv"
        ),
        "csl/csl_consolidated_2019_115rows.csv": lambda: _csl(root),
        "dod_1260h/opensanctions_us_dod_chinese_milcorps_sanctions.csv": lambda: _dod(root),
        "ftm_opensanctions/zala_cluster_entities.ftm.jsonl": lambda: _ftm(
            root, "zala_cluster_entities.ftm.jsonl"
        ),
        "ftm_opensanctions/t1_entities.ftm.jsonl": lambda: _ftm(root, "t1_entities.ftm.jsonl"),
        "gleif/api_json/lei_records": lambda: _gleif(root),
        "ofac_sdn/sdn_2025_small/sdn.csv": lambda: _ofac(
            root, "ofac_sdn/sdn_2025_small", "sdn.csv", "alt.csv", "add.csv"
        ),
        "eu_fsf": lambda: list_samples.eu(root),
        "uk_sanctions_list": lambda: list_samples.uk(root),
        "un_consolidated": lambda: list_samples.un(root),
    }
    if sample not in readers:
        raise ValueError(f"unknown sample {sample!r}; known: {', '.join(sorted(readers))}")
    return readers[sample]()


def resolve(root: Path, reference: str, evidence: str, with_date: bool = False) -> PartyRecord:
    """The record a reference ``sample|key|selector`` names, with that one name (and its date with
    ``with_date``: for two names of one record, or ``full`` evidence)."""
    sample, key, selector = reference.split("|")
    source = _sample(root, sample).get(key)
    if source is None or not source.names.get(selector):
        raise ValueError(f"{reference}: no such record or name in the sample")
    return PartyRecord.build(
        source.names[selector],
        kind=source.kind,
        country=source.country,
        identifiers=source.identifiers if evidence == "full" else (),
        address=source.address if evidence in ("full", "address") else None,
        date=_date_of(source, with_date, evidence),
        source=sample,
        key=key,
    )


def _date_of(source: Source, one_record: bool, evidence: str) -> dt.date | None:
    if source.kind == "person":  # a list's birth date is its own evidence, as screening reads it
        return source.date or ONE_RECORD if one_record else source.date
    return source.date if evidence == "full" else None


def check_of(left: str, right: str) -> str:
    return hashlib.sha256(f"{left}\n{right}".encode()).hexdigest()[:10]


def pairs(root: Path, path: Path = PAIRS) -> Iterator[LabelledPair]:
    """Every labelled pair, resolved; ValueError naming the line when a reference or check fails."""
    with open(path, encoding="utf-8") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            try:
                one_record = row["left"].rsplit("|", 1)[0] == row["right"].rsplit("|", 1)[0]
                left = resolve(root, row["left"], row["evidence"], one_record)
                right = resolve(root, row["right"], row["evidence"], one_record)
            except ValueError as exc:
                raise ValueError(f"{path.name} line {line}: {exc}") from None
            if row["check"] and row["check"] != check_of(left.name, right.name):
                raise ValueError(f"{path.name} line {line}: check {row['check']} does not match the sample")
            samples = {row["left"].split("/")[0], row["right"].split("/")[0]}
            held_out = not samples <= DEV_SAMPLES
            same = row["label"] == "same"
            yield LabelledPair(left, right, same, row["category"], held_out, line, row["evidence"])
