"""Build tests/fixtures/match/xscript_pairs.csv: labelled name pairs across scripts and lists, by
reference into the real samples (``$KB_SHARED_DIR/data/real``), never by name.

Three kinds of pairs, each compared on names alone (kind and country kept, identifiers removed):

- ``shared-id``: two records of different samples sharing an identifier value (INN, OGRN, IMO,
  passport, UN reference, OFAC UID): same party. Each pair of primary names, and each name in
  another script of one record against the other's primary name.
- ``own-alias``: a record's primary name against its own a.k.a.s, for the records with a name in
  Cyrillic or a Russian legal form (a list's weak, low-quality and former names left out): same
  party. At most ``PER_RECORD`` per record, names in another script first.
- ``negative``: two records carrying one identifier scheme with no value in common, and names
  alike (rapidfuzz token-sort ratio of the transliterated names >= ``ALIKE``; the most alike pair
  of names, and the most alike pair across scripts): two parties, the hard negatives.

The category is ``<kind>/<scripts>``: ``latin``, ``cyrillic-latin``, ``cyrillic`` or
``other-script``. Names in Greek, Japanese and the like are left out of the aliases and
negatives (other work); an original-script name of a shared-id record is kept, whatever its script.
The selection never consults kb's matcher: only identifiers, the lists' own alias marks and a
plain string ratio. At most ``PER_GROUP`` negatives per pair of samples and scripts (the UN list
alone has hundreds of entries alike in name), the most alike first. A negative whose two names are
one name up to legal form, case, punctuation, script and word order is of kind ``same-name``: only
identifiers tell such records apart (the old set tests that rule), so bench-match reports them
beside, not in, the figures of names.
Run: ``python bench/build_xscript_pairs.py`` (rewrites the file).
"""

from __future__ import annotations

import csv
import hashlib
import itertools
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import match_pairs
import shared_data
from rapidfuzz import fuzz
from rigour.names import normalize_name, remove_org_types
from rigour.text import ascii_text

OUT = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "match" / "xscript_pairs.csv"
SAMPLES = (
    "eu_fsf",
    "uk_sanctions_list",
    "un_consolidated",
    "ofac_sdn/sdn_subset.csv",
    "ofac_sdn/sdn_2025_small/sdn.csv",
    "ns_cmic/cons_prim_cmic_plus_ssi.csv",
    "csl/csl_consolidated_2019_115rows.csv",
    "ftm_opensanctions/zala_cluster_entities.ftm.jsonl",
    "ftm_opensanctions/t1_entities.ftm.jsonl",
)
SCHEMES = ("RU_INN", "RU_OGRN", "IMO", "PASSPORT", "UN_REF", "OFAC_UID")
PER_RECORD = 10
ALIKE = 75
PER_GROUP = 25
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")
_OTHER = re.compile(r"[^\u0000-\u024f\u0400-\u04ff\u2000-\u206f\u00a0-\u00ff\u02b0-\u02ff]")
_RUSSIAN_FORMS = re.compile(
    r"\b(OOO|OAO|ZAO|PAO|AO|FGUP|NPO|OBSHCHESTVO|AKTSIONERNOE|AKTSIONERNAYA)\b", re.IGNORECASE
)
Ref = tuple[str, str]  # sample, record key


def script(name: str) -> str:
    if _OTHER.search(name):
        return "other"
    if _CYRILLIC.search(name):
        return "cyrillic"
    return "latin"


def scripts(a: str, b: str) -> str:
    pair = {script(a), script(b)}
    if "other" in pair:
        return "other-script"
    return "cyrillic-latin" if len(pair) == 2 else pair.pop()


def ids(source: match_pairs.Source) -> set[str]:
    found = {i for i in (*source.identifiers, *source.extra_ids) if i.split(":")[0] in SCHEMES}
    return {i for i in found if i.split(":", 1)[1].strip()}


def names(source: match_pairs.Source, *, any_script: bool = False) -> list[tuple[str, str]]:
    """(selector, name) of the record's strong names, primary first."""
    found = [
        (k, " ".join(v.split()))
        for k, v in source.names.items()
        if v.strip() and k not in source.weak and k != "parent"
    ]
    found = [(k, v) for k, v in found if any_script or script(v) != "other"]
    latin = [kv for kv in found if script(kv[1]) == "latin"]
    primary = latin[0] if latin else found[0] if found else None
    return [primary, *(kv for kv in found if kv != primary)] if primary else []


def similarity(a: str, b: str) -> float:
    return fuzz.token_sort_ratio(ascii_text(a).lower(), ascii_text(b).lower())


def one_name(a: str, b: str) -> bool:
    """One name up to legal form, case, punctuation, script and word order (rigour's org types)."""

    def words(name: str) -> list[str]:
        normal = normalize_name(name) or ""
        return sorted(re.findall(r"[a-z0-9]+", ascii_text(remove_org_types(normal, replacement=" ")).lower()))

    return words(a) == words(b)


