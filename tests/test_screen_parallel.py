"""Screening spread over the cores, with its cheaper candidate query, gives the answers of the
plain serial screening: the same matched entity, candidates, scores, reasons and ambiguity for
every row, on a synthetic graph in a real Neo4j."""

from __future__ import annotations

import csv
import random
from pathlib import Path
from typing import Any

from kb import loaders
from kb.db import Database
from kb.loaders.formats import bundle
from kb.loaders.write import writer
from kb.resolution import PartyRecord, blocking_keys
from kb.screening import screen
from kb.screening.portfolio import Holding
from kb.synth import synth


def _holdings(folder: Path) -> list[Holding]:
    """Names of the bundle's entities as a portfolio spells them: as they are, upper case, words
    swapped, a letter dropped; and names the graph does not hold."""
    rng = random.Random(7)  # noqa: S311 - a reproducible sample, not a secret
    with (folder / "entities.csv").open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    holdings = []
    for n, row in enumerate(rng.sample(rows, 240)):
        words = row["name"].split()
        name = [row["name"], row["name"].upper(), " ".join(words[1:2] + words[:1] + words[2:]),
                row["name"][:-2], f"Qzx{n} Nonesuch Trading Ltd"][n % 5]  # fmt: skip
        kind = row["kind"] if n % 7 else "company"
        holdings.append(
            Holding(n + 2, f"R{n}", PartyRecord.build(name, kind=kind, country=row["country"] or None))
        )
    return holdings


def _twins(folder: Path, to: Path) -> Path:
    """A second source naming every tenth company of the bundle again, under another id: a row
    meeting one meets both at the same score."""
    with (folder / "entities.csv").open(encoding="utf-8", newline="") as file:
        rows = [r for r in csv.DictReader(file) if r["kind"] == "company"][::10]
    to.mkdir()
    with (to / "entities.csv").open("w", encoding="utf-8", newline="") as file:
        out = csv.writer(file)
        out.writerow(["id", "name", "kind", "country"])
        out.writerows([f"twin-{r['id']}", r["name"], "company", r["country"]] for r in rows)
    return to


# cypher/screen/candidates.cypher as it was before its tie-break read fewer ids: plain ORDER BY
# (each candidate the same row).
PLAIN_CANDIDATES = """
UNWIND $rows AS row
CALL (row) {
  UNWIND row.keys AS key
  MATCH (m:MatchKey {key: key})
  WITH m, key
  WHERE key STARTS WITH 'id:' OR COUNT { (m)<-[:HAS_MATCH_KEY]-() } <= $max_block
  MATCH (m)<-[:HAS_MATCH_KEY]-(e:Entity)
  WITH e, max(CASE WHEN key STARTS WITH 'id:' THEN 1 ELSE 0 END) AS by_id, count(*) AS shared
  ORDER BY by_id DESC, shared DESC, e.id
  LIMIT $limit
  WITH e, [(s:SourceRecord)-[:DESCRIBES]->(e) | s] AS rs
  RETURN collect({id: e.id, name: e.name, kind: e.kind, country: e.country,
    names: reduce(acc = coalesce(e.names, []), s IN rs |
      acc + [n IN [s.name] + coalesce(s.names, []) WHERE n IS NOT NULL AND NOT n IN acc]),
    identifiers: [(e)-[:HAS_IDENTIFIER]->(i:Identifier) | i.key],
    addresses: reduce(acc = [a IN [e.address] WHERE a IS NOT NULL], s IN rs |
      acc + [a IN [s.address] WHERE a IS NOT NULL AND NOT a IN acc]),
    programs: COLLECT { MATCH (e)-[l:LISTED_ON]->() UNWIND coalesce(l.programs, []) AS p RETURN DISTINCT p }
  }) AS found
}
RETURN collect({n: row.n, candidates: found}) AS rows
"""


def _serial(db: Database, holdings: list[Holding]) -> list[screen.Screened]:
    """The screening before it was spread over the cores: one batch, every candidate scored here."""
    rows = [{"n": i, "keys": sorted(blocking_keys(h.party))} for i, h in enumerate(holdings)]
    answer = db.read(PLAIN_CANDIDATES, {"rows": rows, "max_block": 1000, "limit": 10})[0]["rows"]
    found = {row["n"]: row["candidates"] for row in answer}
    return [screen.judge(holding, found.get(i, [])) for i, holding in enumerate(holdings)]


def _answers(screened: list[screen.Screened]) -> list[Any]:
    def seen(c: screen.Candidate) -> Any:
        return (c.id, c.name, c.country, c.judgement)

    return [
        (s.holding.line, s.entity and seen(s.entity), [seen(c) for c in s.candidates], s.ambiguity)
        for s in screened
    ]


def test_screening_over_the_cores_answers_as_the_serial_screening(
    db: Database, schema_ready: None, tmp_path: Path
) -> None:
    folder = tmp_path / "synth"
    synth(600, 3, folder)
    writer.load(db, bundle.parse(folder), writer.LoadOptions("bundle", str(folder), loaders.checksum(folder)))
    twins = _twins(folder, tmp_path / "twins")
    writer.load(db, bundle.parse(twins), writer.LoadOptions("bundle", str(twins), loaders.checksum(twins)))
    holdings = _holdings(folder)
    expected = _answers(_serial(db, holdings))
    assert sum(1 for _, entity, _, _ in expected if entity) > 100  # most rows find their entity
    assert any(candidates for _, _, candidates, _ in expected)
    assert sum(1 for *_, why in expected if why) >= 5  # rows meeting a twin are ambiguous
    assert _answers(screen.match(db, holdings, processes=2, batch_size=25)) == expected
    assert _answers(screen.match(db, holdings, processes=1, batch_size=25)) == expected
