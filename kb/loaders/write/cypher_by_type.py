"""The write path's only Cypher that is not a file under ``cypher/``: statements whose text names a
node label or relationship type that varies.

Why these cannot be static files: a relationship type cannot be a ``$parameter`` in a ``MATCH``
pattern on Neo4j 5.26, the LTS kb runs by default (``MATCH ()-[r:$(type)]->()`` came with Cypher
25), and the claim statements below find relationships by type and ``claim`` through the
per-type property indexes of :mod:`kb.schema`. Neo4j 5.26 could ``CREATE``/``SET`` a label given
as a parameter (``$(label)``), but the per-kind-label statements stay here beside them rather
than depend on a feature whose plans ``make bench-load`` has not measured.

The labels and types come only from closed sets (the kind labels of
:mod:`kb.loaders.write.records`, the fact kinds of :mod:`kb.loaders.write.claims`); each is checked
against :mod:`kb.schema` before it reaches a query. Values still travel as ``$parameters``.
"""

from __future__ import annotations

from kb import schema


def _label(label: str) -> str:
    if label not in schema.NODE_LABELS:
        raise ValueError(f"{label!r} is not a node label of kb.schema")
    return label


def _type(rel: str) -> str:
    if rel not in schema.RELATIONSHIP_TYPES:
        raise ValueError(f"{rel!r} is not a relationship type of kb.schema")
    return rel


def create_records(label: str) -> str:
    """New Entities of kind ``label``, each described by one new record: its view is the record
    itself, nothing to merge. Parameters: rows (as write_records), dataset, run, now."""
    return f"""
UNWIND $rows AS row
CREATE (s:SourceRecord {{key: row.key}})
SET s += row.props, s.dataset = $dataset, s.record_id = row.id, s.hash = row.hash,
    s.first_seen = $now, s.first_run = $run, s.last_seen = $now, s.last_run = $run
CREATE (e:Entity:{_label(label)} {{id: row.entity}})
SET e.name = row.props.name, e.names = row.props.names, e.kind = row.props.kind,
    e.country = row.props.country, e.address = row.props.address, e.opacity = row.props.opacity,
    e.sources = row.sources, e.first_seen = $now, e.first_run = $run, e.last_seen = $now, e.last_run = $run
CREATE (s)-[:DESCRIBES]->(e)
WITH e, row
UNWIND row.identifiers AS identifier
MERGE (i:Identifier {{key: identifier.key}})
  ON CREATE SET i.scheme = identifier.scheme, i.value = identifier.value
CREATE (e)-[:HAS_IDENTIFIER]->(i)
"""


def kind_label(label: str, others: list[str]) -> str:
    """Gives the Entities $ids whose kind is $kind the label ``label`` and takes the ``others`` off."""
    removed = ":".join(_label(other) for other in others)
    return (
        f"UNWIND $ids AS id MATCH (e:Entity {{id: id}}) WHERE e.kind = $kind "
        f"SET e:{_label(label)} REMOVE e:{removed}"
    )


def existing_claims(rel: str) -> str:
    """Every claim of the source $dataset whose key starts with $prefix, as one list of
    [claim, hash, still open]."""
    return (
        f"MATCH ()-[r:{_type(rel)} {{dataset: $dataset}}]->() WHERE r.claim STARTS WITH $prefix "
        "RETURN collect([r.claim, r.hash, r.closed_by IS NULL]) AS claims"
    )


def claims_by_key(rel: str) -> str:
    """The claims with the keys $claims, as one list of [claim, hash, still open]."""
    return (
        f"UNWIND $claims AS claim MATCH ()-[r:{_type(rel)} {{claim: claim}}]->() "
        "RETURN collect([r.claim, r.hash, r.closed_by IS NULL]) AS claims"
    )


_STAMP = (
    "SET r += row.props, r.dataset = $dataset, r.hash = row.hash, r.last_seen = $now, "
    "r.last_run = $run, r.closed_by = null"
)


