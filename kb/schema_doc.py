"""``docs/schema.md``, generated from the schema declaration in :mod:`kb.schema`.

The labels, relationship types, properties, keys and indexes come from :mod:`kb.schema`; the prose
that no declaration holds (principles, decisions, limits) and one or more example queries per
label and type live here. ``kb db schema --docs > docs/schema.md`` writes the file, and a test
fails when the committed file differs from :func:`render`.

Example queries follow the cookbook's convention (docs/cookbook.md): ``:param name => value;``
lines first, as Neo4j Browser takes them, then one read-only query; a test runs every one of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kb import schema
from kb.lists import LISTS


@dataclass(frozen=True)
class Example:
    question: str
    query: str
    params: tuple[tuple[str, str], ...] = ()

    def markdown(self) -> str:
        lines = [f":param {name} => {value};" for name, value in self.params]
        return f"{self.question}\n\n```cypher\n" + "\n".join([*lines, self.query.strip()]) + "\n```"


HEADER = (
    "<!-- Generated from kb/schema.py and kb/schema_doc.py by `kb db schema --docs > docs/schema.md`;"
    " edit those, not this file. -->\n"
)

INTRO = """\
# The graph model

This is the model analysts write Cypher against and style in Bloom. It is declared once, as data,
in `kb/schema.py`: labels, relationship types, their properties, keys and indexes. `kb db init`
applies the keys and indexes, `kb db schema` prints them as Cypher, and this page is generated
from the same declaration (`kb db schema --docs`). Everything a loader writes says which source
said it and when. Ready-made questions, with their answers on the Inspur demo, are in the
[Cypher cookbook](cookbook.md).

Every example below runs as it is in Neo4j Browser (paste the whole block: the `:param` lines set
its parameters), in `cypher-shell`, or with `kb cypher '…' -p key=value`.
"""

PRINCIPLES = """\
## Principles

- **Say exactly what the sources say.** An empty cell is unknown and stays unknown: a stake whose
  size no source gives has no `pct`; it is not 0 and not guessed.
- **Claims, not sums.** Each source's statement of a fact is its own relationship. Two sources
  reporting one stake are two `OWNS` relationships (a range for the exposure rules, never a sum),
  also when one file gives both (two rows of a bundle citing different `source`s).
- **Time is data.** Validity is the half-open interval `[start_date, end_date)`: a listing with
  `end_date` 2025-06-30 no longer holds on 2025-06-30. A newer snapshot of a source that lacks a fact
  closes it (`end_date` = the snapshot date, `closed_by` = the run); nothing is deleted, so "as of"
  questions about the past keep their past answers.
- **One entity per strong identifier.** Records from different sources that share a strong
  identifier (LEI, USCC, OFAC UID, ISIN, IMO, UK company number…; not bare registry numbers
  `REG*`) describe one `:Entity`, whichever source arrived first. Each source's own record stays a
  `:SourceRecord`, so a merge can later be undone by moving one `DESCRIBES` edge.
- **Determinations are marks, not facts.** `kb derive` writes what the exposure engine decided, for
  one date per regime, as labels (`BisCaught`…) and properties (`bis_status`…) on `:Entity`, with a
  `:Derivation` node saying which date. They are replaced on the next derive; the facts they rest
  on are the `OWNS`, `CONTROLS` and `LISTED_ON` relationships.
"""

DECISIONS = """\
## Decisions worth knowing

- A malformed LEI or USCC check character rejects a **bundle** row (kb's own format: fix the
  file). In a restricted-party **list** source (OFAC, CSL, FtM, GLEIF…) it drops only that
  identifier, with an issue, and keeps the entry: a listed party must never vanish from the graph
  because of a typo in one of its identifiers.
- Record ids are kb-wide; bundle ids should be chosen unique (e.g. prefixed).
- SWIFT BICs and bare registry numbers (`REG…`) are searchable but never merge entities.
- A bulk-loaded graph (`kb load --bulk`) leaves empty lists out where the incremental writer stores
  `[]`; read `coalesce(e.names, [])`.
- An unchanged record keeps the entity it resolved to; resolution runs again only for new or
  changed records (the resolution layer to come will re-resolve on demand, reversibly).
