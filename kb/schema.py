"""The graph schema as data: the closed set of labels and relationship types, keys and indexes.

Labels and relationship types used in any Cypher kb builds come from here, never from input.
``kb db init`` applies :data:`CONSTRAINTS` and :data:`INDEXES` idempotently; ``cypher/schema/``
holds the same statements for cypher-shell users (a test keeps it generated from this file).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

NODE_LABELS: dict[str, str] = {
    "Entity": "any party: company, person, organization or vessel",
    "Company": "an Entity that is a company",
    "Person": "an Entity that is a natural person",
    "Organization": "an Entity that is a government body, university, military unit…",
    "Vessel": "an Entity that is a ship or aircraft",
    "JointVenture": "a Company that is a joint venture of its partners",
    "Identifier": "a strong identifier (LEI, USCC, OFAC UID, ISIN…) keyed SCHEME:VALUE",
    "SourceRecord": "one source's record of an entity, as the source said it; DESCRIBES the resolved Entity",
    "List": "a restricted-party list (EL, MEU, SDN, 1260H, EU, UK…)",
    "Source": "a data source: publisher, URL, licence",
    "LoadRun": "one run of a loader over one file",
    "LoadLock": "held by the one load that may write at a time",
    "Derivation": "the last `kb derive` of one regime: as-of date, profile version, counts",
}

# Determinations written by `kb derive`, one label per regime and status, for Bloom and Cypher.
REGIMES = ("ofac", "bis", "eu", "uk")
STATUSES = ("listed", "caught", "possible")
EXPOSURE_LABELS: dict[tuple[str, str], str] = {
    (regime, status): f"{regime.capitalize()}{status.capitalize()}"
    for regime in REGIMES
    for status in STATUSES
}
NODE_LABELS.update(
    {
        label: f"an Entity {status} under {regime} on the last `kb derive`"
        for (regime, status), label in EXPOSURE_LABELS.items()
    }
)

RELATIONSHIP_TYPES: dict[str, str] = {
    "OWNS": "a direct ownership stake (pct or pct_min..pct_max, basis, validity); jv=true for a JV partner",
    "CONTROLS": "control without ownership (board appointment, VIE, consolidation…)",
    "LISTED_ON": "an Entity's listing on a List (dates, programs, citation)",
    "OFFICER_OF": "a Person's role in an Entity (director, officer…)",
    "HAS_IDENTIFIER": "an Entity's strong identifier",
    "DESCRIBES": "a SourceRecord's resolved Entity",
    "OF_SOURCE": "a LoadRun's Source",
}


@dataclass(frozen=True)
class Constraint:
    name: str
    label: str
    properties: tuple[str, ...]

    def cypher(self) -> str:
        keys = ", ".join(f"n.{p}" for p in self.properties)
        target = f"({keys})" if len(self.properties) > 1 else keys
        return f"CREATE CONSTRAINT {self.name} IF NOT EXISTS FOR (n:{self.label}) REQUIRE {target} IS UNIQUE"


@dataclass(frozen=True)
class Index:
    name: str
    kind: Literal["range", "fulltext"]
    target: str  # a node label, or a relationship type when on_relationship
    properties: tuple[str, ...]
    on_relationship: bool = False

    def cypher(self) -> str:
        pattern = f"()-[n:{self.target}]-()" if self.on_relationship else f"(n:{self.target})"
        props = ", ".join(f"n.{p}" for p in self.properties)
        if self.kind == "fulltext":
            return f"CREATE FULLTEXT INDEX {self.name} IF NOT EXISTS FOR {pattern} ON EACH [{props}]"
        return f"CREATE INDEX {self.name} IF NOT EXISTS FOR {pattern} ON ({props})"


CONSTRAINTS: tuple[Constraint, ...] = (
    Constraint("entity_id", "Entity", ("id",)),
    Constraint("identifier_key", "Identifier", ("key",)),
    Constraint("list_code", "List", ("code",)),
    Constraint("source_name", "Source", ("name",)),
    Constraint("load_run_id", "LoadRun", ("id",)),
    Constraint("source_record_key", "SourceRecord", ("key",)),
    Constraint("load_lock_name", "LoadLock", ("name",)),
    Constraint("derivation_regime", "Derivation", ("regime",)),
)

INDEXES: tuple[Index, ...] = (
    Index("entity_name", "range", "Entity", ("name",)),
    Index("entity_country", "range", "Entity", ("country",)),
    Index("identifier_value", "range", "Identifier", ("value",)),
    Index("load_run_started", "range", "LoadRun", ("started_at",)),
    Index("listed_on_start", "range", "LISTED_ON", ("start_date",), on_relationship=True),
    Index("source_record_dataset", "range", "SourceRecord", ("dataset",)),
    Index("source_record_id", "range", "SourceRecord", ("record_id",)),
    Index("owns_dataset", "range", "OWNS", ("dataset",), on_relationship=True),
    Index("controls_dataset", "range", "CONTROLS", ("dataset",), on_relationship=True),
    Index("listed_on_dataset", "range", "LISTED_ON", ("dataset",), on_relationship=True),
    Index("officer_of_dataset", "range", "OFFICER_OF", ("dataset",), on_relationship=True),
    Index("owns_claim", "range", "OWNS", ("claim",), on_relationship=True),
    Index("controls_claim", "range", "CONTROLS", ("claim",), on_relationship=True),
    Index("listed_on_claim", "range", "LISTED_ON", ("claim",), on_relationship=True),
    Index("officer_of_claim", "range", "OFFICER_OF", ("claim",), on_relationship=True),
    Index("entity_names_fulltext", "fulltext", "Entity", ("name", "names")),
)


SCHEMA_ITEMS: tuple[Constraint | Index, ...] = (*CONSTRAINTS, *INDEXES)


def statements() -> list[str]:
    return [item.cypher() for item in SCHEMA_ITEMS]


def schema_file_text() -> str:
    """The content of ``cypher/schema/schema.cypher``."""
    header = (
        "// Generated from kb/schema.py by `kb db schema > cypher/schema/schema.cypher`; do not edit.\n"
        "// Idempotent: run it as-is in cypher-shell or Neo4j Browser, or use `kb db init`.\n"
    )
    return header + "".join(f"{statement};\n" for statement in statements())


def _check_closed_set() -> None:
    for item in SCHEMA_ITEMS:
        on_relationship = isinstance(item, Index) and item.on_relationship
        known = RELATIONSHIP_TYPES if on_relationship else NODE_LABELS
        target = item.label if isinstance(item, Constraint) else item.target
        if target not in known:
            raise AssertionError(f"schema item {item.name} names unknown {target}")


_check_closed_set()
