"""The graph schema as data: the closed set of labels and relationship types, their properties,
keys and indexes.

Labels and relationship types used in any Cypher kb builds come from here, never from input.
``kb db init`` applies :data:`CONSTRAINTS` and :data:`INDEXES` idempotently; ``cypher/schema/``
holds the same statements for cypher-shell users (a test keeps it generated from this file).
:data:`NODE_PROPERTIES`, :data:`RELATIONSHIP_PROPERTIES` and :data:`RELATIONSHIP_ENDS` say what
each label and type carries; ``docs/schema.md`` is generated from them (:mod:`kb.schema_doc`),
and a test checks them against what the loaders and ``kb derive`` write.
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
    "MatchKey": "a blocking key of Entity names and identifiers; `kb screen` finds candidates by it",
    "Resolution": "a judgement (`kb resolve`) that two SourceRecords are, or are not, one party",
    "Rebuttal": "a judgement (`kb rebut`) that an Entity's holders do not in fact control it, from a date",
}

# An Entity's kind (its ``kind`` property) and the label it carries beside :Entity.
KIND_LABELS: dict[str, str] = {
    "company": "Company", "person": "Person", "organization": "Organization", "vessel": "Vessel",
}  # fmt: skip
KINDS = tuple(KIND_LABELS)
# The bases of a stake (OWNS.basis) and of control without ownership (CONTROLS.basis).
STAKE_BASES = ("equity", "voting")
CONTROL_BASES = (
    "board_appointment", "voting_agreement", "vie_contract", "dominant_influence", "consolidation", "other",
)  # fmt: skip
# A party's role in a trust (TRUST_ROLE.role) and the powers over the trust's assets or its trustee
# it keeps (TRUST_ROLE.powers): what CJEU C-483/23 turns on (docs/rules.md, section 3.2). `none`,
# alone, records that the source says the party keeps no power; no powers at all means not known.
TRUST_ROLES = ("settlor", "trustee", "protector", "beneficiary")
TRUST_POWERS = ("revoke", "replace_trustee", "benefit", "dispose", "direct", "veto", "none")

# The regimes kb derives (each has a profile in kb/regimes/) and what a regime may conclude of an
# entity, worst first; an entity it concludes nothing of is clear. `kb derive` writes one label per
# regime and status, for Bloom and Cypher.
REGIMES = ("ofac", "bis", "eu", "uk", "dod805")
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
# And one label per regime on an Entity the regime flags, without a status of its own, as property in
# which a listed or caught party has an interest through a trust (a profile's `interest_roles`: ofac).
# `kb exposure` climbs through it like a marked holder (docs/rules.md, section 3.2).
INTEREST_LABELS: dict[str, str] = {regime: f"{regime.capitalize()}Interest" for regime in REGIMES}
NODE_LABELS.update(
    {
        label: f"an Entity flagged under {regime} on the last `kb derive`: a trust's interest in property"
        for regime, label in INTEREST_LABELS.items()
    }
)
MARK_LABELS = frozenset({*EXPOSURE_LABELS.values(), *INTEREST_LABELS.values()})  # what `kb derive` writes

RELATIONSHIP_TYPES: dict[str, str] = {
    "OWNS": "a direct ownership stake (pct or pct_min..pct_max, basis, validity); jv=true for a JV partner",
    "CONTROLS": "control without ownership (board appointment, VIE, consolidation…)",
    "LISTED_ON": "an Entity's listing on a List (dates, programs, citation)",
    "OFFICER_OF": "a Person's role in an Entity (director, officer…)",
    "HAS_IDENTIFIER": "an Entity's strong identifier",
    "DESCRIBES": "a SourceRecord's resolved Entity",
    "HAS_MATCH_KEY": "an Entity's blocking key, rewritten when its records change",
    "OF_SOURCE": "a LoadRun's Source",
    "JUDGES": "a Resolution's two SourceRecords: the records it judges one party, two, or unsure",
    "REBUTS": "a Rebuttal's SourceRecord: its Entity is the one whose presumed control it sets aside",
    "TRUST_ROLE": "a party's role in a trust (settlor, trustee, protector, beneficiary), powers it keeps",
}


# --- properties -------------------------------------------------------------------------------

# Property types, as Cypher names them (``valueType()``, ``IS :: …``).
STRING, INTEGER, FLOAT, BOOLEAN = "STRING", "INTEGER", "FLOAT", "BOOLEAN"
DATE, DATETIME, STRINGS = "DATE", "ZONED DATETIME", "LIST<STRING>"


@dataclass(frozen=True)
class Property:
    name: str
    type: str  # one of the Cypher type names above
    meaning: str


def _props(*rows: tuple[str, str, str]) -> tuple[Property, ...]:
    return tuple(Property(*row) for row in rows)


_SEEN = _props(
    ("first_seen", DATETIME, "when a load first wrote it"),
    ("last_seen", DATETIME, "when a load last wrote or confirmed it"),
    ("first_run", STRING, "the `LoadRun` id of that first load"),
    ("last_run", STRING, "the `LoadRun` id of that last load"),
)


def exposure_properties(regime: str) -> tuple[Property, ...]:
    """What ``kb derive`` writes on an Entity for one regime (absent: clear, or not derived)."""
    return _props(
        (f"{regime}_status", STRING, f"`listed`, `caught` or `possible` under `{regime}` on the last derive"),
        (f"{regime}_pct_min", FLOAT, "the aggregate share its caught owners surely hold (null when listed)"),
        (f"{regime}_pct_max", FLOAT, "the aggregate share they may hold, unknown sizes counting 100"),
        (
            f"{regime}_listed_owners",
            STRINGS,
            "ids of the listed parties the determination goes back to (`[]` when listed)",
        ),
        (
            f"{regime}_interest",
            STRING,
            "id of the trust through which a listed or caught party has an interest in its property, "
            "a flag beside the status (`:OfacInterest` under ofac): `kb exposure` climbs through it",
        ),
    )


ENTITY_PROPERTIES: tuple[Property, ...] = (
    *_props(
        (
            "id",
            STRING,
            "kb-wide id: the id of the record that created it (a bundle's `id`, `ofac:…`, `ftm:…`)",
        ),
        ("name", STRING, "the name in the earliest source record that describes it"),
        ("names", STRINGS, "every other name and alias, in any script (full-text indexed with `name`)"),
        ("kind", STRING, "`company`, `person`, `organization` or `vessel`, also given as a label"),
        ("country", STRING, "ISO 3166-1 alpha-2 code, from the earliest record that gives one"),
        ("address", STRING, "from the earliest record that gives one"),
        ("opacity", STRINGS, "signals of hidden ownership, e.g. GLEIF reporting exceptions"),
        ("sources", STRINGS, "the loaded sources and the cited sources of every record describing it"),
    ),
    *_SEEN,
    *(prop for regime in REGIMES for prop in exposure_properties(regime)),
)

# The counts a load run records; with ``rejected`` they are ``kb runs``' columns.
FACT_KINDS = ("stakes", "jvs", "controls", "listings", "officers", "trust_roles")
LOAD_COUNTS: tuple[Property, ...] = _props(
    ("entities_written", INTEGER, "entity records written (new or changed)"),
    ("entities_unchanged", INTEGER, "entity records the same as the source's previous snapshot"),
    ("entities_absent", INTEGER, "records of the previous snapshot this one lacks (marked `removed_by`)"),
    ("line_delta", INTEGER, "1 when the file was read as the lines changed since the kept snapshot"),
    *(
        row
        for kind in FACT_KINDS
        for row in (
            (f"{kind}_written", INTEGER, f"{kind} claims written (new or changed)"),
            (f"{kind}_unchanged", INTEGER, f"{kind} claims the same as before"),
            (f"{kind}_closed", INTEGER, f"{kind} claims this snapshot no longer holds, now closed"),
        )
    ),
)

NODE_PROPERTIES: dict[str, tuple[Property, ...]] = {
    "Entity": ENTITY_PROPERTIES,
    "Company": (),
    "Person": (),
    "Organization": (),
    "Vessel": (),
    "JointVenture": (),
    "Identifier": _props(
        ("key", STRING, "`SCHEME:VALUE`, e.g. `LEI:5493001KJTIIGC8Y1R12`, `USCC:91…`"),
        ("scheme", STRING, "LEI, USCC, OFAC_UID, ISIN, IMO, RU_INN, SWIFT_BIC, `REG_<country>`…"),
        ("value", STRING, "the identifier itself (LEI and USCC check characters verified on load)"),
    ),
    "SourceRecord": (
        *_props(
            ("key", STRING, "`<dataset>|<record id>`"),
            ("dataset", STRING, "the loaded source (a `Source` name)"),
            ("record_id", STRING, "the record's id in that source"),
            ("name", STRING, "the name as the source gives it"),
            ("names", STRINGS, "its other names, as the source gives them"),
            ("kind", STRING, "`company`, `person`, `organization` or `vessel`"),
            ("country", STRING, "ISO 3166-1 alpha-2"),
            ("address", STRING, "as the source gives it"),
            ("identifiers", STRINGS, "`SCHEME:VALUE` identifiers, as validated on load"),
            ("opacity", STRINGS, "signals such as GLEIF reporting exceptions"),
            ("source", STRING, "the source the row cites (a bundle's `source` column)"),
            ("hash", STRING, "digest of the record's content: an unchanged record is not written again"),
        ),
        *_SEEN,
        *_props(("removed_by", STRING, "the `LoadRun` whose snapshot of the source no longer held it")),
    ),
    "List": _props(
        (
            "code",
            STRING,
            "kb's list code (`kb/lists.py`): EL, MEU, SDN, 1260H, EU, UK…; a list a source defines: "
            "`<namespace>:<name>`, e.g. `os:au_dfat_sanctions`",
        ),
        ("name", STRING, "the list's full name (a source's own list: as kb can name it from the source)"),
        ("authority", STRING, "who publishes it (a source's own list: as the source gives it, if it does)"),
        ("jurisdiction", STRING, "US, EU, GB or UN (a source's own list: as the source gives it)"),
    ),
    "Source": _props(
        ("name", STRING, "the source's short name, e.g. `ofac-sdn`, a bundle's folder name"),
        ("publisher", STRING, "who publishes it"),
        ("url", STRING, "where it is published"),
        ("licence", STRING, "its licence"),
        ("retrieved_at", DATETIME, "when a load of it last succeeded"),
        (
            "claim_format",
            INTEGER,
            "the claim key its claims are written under (2: keys cite the row's source)",
        ),
    ),
    "LoadRun": (
        *_props(
            ("id", STRING, "`<UTC start time>-<random>`, e.g. `20251015T101500-a1b2c3`"),
            ("source", STRING, "the `Source` it loaded"),
            ("format", STRING, "bundle, csl, ofac, gleif, ftm, bods, psc, 1260h, uk-sanctions"),
            ("path", STRING, "the file, folder or URL it read"),
            ("checksum", STRING, "sha256 of what it read (a folder: its files in name order)"),
            ("started_at", DATETIME, "when it started"),
            ("finished_at", DATETIME, "when it ended"),
            ("status", STRING, "`running`, `succeeded` or `failed`"),
            ("host", STRING, "the machine it ran on"),
            ("pid", INTEGER, "its process id"),
        ),
        *LOAD_COUNTS,
        *_props(
            ("rejected", INTEGER, "rows left out, each with a reason"),
            (
                "rejected_rows",
                STRINGS,
                "the first 1,000 of them, as JSON lines (file, row, field, value, reason)",
            ),
            ("error", STRING, "why a failed run failed"),
        ),
    ),
    "LoadLock": _props(
        ("name", STRING, "`load`: there is one lock"),
        ("run", STRING, "the `LoadRun` holding it"),
        ("host", STRING, "the machine of that run"),
        ("pid", INTEGER, "its process id (a lock left by a dead process on the same host is taken over)"),
        ("acquired_at", DATETIME, "when it was taken"),
    ),
    "Derivation": _props(
        ("regime", STRING, "ofac, bis, eu or uk"),
        ("as_of", DATE, "the date the marks hold for"),
        ("at", DATETIME, "when `kb derive` wrote them"),
        ("profile_version", STRING, "the `version` of the regime profile used"),
        ("profile_path", STRING, "the profile file used (shipped, or an override in `$KB_HOME/regimes/`)"),
        ("profile_digest", STRING, "SHA-256 of that file: marks derived under other content are not fresh"),
        ("listed", INTEGER, "entities marked listed"),
        ("caught", INTEGER, "entities marked caught"),
        ("possible", INTEGER, "entities marked possible"),
    ),
    "MatchKey": _props(
        (
            "key",
            STRING,
            "`w:<word>`, `j:<joined words>`, `p:<prefix>`, `a:<initials>`, `h:<two Chinese characters>` "
            "or `id:SCHEME:VALUE` (docs/resolution.md)",
        ),
    ),
    "Resolution": _props(
        ("id", STRING, "`res-<UTC time>-<random>`, e.g. `res-20261206T031500-a1b2c3`"),
        ("a", STRING, "the key of the first SourceRecord judged"),
        ("b", STRING, "the key of the second SourceRecord judged"),
        ("entities", STRINGS, "the Entities the two records were in when judged"),
        ("decision", STRING, "`accept` (one party), `reject` (two parties) or `unsure`"),
        ("by", STRING, "who decided (`--by`, else the login name; `kb resolve auto` for auto)"),
        ("at", DATETIME, "when"),
        ("why", STRING, "the analyst's reason, as given"),
        ("score", FLOAT, "the matcher's score of the pair when decided"),
        ("reasons", STRINGS, "the matcher's reasons"),
        ("state", STRING, "`active`, or `undone` once `kb resolve undo` reverted it"),
        ("undone_at", DATETIME, "when it was undone"),
    ),
    "Rebuttal": _props(
        ("id", STRING, "`reb-<UTC time>-<random>`, e.g. `reb-20261207T101500-a1b2c3`"),
        ("regime", STRING, "the regime whose presumption it rebuts (only a `rebuttable` profile: `eu`)"),
        ("entity", STRING, "the id of the Entity it was recorded for"),
        ("record", STRING, "the key of the SourceRecord it `REBUTS`: the one that named that Entity"),
        ("start_date", DATE, "the first day it holds (`--from`)"),
        ("why", STRING, "why the holders do not in fact control the entity"),
        ("evidence", STRINGS, "the documents it rests on (articles, board minutes, a court order…)"),
        ("by", STRING, "who decided (`--by`, else the login name)"),
        ("at", DATETIME, "when it was recorded"),
        ("state", STRING, "`active`, or `undone` once `kb rebut undo` reverted it"),
        ("undone_at", DATETIME, "when it was undone"),
    ),
    **{label: () for label in (*EXPOSURE_LABELS.values(), *INTEREST_LABELS.values())},
}

# Every fact relationship says which source said it, and when kb saw it.
FACT_PROPERTIES: tuple[Property, ...] = (
    *_props(
        (
            "claim",
            STRING,
            "the claim's key: source, kind of fact, both record ids, distinguishing fields, cited source",
        ),
        ("dataset", STRING, "the loaded source (a `Source` name)"),
        ("source", STRING, "the source the row cites"),
        ("hash", STRING, "digest of the claim's content: an unchanged claim is not written again"),
        ("a_record", STRING, "the `SourceRecord` key of the party the fact starts at"),
        ("b_record", STRING, "the `SourceRecord` key of the party it ends at (none for a listing)"),
    ),
    *_SEEN,
    *_props(("closed_by", STRING, "the `LoadRun` whose snapshot no longer held it; it set `end_date`")),
)
_VALIDITY = _props(
    ("start_date", DATE, "first day it holds (null: since always)"),
    ("end_date", DATE, "first day it no longer holds (null: still holds); half-open `[start, end)`"),
)

RELATIONSHIP_PROPERTIES: dict[str, tuple[Property, ...]] = {
    "OWNS": (
        *_props(
            ("pct", FLOAT, "the stake in percent, 0-100, when a source gives one figure"),
            ("pct_min", FLOAT, "the low end, when a source gives a range"),
            ("pct_max", FLOAT, "the high end, when a source gives a range"),
            ("basis", STRING, "`equity` or `voting`"),
            ("derived", BOOLEAN, "a vendor's or filing's look-through figure, never a direct stake"),
            ("jv", BOOLEAN, "a joint-venture partner's stake in the `JointVenture`"),
            ("purpose", STRING, "what the joint venture is for (JV stakes)"),
        ),
        *_VALIDITY,
        *FACT_PROPERTIES,
    ),
    "CONTROLS": (
        *_props(
            (
                "basis",
                STRING,
                "`board_appointment`, `voting_agreement`, `vie_contract`, `dominant_influence`, "
                "`consolidation` or `other`",
            ),
        ),
        *_VALIDITY,
        *FACT_PROPERTIES,
    ),
    "LISTED_ON": (
        *_props(
            ("programs", STRINGS, "sanctions programs or tags, e.g. `RUSSIA-EO14024`, `SDGT`"),
            ("citation", STRING, "Federal Register or Official Journal reference"),
            ("license_requirement", STRING, "BIS: which items need a license"),
            ("license_policy", STRING, "BIS: the license review policy"),
            ("source_entry_id", STRING, "the entry's id in the list source, where it has one"),
        ),
        *_VALIDITY,
        *FACT_PROPERTIES,
    ),
    "OFFICER_OF": (
        *_props(("role", STRING, "director, officer, board member…, as the source says")),
        *_VALIDITY,
        *FACT_PROPERTIES,
    ),
    "TRUST_ROLE": (
        *_props(
            ("role", STRING, "`settlor`, `trustee`, `protector` or `beneficiary` of the trust it points at"),
            (
                "powers",
                STRINGS,
                "powers kept over the trust's assets or trustee: `revoke`, `replace_trustee`, `benefit`, "
                "`dispose`, `direct`, `veto`; `[none]`: the source says none; empty: not known",
            ),
        ),
        *_VALIDITY,
        *FACT_PROPERTIES,
    ),
    "HAS_IDENTIFIER": (),
    "DESCRIBES": (),
    "HAS_MATCH_KEY": (),
    "OF_SOURCE": (),
    "JUDGES": (),
    "REBUTS": (),
}

# (start label, end label) of every relationship type.
RELATIONSHIP_ENDS: dict[str, tuple[str, str]] = {
    "OWNS": ("Entity", "Entity"),
    "CONTROLS": ("Entity", "Entity"),
    "LISTED_ON": ("Entity", "List"),
    "OFFICER_OF": ("Entity", "Entity"),
    "TRUST_ROLE": ("Entity", "Entity"),
    "HAS_IDENTIFIER": ("Entity", "Identifier"),
    "DESCRIBES": ("SourceRecord", "Entity"),
    "HAS_MATCH_KEY": ("Entity", "MatchKey"),
    "OF_SOURCE": ("LoadRun", "Source"),
    "JUDGES": ("Resolution", "SourceRecord"),
    "REBUTS": ("Rebuttal", "SourceRecord"),
}


# Labels that only ever sit on an Entity: they carry its properties.
ENTITY_LABELS = frozenset({"Entity", *KIND_LABELS.values(), "JointVenture", *MARK_LABELS})


def properties_of(labels: tuple[str, ...] | list[str]) -> dict[str, Property]:
    """The declared properties a node with these labels may carry (a Company carries Entity's)."""
    found: dict[str, Property] = {}
    for label in labels:
        own = NODE_PROPERTIES.get(label, ())
        inherited = ENTITY_PROPERTIES if label in ENTITY_LABELS else ()
        for prop in (*inherited, *own):
            found.setdefault(prop.name, prop)
    return found


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
    Constraint("match_key", "MatchKey", ("key",)),
    Constraint("resolution_id", "Resolution", ("id",)),
    Constraint("rebuttal_id", "Rebuttal", ("id",)),
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
    Index("trust_role_dataset", "range", "TRUST_ROLE", ("dataset",), on_relationship=True),
    Index("owns_claim", "range", "OWNS", ("claim",), on_relationship=True),
    Index("controls_claim", "range", "CONTROLS", ("claim",), on_relationship=True),
    Index("listed_on_claim", "range", "LISTED_ON", ("claim",), on_relationship=True),
    Index("officer_of_claim", "range", "OFFICER_OF", ("claim",), on_relationship=True),
    Index("trust_role_claim", "range", "TRUST_ROLE", ("claim",), on_relationship=True),
    Index("resolution_pair", "range", "Resolution", ("a", "b")),
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
        declared = (
            RELATIONSHIP_PROPERTIES[target] if on_relationship else tuple(properties_of([target]).values())
        )
        if missing := set(item.properties) - {prop.name for prop in declared}:
            raise AssertionError(f"schema item {item.name} names undeclared properties {sorted(missing)}")
    if set(NODE_PROPERTIES) != set(NODE_LABELS):
        raise AssertionError(
            f"properties declared for labels {sorted(set(NODE_PROPERTIES) ^ set(NODE_LABELS))}"
        )
    if set(RELATIONSHIP_PROPERTIES) != set(RELATIONSHIP_TYPES) or set(RELATIONSHIP_ENDS) != set(
        RELATIONSHIP_TYPES
    ):
        raise AssertionError("every relationship type declares its properties and its ends")
    if not {label for ends in RELATIONSHIP_ENDS.values() for label in ends} <= set(NODE_LABELS):
        raise AssertionError("a relationship type ends at an unknown label")
    for owner, props in (*NODE_PROPERTIES.items(), *RELATIONSHIP_PROPERTIES.items()):
        names = [prop.name for prop in props]
        if len(names) != len(set(names)):
            raise AssertionError(f"a property of {owner} is declared twice")


_check_closed_set()