- `source` and `dataset` are two things: `dataset` is the loaded source (a `:Source` node, the
  `LoadRun`'s source), `source` the citation a row gives (a bundle's `source` column, such as
  `soochow-0596`), which is text and not a node.

## Known limits (for now)

- A fact whose content changes under the same key (the same source, pair, basis and start date)
  is updated in place; the raw snapshots kept by the loaders hold its earlier values.
- A re-listing under the same key after a close reopens the claim.
- Identifiers that point at two different entities are not merged: the load records an issue.
"""

# Prose beyond the one-line description of kb/schema.py, per label or relationship type.
NOTES: dict[str, str] = {
    "Entity": (
        "Every party is an `:Entity` with one kind label (`:Company`, `:Person`, `:Organization`, "
        "`:Vessel`), and `:JointVenture` when it is a joint venture. Its properties are the merged view "
        "of the `:SourceRecord`s that describe it: the earliest record names it; names, identifiers and "
        "sources are unions. `kb derive` adds the exposure labels and properties "
        "([below](#exposure-labels-kb-derive))."
    ),
    "Company": "Carries every `:Entity` property.",
    "Person": (
        "Carries every `:Entity` property. Officers (`OFFICER_OF`) come from FtM and BODS sources; "
        "the bundle format has none."
    ),
    "Organization": "Carries every `:Entity` property: government bodies, state asset commissions, "
    "universities, military units.",
    "Vessel": "Carries every `:Entity` property; vessels are identified by IMO number.",
    "JointVenture": (
        "Carries every `:Entity` property. Its partners are the `OWNS {jv: true}` relationships into "
        "it, each with the partner's stake (or none, when no source gives it) and the JV's `purpose`."
    ),
    "SourceRecord": (
        "The record stays as its source gave it; the `:Entity` it `DESCRIBES` is the merged view. When "
        "a newer snapshot of the source lacks it, `removed_by` names that run (the entity stays)."
    ),
    "Identifier": "Shared by every entity that carries it: the node that merges records of one party.",
    "List": (
        "One node per list kb knows, and one per list a loaded source defines beyond them, coded "
        "`<namespace>:<the source's name>` (`os:au_dfat_sanctions`, an OpenSanctions dataset; `csl:…`): "
        "`kb load` writes the built-in ones and the source's own; `kb lists` shows them all. A regime "
        "uses only the lists its profile's `seeds` name. The built-in lists:"
    ),
    "Source": (
        "One node per loaded source (`dataset`), with what kb knows about its publisher. The sources "
        "a row cites (`source`) are text on the facts and records, not nodes."
    ),
    "LoadRun": (
        "Written at the start of every load and completed at its end (`kb runs`, `kb runs show RUN`). "
        "Facts and records name the runs that first and last wrote them (`first_run`, `last_run`, "
        "`closed_by`, `removed_by` hold a `LoadRun` `id`: a property, not a relationship)."
    ),
    "LoadLock": "Exists only while a load writes; a second load waits for it (`--wait`) or exits 75.",
    "Derivation": (
        "One per regime, replaced by each `kb derive` in the same transaction as the marks, so the "
        "marks always hold for its `as_of`. A `kb load` that changes the graph derives the marked "
        "regimes again for the same dates (unless `--no-derive`); until it has, a `LoadRun` that "
        "finished after `at` means the marks may be stale."
    ),
    "Resolution": (
        "One per `kb resolve accept`, `reject`, `unsure` or `auto` judgement between two SourceRecords, "
        "never deleted: `kb resolve undo` sets `state` to `undone`. Nothing is rewritten: which Entity a "
        "record describes is computed from the records and the active judgements (clusters), and "
        "every fact keeps the records at its ends (`a_record`, `b_record`), so undo is exact "
        "([resolution.md](resolution.md#reviewing-decisions))."
    ),
    "Rebuttal": (
        "One per `kb rebut`, never deleted: `kb rebut undo` sets `state` to `undone`. From `start_date`, "
        "the stakes held in the Entity of the record it `REBUTS` (the record that named the Entity, so "
        "the rebuttal follows it whatever judgements join or part Entities) no longer catch it under "
        "`regime` (control links "
        "still do), and every answer it changes names it; a new or undone rebuttal makes that regime's "
        "marks stale until `kb derive` runs again ([rules.md](rules.md), section 3.1)."
    ),
    "OWNS": (
        "A **direct** stake: `pct`, or `pct_min`..`pct_max`, or neither (it exists, size unknown). "
        "`derived` marks a look-through figure (an owner's total indirect share, as a vendor or filing "
        "gives it), which the exposure rules never treat as a direct stake. `jv` marks a "
        "joint-venture partner's stake."
    ),
    "CONTROLS": (
        "Control without (known) ownership. `consolidation` is GLEIF Level 2 accounting parents; `other` "
        "means a source says there is control without saying how. What each basis does under each "
        "regime is in [rules.md](rules.md), section 5."
    ),
    "LISTED_ON": (
        "One listing, as the list's source gives it. A listing a newer snapshot no longer holds gets "
        "`end_date` (the snapshot's date) and `closed_by`."
    ),
    "OFFICER_OF": (
        "A director's or officer's role, usually a `:Person`'s (FtM and BODS may also name a "
        "company as a director)."
    ),
    "HAS_IDENTIFIER": "No properties: which source gave an identifier is in `SourceRecord.identifiers`.",
    "DESCRIBES": "No properties: the record's own `first_seen`, `dataset` and `record_id` say the rest.",
    "OF_SOURCE": "No properties.",
    "MatchKey": (
        "One node per blocking key of kb.resolution ([resolution.md](resolution.md)), shared by every "
        "`:Entity` whose names or identifiers give it: `kb screen` finds the candidates of a portfolio row "
        "through the keys of its name and identifiers. Written by every load for the entities it touched "
        "(`kb load --bulk` imports them with the rest); `kb db reindex-names` rebuilds them all."
    ),
    "HAS_MATCH_KEY": "No properties: rewritten from the Entity's merged names and identifiers.",
    "JUDGES": "No properties: the `Resolution` says what was judged.",
    "REBUTS": "No properties: the `Rebuttal` says what was rebutted, from when and why.",
    "TRUST_ROLE": (
        "A party's role in a trust (the `:Entity` it points at: kb knows a trust by the roles that "
        "point at it) and the powers over the trust's assets or trustee the source says it keeps. "
        "Under `eu` and `uk` a listed settlor with a power controls the trust; under `ofac` a role "
        "flags an interest in property ([rules.md](rules.md), section 3.2)."
    ),
}

VALID_ON = "(r.start_date IS NULL OR r.start_date <= $as_of) AND (r.end_date IS NULL OR $as_of < r.end_date)"
AS_OF = ("as_of", "date('2025-10-15')")

EXAMPLES: dict[str, tuple[Example, ...]] = {
    "Entity": (
        Example(
            "Find an entity by any name, in any script (full-text index, Lucene syntax):",
            """
