"""Real lookalike negatives: two entries of one list whose names differ by one letter or one word.

tests/fixtures/match/lookalikes.csv holds references only, as pairs.csv does (tests/match_pairs.py):
``sample|record key|selector`` on each side, the label (``different``: one list keeps one entry per
party, so two entries are two parties), the category (``one-letter``: the two names, lower-cased and
reduced to letters, digits and single spaces, are one edit apart; ``one-word``: one name is the
other with one word added or replaced, two words or more in common; ``same-name``: either, but the
two names are equal once kb reads them (legal forms, plurals, ``&``): only identifiers tell such
entries apart, and they are counted on their own) and a hash of the two names.

Samples: OFAC's SDN subset (2019) and its 2025 excerpt, OFAC's non-SDN CMIC/SSI entries, the 2019
CSL, the UN consolidated list, the EU FSF and UK sanctions list excerpts, GLEIF's API records and
golden-copy XML; all public-domain or open-licence government and GLEIF data, read from
``$KB_SHARED_DIR/data/real``. Each side is built as pairs.csv's ``name`` evidence: the chosen name,
the record's kind and country, no identifier (identifiers would tell every pair apart).

Rebuild the file (deterministic) with ``python tests/lookalike_pairs.py [--out FILE]``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from itertools import combinations
from pathlib import Path

import match_pairs
from match_pairs import Source, check_of
from rapidfuzz.distance import Levenshtein
from rigour.text import ascii_text

from kb.resolution import PartyRecord, name_key

LOOKALIKES = Path(__file__).resolve().parent / "fixtures" / "match" / "lookalikes.csv"
SAMPLES = (
    "ofac_sdn/sdn_subset.csv",
    "ofac_sdn/sdn_2025_small",
    "ns_cmic/cons_prim_cmic_plus_ssi.csv",
    "csl/csl_consolidated_2019_115rows.csv",
    "un_consolidated/un_consolidated_2026-02-27.xml",
    "eu_fsf/eu_fsf_xml_1_1_20260805_17entities.xml",
    "uk_sanctions_list/uk_sanctions_list_xml_20260907_21designations.xml",
    "gleif/api_json/lei_records",
    "gleif/xml/lei-data.xml",
)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(node: ET.Element, name: str) -> Iterator[ET.Element]:
    return (child for child in node.iter() if _local(child.tag) == name)


def _text(node: ET.Element, name: str) -> str:
    found = next(_children(node, name), None)
    return (found.text or "").strip() if found is not None else ""


def _un(path: Path) -> dict[str, Source]:
    out = {}
    for node in ET.parse(path).getroot().iter():  # noqa: S314
        kind = {"INDIVIDUAL": "person", "ENTITY": "company"}.get(_local(node.tag))
        if kind is None:
            continue
        parts = (_text(node, f"{n}_NAME") for n in ("FIRST", "SECOND", "THIRD", "FOURTH"))
        names = {"name": " ".join(p for p in parts if p)}
        aliases = (_text(a, "ALIAS_NAME") for a in node if _local(a.tag).endswith("_ALIAS"))
        names.update({f"alias:{n}": a for n, a in enumerate(aliases) if a})
        where = next(_children(node, "NATIONALITY" if kind == "person" else "COUNTRY"), None)
        country = _text(where, "VALUE") if where is not None and kind == "person" else ""
        country = country or (where.text or "" if where is not None else "")
        born = _text(node, "DATE") or _text(node, "YEAR")
        out[_text(node, "REFERENCE_NUMBER")] = Source(
            names, kind, match_pairs.country_of(country), (), None, match_pairs._date(born)
        )
    return out


def _eu(path: Path) -> dict[str, Source]:
    out = {}
    for node in _children(ET.parse(path).getroot(), "sanctionEntity"):  # noqa: S314
        aliases = [a.get("wholeName", "") for a in _children(node, "nameAlias")]
        names = {"name": aliases[0], **{f"alias:{n}": a for n, a in enumerate(aliases[1:], 1) if a}}
        subject = next(_children(node, "subjectType"), None)
        kind = "person" if subject is not None and subject.get("code") == "person" else "company"
        places = [c.get("countryIso2Code") for c in _children(node, "citizenship")]
        places += [c.get("countryIso2Code") for c in _children(node, "address")]
        country = next((p for p in places if p and p != "00"), None)
        born = next((b.get("birthdate") or b.get("year") or "" for b in _children(node, "birthdate")), "")
        out[node.get("logicalId", "")] = Source(names, kind, country, (), None, match_pairs._date(born))
    return out


def _uk(path: Path) -> dict[str, Source]:
    out = {}
    for node in _children(ET.parse(path).getroot(), "Designation"):  # noqa: S314
        found = [(_text(n, "Name6"), _text(n, "NameType").lower()) for n in _children(node, "Name")]
        primary = [name for name, kind in found if kind == "primary name"] or [found[0][0]]
        others = [name for name, kind in found if name != primary[0]]
        names = {"name": primary[0], **{f"alias:{n}": a for n, a in enumerate(others) if a}}
        kind = "person" if _text(node, "IndividualEntityShip") == "Individual" else "company"
        country = match_pairs.country_of(_text(node, "AddressCountry"))
        born = _text(node, "DOB").rsplit("/", 1)[-1]
        out[_text(node, "UniqueID")] = Source(names, kind, country, (), None, match_pairs._date(born))
    return out


def _gleif_xml(path: Path) -> dict[str, Source]:
    out = {}
    for node in _children(ET.parse(path).getroot(), "LEIRecord"):  # noqa: S314
        names = {"name": _text(node, "LegalName")}
        others = [o.text or "" for o in _children(node, "OtherEntityName")]
        names.update({f"other:{n}": o for n, o in enumerate(others) if o})
        out[_text(node, "LEI")] = Source(names, "company", _text(node, "Country") or None)
    return out


@cache
def sample(root: Path, name: str) -> dict[str, Source]:
    path = root / name
    readers = {
        "ofac_sdn/sdn_2025_small": lambda: match_pairs._ofac(root, name, "sdn.csv", "alt.csv", "add.csv"),
        "un_consolidated/un_consolidated_2026-02-27.xml": lambda: _un(path),
        "eu_fsf/eu_fsf_xml_1_1_20260805_17entities.xml": lambda: _eu(path),
        "uk_sanctions_list/uk_sanctions_list_xml_20260907_21designations.xml": lambda: _uk(path),
        "gleif/xml/lei-data.xml": lambda: _gleif_xml(path),
    }
    return readers[name]() if name in readers else match_pairs._sample(root, name)


def resolve(root: Path, reference: str) -> PartyRecord:
    name, key, selector = reference.split("|")
    source = sample(root, name).get(key)
    if source is None or not source.names.get(selector):
        raise ValueError(f"{reference}: no such record or name in the sample")
    return PartyRecord.build(
        source.names[selector], kind=source.kind, country=source.country, source=name, key=key
    )


@dataclass(frozen=True)
class Lookalike:
    left: PartyRecord
    right: PartyRecord
    category: str
    line: int


def lookalikes(root: Path, path: Path = LOOKALIKES) -> Iterator[Lookalike]:
    """Every pair of the file, resolved; ValueError naming the line when a reference or check fails."""
    with open(path, encoding="utf-8") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            try:
                left, right = resolve(root, row["left"]), resolve(root, row["right"])
            except ValueError as exc:
                raise ValueError(f"{path.name} line {line}: {exc}") from None
            if row["check"] != check_of(left.name, right.name):
                raise ValueError(f"{path.name} line {line}: check {row['check']} does not match the sample")
            yield Lookalike(left, right, row["category"], line)


def _words(name: str) -> tuple[str, ...]:
    return tuple(re.findall(r"[a-z0-9]+", ascii_text(name.replace("&", " and ")).lower()))


def _category(a: tuple[str, ...], b: tuple[str, ...], kind: str) -> str | None:
    if a == b:
        return None
    if sorted(name_key(" ".join(a), kind).tokens) == sorted(name_key(" ".join(b), kind).tokens):
        return "same-name"  # equal once legal forms, plurals and spellings are read: no lookalike
    if min(len(" ".join(a)), len(" ".join(b))) >= 6 and Levenshtein.distance(" ".join(a), " ".join(b)) == 1:
        return "one-letter"
    short, long = sorted((a, b), key=len)
    common = len(set(short) & set(long))
    if common >= 2 and len(set(long)) - common == 1 and len(set(short)) - common <= 1:
        return "one-word"
    return None


def build(root: Path) -> list[list[str]]:
    """Every pair of two entries of one sample whose names are lookalikes, the first pair of names
    found per pair of entries, in sample order."""
    rows = []
    for name in SAMPLES:
        entries = [
            (key, selector, _words(text), source.kind)
            for key, source in sample(root, name).items()
            for selector, text in source.names.items()
            if text.strip() and _words(text)
        ]
        seen: set[tuple[str, str]] = set()
        for (k1, s1, w1, kind1), (k2, s2, w2, kind2) in combinations(entries, 2):
            if k1 == k2 or (k1, k2) in seen or (kind1 == "person") != (kind2 == "person"):
                continue
            category = _category(w1, w2, kind1)
            if category is None:
                continue
            seen.add((k1, k2))
            left, right = f"{name}|{k1}|{s1}", f"{name}|{k2}|{s2}"
            check = check_of(resolve(root, left).name, resolve(root, right).name)
            rows.append([left, right, "different", category, check])
    return rows


def main() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import shared_data

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=LOOKALIKES)
    args = parser.parse_args()
    rows = build(shared_data.real_dir())
    with open(args.out, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["left", "right", "label", "category", "check"])
        writer.writerows(rows)
    print(f"{len(rows)} pairs to {args.out} ({dt.date.today().isoformat()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