def create_claims(rel: str, end_is_list: bool) -> str:
    """New claims $rows ({a, b, claim, props, hash}) from Entity a to Entity (or List) b."""
    end = "MATCH (b:List {code: row.b})" if end_is_list else "MATCH (b:Entity {id: row.b})"
    return (
        f"UNWIND $rows AS row MATCH (a:Entity {{id: row.a}}) {end} "
        f"CREATE (a)-[r:{_type(rel)} {{claim: row.claim, first_seen: $now, first_run: $run}}]->(b) {_STAMP}"
    )


def update_claims(rel: str) -> str:
    """Claims $rows that changed (or were closed and come back), found by their key."""
    return f"UNWIND $rows AS row MATCH ()-[r:{_type(rel)} {{claim: row.claim}}]->() {_STAMP}"


def close_claims(rel: str) -> str:
    """Closes the claims $claims on $date (unless they end earlier) by the run $run."""
    return (
        f"UNWIND $claims AS claim MATCH ()-[r:{_type(rel)} {{claim: claim}}]->() "
        "SET r.end_date = coalesce(r.end_date, $date), r.closed_by = $run"
    )


def cite_sources(rel: str) -> str:
    """Appends the cited source to the older claim keys of the source $dataset, $batch per
    transaction (an auto-commit query); returns how many changed."""
    return (
        f"MATCH ()-[r:{_type(rel)} {{dataset: $dataset}}]->() "
        "WHERE r.claim IS NOT NULL AND r.source IS NOT NULL AND r.source <> r.dataset "
        "AND NOT r.claim ENDS WITH '|' + r.source "
        "CALL (r) { SET r.claim = r.claim + '|' + r.source } IN TRANSACTIONS OF $batch ROWS "
        "RETURN count(r) AS n"
    )


def move_claims(rel: str, end_is_list: bool) -> str:
    """Moves the claims touching the Entities $ids to the Entities their records (``a_record``,
    ``b_record``) describe now: a relationship cannot change ends, so it is created anew with the
    same properties and the old one deleted. Claims already where they belong are left alone."""
    end = (
        "WITH r, ea, endNode(r) AS eb"
        if end_is_list
        else "MATCH (:SourceRecord {key: r.b_record})-[:DESCRIBES]->(eb:Entity) WITH r, ea, eb"
    )
    return (
        f"UNWIND $ids AS id MATCH (:Entity {{id: id}})-[r:{_type(rel)}]-() WITH DISTINCT r "
        "MATCH (:SourceRecord {key: r.a_record})-[:DESCRIBES]->(ea:Entity) "
        f"{end} WHERE startNode(r) <> ea OR endNode(r) <> eb "
        f"CREATE (ea)-[n:{_type(rel)}]->(eb) SET n = properties(r) DELETE r"
    )


def record_claim_ends(rel: str, end_is_list: bool) -> str:
    """Gives the claims of the source $dataset written before claims kept their records (format 3)
    the SourceRecord at each end: the record its key names (``<dataset>|<start id>``), else the
    record with that id describing the start node, else the first record describing it; the same at
    the end. $batch per transaction (an auto-commit query); returns how many changed."""

    def end(node: str, part: int) -> str:
        named = f"split(r.claim, '|')[{part}]"
        return (
            f"coalesce(head(COLLECT {{ MATCH (s:SourceRecord {{key: r.dataset + '|' + {named}}}) "
            "RETURN s.key }), "
            f"head(COLLECT {{ MATCH (s:SourceRecord {{record_id: {named}}})-[:DESCRIBES]->({node}) "
            "RETURN s.key }), "
            f"head(COLLECT {{ MATCH (s:SourceRecord)-[:DESCRIBES]->({node}) RETURN s.key ORDER BY s.key }}))"
        )

    b_record = "" if end_is_list else f", r.b_record = {end('y', 3)}"
    return (
        f"MATCH (x)-[r:{_type(rel)} {{dataset: $dataset}}]->(y) WHERE r.a_record IS NULL "
        f"CALL (r, x, y) {{ SET r.a_record = {end('x', 2)}{b_record} }} IN TRANSACTIONS OF $batch ROWS "
        "RETURN count(r) AS n"
    )