CALL db.index.fulltext.queryNodes('entity_names_fulltext', $q) YIELD node, score
RETURN node.id, node.name, node.names, score LIMIT 10""",
            (("q", "'浪潮'"),),
        ),
    ),
    "Company": (
        Example(
            "Companies of one country:",
            """
MATCH (c:Company)
WHERE c.country = $country
RETURN c.id, c.name ORDER BY c.name LIMIT 25""",
            (("country", "'CN'"),),
        ),
    ),
    "Person": (
        Example(
            "People and the entities they are officers of:",
            """
MATCH (p:Person)
OPTIONAL MATCH (p)-[o:OFFICER_OF]->(e:Entity)
RETURN p.name, p.country, collect(e.name + ' (' + o.role + ')') AS roles LIMIT $limit""",
            (("limit", "25"),),
        ),
    ),
    "Organization": (
        Example(
            "What organizations own or control:",
            """
MATCH (o:Organization)-[r:OWNS|CONTROLS]->(e:Entity)
RETURN o.name, type(r) AS link, coalesce(toString(r.pct) + '%', r.basis) AS how, e.name LIMIT $limit""",
            (("limit", "25"),),
        ),
    ),
    "Vessel": (
        Example(
            "Vessels by IMO number:",
            """
MATCH (v:Vessel)-[:HAS_IDENTIFIER]->(i:Identifier {scheme: $scheme})
RETURN v.name, v.country, i.value ORDER BY v.name LIMIT 25""",
            (("scheme", "'IMO'"),),
        ),
    ),
    "JointVenture": (
        Example(
            "A joint venture's partners, purpose and dates:",
            """