def _order(row: dict[str, str]) -> str:
    return hashlib.sha256(f"{row['left']}\n{row['right']}".encode()).hexdigest()


def build(root: Path) -> list[dict[str, str]]:
    records = {(s, k): src for s in SAMPLES for k, src in match_pairs._sample(root, s).items()}
    rows: list[dict[str, str]] = []
    seen: set[tuple[str, str]] = set()

    def add(left: Ref, ls: str, right: Ref, rs: str, label: str, kind: str, why: str) -> None:
        a, b = records[left].names[ls], records[right].names[rs]
        if " ".join(a.lower().split()) == " ".join(b.lower().split()):
            return  # equal names test nothing
        key = tuple(sorted((" ".join(a.split()), " ".join(b.split()))))
        if key in seen:
            return
        seen.add((key[0], key[1]))
        rows.append(
            {
                "left": f"{left[0]}|{left[1]}|{ls}",
                "right": f"{right[0]}|{right[1]}|{rs}",
                "label": label,
                "category": f"{kind}/{scripts(a, b)}",
                "evidence": "name",
                "check": match_pairs.check_of(a, b),
                "why": why,
            }
        )

    by_id: dict[str, set[Ref]] = defaultdict(set)
    for ref, source in records.items():
        for i in ids(source):
            by_id[i].add(ref)
    # shared-id
    joined: set[tuple[Ref, Ref]] = set()
    for i, refs in sorted(by_id.items()):
        for left, right in itertools.combinations(sorted(refs), 2):
            if left[0] == right[0] or (left, right) in joined:
                continue
            kinds = {records[left].kind, records[right].kind}
            if len(kinds) > 1 and "person" in kinds:
                continue
            joined.add((left, right))
            why = f"the two records share {i.split(':')[0]}"
            ln, rn = names(records[left], any_script=True), names(records[right], any_script=True)
            if not ln or not rn:
                continue
            add(left, ln[0][0], right, rn[0][0], "same", "shared-id", why)
            for (sel, text), other, other_primary in [
                *((kv, right, rn[0][0]) for kv in ln[1:]),
                *((kv, left, ln[0][0]) for kv in rn[1:]),
            ]:
                if script(text) != "latin":
                    one = left if other == right else right
                    add(one, sel, other, other_primary, "same", "shared-id", why)
    # own-alias
    for ref, source in sorted(records.items()):
        found = names(source)
        if len(found) < 2:
            continue
        russian = any(script(n) == "cyrillic" or _RUSSIAN_FORMS.search(n) for _, n in found)
        if not russian:
            continue
        primary = found[0]
        others = sorted(
            found[1:],
            key=lambda kv: (script(kv[1]) == script(primary[1]), match_pairs.check_of(primary[1], kv[1])),
        )
        before = len(rows)
        for sel, _text in others:
            if len(rows) - before >= PER_RECORD:
                break
            add(ref, primary[0], ref, sel, "same", "own-alias", "a name and an a.k.a. of one record")
    # negatives: the most alike first, at most PER_GROUP per pair of samples and scripts
    candidates: dict[tuple[str, str, str], list[tuple[float, Ref, str, Ref, str, str]]] = defaultdict(list)
    for left, right in itertools.combinations(sorted(records), 2):
        a, b = records[left], records[right]
        if a.kind != b.kind and "person" in (a.kind, b.kind):
            continue
        ia, ib = ids(a), ids(b)
        common = {i.split(":")[0] for i in ia} & {i.split(":")[0] for i in ib}
        schemes = sorted(s for s in common if not {i for i in ia if i.startswith(s + ":")} & ib)
        if not schemes or ia & ib:
            continue
        pairs = [(similarity(x[1], y[1]), x, y) for x in names(a) for y in names(b)]
        best = max(pairs, default=None)
        across = max((p for p in pairs if script(p[1][1]) != script(p[2][1])), default=None)
        for chosen in (best, across):
            if chosen is not None and chosen[0] >= ALIKE:
                group = (left[0], right[0], scripts(chosen[1][1], chosen[2][1]))
                candidate = (-chosen[0], left, chosen[1][0], right, chosen[2][0], f"different {schemes[0]}")
                candidates[group].append(candidate)
    for group in sorted(candidates):
        for _alike, left, ls, right, rs, why in sorted(candidates[group])[:PER_GROUP]:
            names_of = records[left].names[ls], records[right].names[rs]
            kind = "same-name" if one_name(*names_of) else "negative"
            add(left, ls, right, rs, "different", kind, why)
    return sorted(rows, key=lambda r: (r["category"], _order(r)))


def main() -> int:
    if problem := shared_data.missing():
        print(f"build-xscript-pairs: {problem}", file=sys.stderr)
        return 2
    rows = build(shared_data.real_dir())
    with open(OUT, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        counts[row["category"]] += 1
    print(f"{len(rows)} pairs to {OUT}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