MATCH (partner:Entity)-[s:OWNS {jv: true}]->(jv:JointVenture)
RETURN jv.name, collect({partner: partner.name, pct: s.pct, since: s.start_date}) AS partners,
       head(collect(s.purpose)) AS purpose""",
        ),
    ),
    "Identifier": (
        Example(
            "An entity by identifier:",
            """
MATCH (e:Entity)-[:HAS_IDENTIFIER]->(:Identifier {key: $key})
RETURN e.id, e.name, e.country""",
            (("key", "'USCC:913700001630477270'"),),
        ),
    ),
    "SourceRecord": (
        Example(
            "Where did this entity's facts come from?",
            """
MATCH (s:SourceRecord)-[:DESCRIBES]->(e:Entity {id: $id})
RETURN s.dataset, s.record_id, s.name, s.identifiers, s.first_seen, s.last_run""",
            (("id", "'inspur-group'"),),
        ),
    ),
    "List": (
        Example(
            "The lists, and how many entities are on each on a date:",
            f"""
MATCH (l:List)
OPTIONAL MATCH (e:Entity)-[r:LISTED_ON]->(l)
WHERE {VALID_ON}
RETURN l.code, l.name, l.authority, count(e) AS entities ORDER BY l.code""",
            (AS_OF,),
        ),
    ),
    "Source": (
        Example(
            "The loaded sources and their runs:",
            """
MATCH (s:Source)
OPTIONAL MATCH (r:LoadRun)-[:OF_SOURCE]->(s)
RETURN s.name, s.publisher, s.licence, s.retrieved_at, count(r) AS runs ORDER BY s.name""",
        ),
    ),
    "LoadRun": (
        Example(
            "What did the last loads do?",
            """
MATCH (r:LoadRun) RETURN r.id, r.source, r.status, r.entities_written, r.rejected
ORDER BY r.started_at DESC LIMIT $limit""",
            (("limit", "10"),),
        ),
    ),
    "LoadLock": (
        Example(
            "Is a load writing now, and which?",
            """
MATCH (l:LoadLock {name: $name}) RETURN l.run, l.host, l.pid, l.acquired_at""",
            (("name", "'load'"),),
        ),
    ),
    "Derivation": (
        Example(
            "For which date and profile do the exposure marks hold?",
            """
MATCH (d:Derivation) RETURN d.regime, d.as_of, d.profile_version, d.listed, d.caught, d.possible
ORDER BY d.regime""",
        ),
    ),
    "OWNS": (
        Example(
            "Direct stakes held in a company on a date, with every source's claim side by side:",
            f"""
MATCH (owner:Entity)-[r:OWNS]->(:Entity {{id: $id}})
WHERE NOT r.derived AND {VALID_ON}
RETURN owner.name, r.pct, r.pct_min, r.pct_max, r.basis, r.jv, r.source, r.first_seen""",
            (("id", "'inspur-digital'"), AS_OF),
        ),
        Example(
            "Every layer below a listed group (paths up to 8 links down, to explore in Bloom; the "
            "exposure rules themselves are the exposure engine's, not this query's):",
            """
MATCH (g:Entity)-[:LISTED_ON]->(:List {code: $list})
MATCH p = (g)-[:OWNS|CONTROLS*1..8]->(affiliate:Entity)
WHERE all(r IN relationships(p) WHERE r.end_date IS NULL AND NOT coalesce(r.derived, false))
RETURN p LIMIT 100""",
            (("list", "'EL'"),),
        ),
    ),
    "CONTROLS": (
        Example(
            "Who controls an entity, and how:",
            f"""
MATCH (c:Entity)-[r:CONTROLS]->(:Entity {{id: $id}})
WHERE {VALID_ON}
RETURN c.name, r.basis, r.source, r.start_date""",
            (("id", "'inspur-group'"), AS_OF),
        ),
    ),
    "LISTED_ON": (
        Example(
            "Who is on a list on a date (the half-open interval), since when, on what authority:",
            f"""
MATCH (e:Entity)-[r:LISTED_ON]->(l:List)
WHERE l.code IN $lists AND {VALID_ON}
RETURN e.name, l.code, r.programs, r.start_date, r.end_date, r.citation
ORDER BY r.start_date DESC LIMIT 25""",
            (("lists", "['EL', 'MEU', 'SDN']"), AS_OF),
        ),
    ),
    "TRUST_ROLE": (
        Example(
            "The settlors, trustees, protectors and beneficiaries of a trust on a date:",
            f"""
MATCH (p:Entity)-[r:TRUST_ROLE]->(:Entity {{id: $id}})
WHERE {VALID_ON}
RETURN p.name, r.role, r.powers, r.start_date, r.end_date, r.source""",
            (("id", "'inspur-group'"), AS_OF),
        ),
    ),
    "OFFICER_OF": (
        Example(
            "The officers of an entity on a date:",
            f"""
MATCH (p:Entity)-[r:OFFICER_OF]->(:Entity {{id: $id}})
WHERE {VALID_ON}
RETURN p.name, r.role, r.start_date, r.end_date, r.source""",
            (("id", "'inspur-group'"), AS_OF),
        ),
    ),
    "HAS_IDENTIFIER": (
        Example(
            "An entity's identifiers:",
            """
MATCH (:Entity {id: $id})-[:HAS_IDENTIFIER]->(i:Identifier)
RETURN i.scheme, i.value""",
            (("id", "'inspur-group'"),),
        ),
    ),
    "DESCRIBES": (
        Example(
            "Entities merged from more than one source's record:",
            """
MATCH (s:SourceRecord)-[:DESCRIBES]->(e:Entity)
WITH e, collect(s.dataset + ' ' + s.record_id) AS records
WHERE size(records) > $min
RETURN e.id, e.name, records LIMIT 25""",
            (("min", "1"),),
        ),
    ),
    "MatchKey": (
        Example(
            "The entities sharing a word key:",
            """
MATCH (m:MatchKey {key: $key})<-[:HAS_MATCH_KEY]-(e:Entity)
RETURN e.id, e.name LIMIT 25""",
            (("key", "'w:inspur'"),),
        ),
    ),
    "HAS_MATCH_KEY": (
        Example(
            "An entity's match keys:",
            """
MATCH (:Entity {id: $id})-[:HAS_MATCH_KEY]->(m:MatchKey)
RETURN m.key ORDER BY m.key""",
            (("id", "'inspur-group'"),),
        ),
    ),
    "Resolution": (
        Example(
            "The decisions of one analyst, latest first:",
            """
MATCH (r:Resolution {by: $by}) RETURN r.id, r.decision, r.a, r.b, r.state, r.at, r.why
ORDER BY r.at DESC LIMIT 25""",
            (("by", "'analyst'"),),
        ),
    ),
    "JUDGES": (
        Example(
            "The judgements on an entity's records:",
            """
MATCH (r:Resolution {state: 'active'})-[:JUDGES]->(s:SourceRecord)-[:DESCRIBES]->(:Entity {id: $id})
RETURN DISTINCT r.id, r.decision, r.a, r.b, r.by, r.at, r.why""",
            (("id", "'inspur-group'"),),
        ),
    ),
    "Rebuttal": (
        Example(
            "The rebuttals in force on a date:",
            """
MATCH (r:Rebuttal {state: 'active'})-[:REBUTS]->(:SourceRecord)-[:DESCRIBES]->(e:Entity)
WHERE r.start_date <= $as_of
RETURN r.id, r.regime, e.id, e.name, r.start_date, r.why, r.evidence, r.by""",
            (("as_of", "date('2026-12-07')"),),
        ),
    ),
    "REBUTS": (
        Example(
            "The rebuttals of one entity, undone ones included:",
            """
MATCH (r:Rebuttal)-[:REBUTS]->(:SourceRecord)-[:DESCRIBES]->(:Entity {id: $id})
RETURN r.id, r.regime, r.start_date, r.state, r.why, r.evidence, r.by, r.at ORDER BY r.at""",
            (("id", "'inspur-group'"),),
        ),
    ),
    "OF_SOURCE": (
        Example(
            "The runs of one source, latest first:",
            """
MATCH (r:LoadRun)-[:OF_SOURCE]->(:Source {name: $source})
RETURN r.id, r.format, r.status, r.started_at, r.rejected ORDER BY r.started_at DESC LIMIT 5""",
            (("source", "'inspur'"),),
        ),
    ),
}

EXPOSURE_EXAMPLE = Example(
    "The entities the BIS Affiliates Rule catches, with the listed parties behind them (swap the "
    "label and properties for another regime):",
    """
MATCH (e:BisCaught)
RETURN e.id, e.name, e.bis_pct_min, e.bis_pct_max, e.bis_listed_owners ORDER BY e.bis_pct_min DESC""",
)


def _anchor(heading: str) -> str:
    """GitHub's anchor for a heading."""
    kept = "".join(c for c in heading.lower() if c.isalnum() or c in " -_")
    return kept.replace(" ", "-")


def _table(head: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _properties(props: tuple[schema.Property, ...]) -> str:
    return _table(("property", "type", "meaning"), [(f"`{p.name}`", p.type, p.meaning) for p in props])


def _sentence(text: str) -> str:
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "…")) else text + "."


def _keys_and_indexes(target: str, on_relationship: bool) -> str:
    parts = [
        f"key `{'`, `'.join(c.properties)}` (constraint `{c.name}`)"
        for c in schema.CONSTRAINTS
        if not on_relationship and c.label == target
    ]
    parts += [
        f"{i.kind} index `{i.name}` on `{'`, `'.join(i.properties)}`"
        for i in schema.INDEXES
        if i.target == target and i.on_relationship == on_relationship
    ]
    return f"Schema: {'; '.join(parts)}." if parts else ""


def _diagram() -> str:
    kinds = ", ".join(f":{label}" for label in (*schema.KIND_LABELS.values(), "JointVenture"))
    lines = [
        "```mermaid",
        "flowchart LR",
        f'    Entity[":Entity<br/>+ one of {kinds}<br/>+ exposure labels :BisCaught, :OfacListed…"]',
    ]
    for label in schema.NODE_LABELS:
        if label not in schema.ENTITY_LABELS:
            lines.append(f'    {label}[":{label}"]')
    for rel, (start, end) in schema.RELATIONSHIP_ENDS.items():
        lines.append(f"    {start} -- {rel} --> {end}")
    lines.append("```")
    return "\n".join(lines)


def _section(heading: str, paragraphs: list[str]) -> str:
    """A ``###`` section: its paragraphs (tables, code) separated by blank lines."""
    return "\n\n".join([f"### {heading}", *(p.strip("\n") for p in paragraphs if p)]) + "\n"


def _node_section(label: str) -> str:
    paragraphs = [f"{_sentence(schema.NODE_LABELS[label])} {NOTES[label]}"]
    if label == "List":
        rows = [(f"`{i.code}`", i.name, i.authority or "") for i in LISTS.values()]
        paragraphs.append(_table(("code", "name", "authority"), rows))
    paragraphs.append(_keys_and_indexes(label, on_relationship=False))
    props = schema.NODE_PROPERTIES[label]
    if label == "Entity":
        exposure = {p.name for regime in schema.REGIMES for p in schema.exposure_properties(regime)}
        props = tuple(p for p in props if p.name not in exposure)
    if props:
        paragraphs.append(_properties(props))
    if label == "Entity":
        paragraphs.append(
            "After `kb derive`, also the [exposure properties](#exposure-labels-kb-derive) of each regime."
        )
    paragraphs += [example.markdown() for example in EXAMPLES[label]]
    return _section(f":{label}", paragraphs)


def _relationship_section(rel: str) -> str:
    start, end = schema.RELATIONSHIP_ENDS[rel]
    paragraphs = [
        f"`(:{start})-[:{rel}]->(:{end})`. {NOTES[rel]}",
        _keys_and_indexes(rel, on_relationship=True),
    ]
    props = schema.RELATIONSHIP_PROPERTIES[rel]
    if props:
        paragraphs.append(_properties(tuple(p for p in props if p not in schema.FACT_PROPERTIES)))
        paragraphs.append("And the [provenance of every fact](#provenance-of-facts).")
    paragraphs += [example.markdown() for example in EXAMPLES[rel]]
    return _section(f":{rel}", paragraphs)


def _exposure_section() -> str:
    rows = [
        (f"`:{label}`", f"`{regime}`", status) for (regime, status), label in schema.EXPOSURE_LABELS.items()
    ]
    rows += [
        (f"`:{label}`", f"`{regime}`", "interest in property through a trust (with or without a status)")
        for regime, label in schema.INTEREST_LABELS.items()
    ]
    regimes = ", ".join(f"`{r}`" for r in schema.REGIMES)
    return _section(
        "Exposure labels (`kb derive`)",
        [
            "`kb derive [--as-of DATE]` writes, per regime, one label per status on each `:Entity` it "
            f"did not find clear, and these properties (`<regime>` is one of {regimes}). The previous "
            "marks of the regime are removed in the same transaction; an entity without them is clear "
            "under that regime on the `:Derivation`'s `as_of` (or was not derived). `listed` means a "
            "seed of the regime: on one of its lists, with a qualifying program. A profile with "
            "`interest_roles` (ofac) also marks what it flags as property in which a listed or caught "
            "party has an interest through a trust (`:OfacInterest`, `ofac_interest`): `kb exposure` "
            "climbs through such a holder on fresh marks like through one with a status.",
            _table(("label", "regime", "status"), rows),
            _properties(schema.exposure_properties("<regime>")),
            EXPOSURE_EXAMPLE.markdown(),
        ],
    )


def render() -> str:
    """The text of docs/schema.md."""
    base = [label for label in schema.NODE_LABELS if label not in schema.MARK_LABELS]
    node_rows = []
    for label in base:
        keys = [f"`{', '.join(c.properties)}`" for c in schema.CONSTRAINTS if c.label == label]
        link = f"[`:{label}`](#{_anchor(':' + label)})"
        node_rows.append((link, keys[0] if keys else "", schema.NODE_LABELS[label]))
    rel_rows = [
        (f"[`:{rel}`](#{_anchor(':' + rel)})", f"{start} → {end}", schema.RELATIONSHIP_TYPES[rel])
        for rel, (start, end) in schema.RELATIONSHIP_ENDS.items()
    ]
    constraint_rows = [(f"`{c.name}`", f"`:{c.label}`", ", ".join(c.properties)) for c in schema.CONSTRAINTS]
    index_rows = [
        (
            f"`{i.name}`",
            i.kind,
            f"`[:{i.target}]`" if i.on_relationship else f"`:{i.target}`",
            ", ".join(i.properties),
        )
        for i in schema.INDEXES
    ]
    blocks = [
        HEADER + INTRO,
        PRINCIPLES,
        "## The model at a glance",
        _diagram(),
        "The kind labels and the exposure labels sit on the `:Entity` node itself. `:Derivation` and "
        "`:LoadLock` stand alone. Facts and records name the load runs that wrote them by id "
        "(`first_run`, `last_run`, `closed_by`, `removed_by`), a property rather than a relationship.",
        "## Nodes",
        _table(("label", "key", "what"), node_rows),
        *(_node_section(label) for label in base),
        _exposure_section(),
        "## Relationships",
        _table(("type", "from → to", "what"), rel_rows),
        _section(
            "Provenance of facts",
            [
                "Every fact relationship (`OWNS`, `CONTROLS`, `LISTED_ON`, `OFFICER_OF`, `TRUST_ROLE`) "
                "carries:",
                _properties(schema.FACT_PROPERTIES),
            ],
        ),
        *(_relationship_section(rel) for rel in schema.RELATIONSHIP_TYPES),
        "## Constraints and indexes",
        "`kb db init` creates them (idempotently) and waits until they are online; `kb db schema` "
        "prints them as Cypher for `cypher-shell` (the same as `cypher/schema/schema.cypher`).",
        _table(("constraint", "label", "unique"), constraint_rows),
        _table(("index", "kind", "on", "properties"), index_rows),
        DECISIONS,
    ]
    return "\n\n".join(block.strip("\n") for block in blocks) + "\n"
