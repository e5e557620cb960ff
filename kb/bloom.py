"""kb's Neo4j Bloom (and Aura Explore) perspective, generated from :mod:`kb.schema` so that its
labels and relationship types never drift from what kb writes.

``kb bloom perspective`` prints it; ``docs/bloom/kb-perspective.json`` is the committed copy (a test
fails when it is stale); ``docs/bloom.md`` says how to import and use it.

The format is Bloom's own perspective export (Perspective drawer -> Export, a ``.json`` file that
Bloom and Aura Explore import), which Neo4j does not publish a schema for. It follows real exports:

- Bloom 2.21.0, ``perspective.json`` of github.com/halftermeyer/quant-temporal-asset-correlation:
  top-level keys and their order, categories with ``captions`` (``inTooltip``, ``isCaption``),
  ``textSize``/``textAlign``, relationship types, search phrases as ``templates`` (``text``,
  ``cypher``, ``params`` with ``suggestionLabel``/``suggestionProp``/``cypher``), ``metadata``;
- Bloom 2.6.0, ``neo4j_config/ricgraph_bloom_config.json`` of github.com/UtrechtUniversity/ricgraph:
  ``styleRules`` (``type: "single"``, ``basedOn: "<property>_<dataType>"``, ``condition``,
  ``conditionValue``, ``applyColor``/``applySize``, ``minPoint``/``maxPoint``/``minSize``/``maxSize``)
  and ``sceneActions`` (``cypher``, ``categories``, ``relationshipTypes``);
- the Bloom user guide (neo4j.com/docs/bloom-user-guide): search phrases and their parameter
  suggestions, scene actions receiving the selection as ``$nodes`` (element ids), rule-based styling
  in three modes (single, range, unique values), and that a node takes the style of the first
  category in the perspective that matches one of its labels.

Not confirmed by any export seen (see docs/bloom.md): the ``condition`` value of a null test
(``isNull`` here), the ``type`` value of a range rule (``range``), and whether a parameter's
suggestion Cypher is given the text typed so far (here it takes no parameter).

Search phrases and scene actions reuse the text of the query modules in ``cypher/bloom/`` (read
through :func:`kb.queries.specs` when the perspective is generated); each has a typed wrapper below.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from kb import schema
from kb.db import Database, Row
from kb.queries import QuerySpec, body, run, specs, wrapper

NAME = "kb: ownership exposure"
ID = str(uuid.uuid5(uuid.NAMESPACE_URL, "kb:bloom/perspective"))  # stable across generations
CREATED_AT = 1767225600000  # 2026-01-01T00:00:00Z in ms; fixed so that the file is reproducible
BLOOM_VERSION = "2.21.0"  # the version of the export format followed
COMMITTED = "docs/bloom/kb-perspective.json"
BLOOM_PALETTE = [
    "#FFE081", "#C990C0", "#F79767", "#57C7E3", "#F16667", "#D9C8AE", "#8DCC93",
    "#ECB5C9", "#4C8EDA", "#FFC454", "#DA7194", "#569480", "#959AA1", "#D9D9D9",
]  # fmt: skip

# --- node categories -------------------------------------------------------------------------

# Shades per status, one per regime (schema.REGIMES order): listed red, caught orange, possible yellow.
STATUS_SHADES: dict[str, tuple[str, ...]] = {
    "listed": ("#B71C1C", "#D32F2F", "#E53935", "#C62828", "#F44336"),
    "caught": ("#E65100", "#EF6C00", "#F57C00", "#FB8C00", "#FF8F00"),
    "possible": ("#FBC02D", "#FDD835", "#FFEB3B", "#FFEE58", "#FFF176"),
}
STATUS_SIZES = {"listed": 2.0, "caught": 1.5, "possible": 1.25}
# An interest in property through a trust (ofac), flagged without a status: pink, after the statuses.
INTEREST_SHADES = ("#AD1457", "#C2185B", "#D81B60", "#E91E63", "#EC407A")

PropertyList = tuple[tuple[str, str], ...]  # (property, Bloom data type)


def props(spec: str) -> PropertyList:
    """``"name names:array as_of:Date"`` as ((property, Bloom data type), …); the type defaults to string."""
    return tuple((name, kind or "string") for name, _, kind in (word.partition(":") for word in spec.split()))


_ENTITY = props(
    "name id names:array kind country address opacity:array sources:array"
    " first_seen:DateTime last_seen:DateTime"
)
_ENTITY_TOOLTIP = ("id", "country", "kind")


def exposure_properties(regime: str) -> PropertyList:
    """What ``kb derive`` writes on an Entity for ``regime`` (see kb/exposure/marks.py)."""
    return (
        (f"{regime}_status", "string"),
        (f"{regime}_pct_min", "number"),
        (f"{regime}_pct_max", "number"),
        (f"{regime}_listed_owners", "array"),
        (f"{regime}_interest", "string"),
    )


@dataclass(frozen=True)
class NodeStyle:
    color: str
    caption: str
    properties: PropertyList
    tooltip: tuple[str, ...] = ()
    size: float = 1.0


_ENTITY_STYLE = {
    "JointVenture": "#8E44AD",  # purple
    "Person": "#1E88E5",  # blue
    "Organization": "#00897B",
    "Vessel": "#6D4C41",
    "Company": "#90A4AE",
    "Entity": "#B0BEC5",
}
_OTHER_STYLE: dict[str, NodeStyle] = {
    "List": NodeStyle(
        "#37474F",
        "code",
        props("code name authority jurisdiction"),
        ("name", "authority", "jurisdiction"),
        1.5,
    ),
    "Identifier": NodeStyle("#CFD8DC", "key", props("key scheme value"), ("scheme",), 0.75),
    "SourceRecord": NodeStyle(
        "#D7CCC8",
        "name",
        props(
            "name key dataset record_id source country identifiers:array names:array"
            " first_seen:DateTime last_seen:DateTime removed_by"
        ),
        ("dataset", "record_id", "source"),
        0.75,
    ),
    "Source": NodeStyle(
        "#BCAAA4",
        "name",
        props("name publisher url licence retrieved_at:DateTime"),
        ("publisher", "url"),
    ),
    "Derivation": NodeStyle(
        "#80CBC4",
        "regime",
        props("regime as_of:Date at:DateTime profile_version listed:bigint caught:bigint possible:bigint"),
        ("as_of", "profile_version", "listed", "caught", "possible"),
    ),
    "LoadRun": NodeStyle(
        "#E0E0E0",
        "id",
        props("id source format path status started_at:DateTime finished_at:DateTime rejected:bigint"),
        ("source", "status", "started_at"),
        0.75,
    ),
    "LoadLock": NodeStyle("#EEEEEE", "name", props("name"), (), 0.5),
    "MatchKey": NodeStyle("#ECEFF1", "key", props("key"), (), 0.5),
    "Resolution": NodeStyle(
        "#FFE082",
        "decision",
        props("id a b decision by at:DateTime why score:number state entities:array"),
        ("a", "b", "by", "at", "why", "state"),
        0.75,
    ),
    "Rebuttal": NodeStyle(
        "#FFCC80",
        "regime",
        props("id regime entity start_date:Date why evidence:array by at:DateTime state"),
        ("regime", "start_date", "why", "by", "state"),
        0.75,
    ),
}


def _entity_properties() -> PropertyList:
    return _ENTITY + tuple(p for regime in schema.REGIMES for p in exposure_properties(regime))


def node_styles() -> dict[str, NodeStyle]:
    """Every label of :data:`kb.schema.NODE_LABELS`, in category order: a node takes the style of
    the first category matching one of its labels, so exposure comes first (listed, then caught,
    then possible, then an interest in property flagged without a status), then joint ventures
    and the kinds of entity, then everything else."""
    statuses_of_regime = [f"{regime}_status" for regime in schema.REGIMES]
    styles: dict[str, NodeStyle] = {}
    for status in schema.STATUSES:
        for i, regime in enumerate(schema.REGIMES):
            label = schema.EXPOSURE_LABELS[(regime, status)]
            shades = STATUS_SHADES[status]
            styles[label] = NodeStyle(
                shades[i % len(shades)],
                "name",
                _entity_properties(),
                (*_ENTITY_TOOLTIP, *statuses_of_regime, *(p for p, _ in exposure_properties(regime)[1:])),
                STATUS_SIZES[status],
            )
    for i, regime in enumerate(schema.REGIMES):
        styles[schema.INTEREST_LABELS[regime]] = NodeStyle(
            INTEREST_SHADES[i % len(INTEREST_SHADES)],
            "name",
            _entity_properties(),
            (*_ENTITY_TOOLTIP, *statuses_of_regime, f"{regime}_interest"),
            STATUS_SIZES["possible"],
        )
    for label, color in _ENTITY_STYLE.items():
        styles[label] = NodeStyle(
            color, "name", _entity_properties(), (*_ENTITY_TOOLTIP, *statuses_of_regime)
        )
    styles.update(_OTHER_STYLE)
    missing = sorted(set(schema.NODE_LABELS) - set(styles))
    unknown = sorted(set(styles) - set(schema.NODE_LABELS))
    if missing or unknown:
        raise AssertionError(
            f"kb/bloom.py: no style for labels {missing}; styles for unknown labels {unknown}"
        )
    return styles


# --- relationship types ----------------------------------------------------------------------

_FACT = props("source dataset claim first_seen:DateTime last_seen:DateTime closed_by")
_DATES = props("start_date:Date end_date:Date")


@dataclass(frozen=True)
class RelationshipStyle:
    source: str  # the label of the start node (metadata.pathSegments)
    target: str
    color: str
    properties: PropertyList
    caption: str | None = None  # a property shown on the line; None shows the type
    size: float = 1.0


RELATIONSHIP_STYLES: dict[str, RelationshipStyle] = {
    "OWNS": RelationshipStyle(
        "Entity",
        "Entity",
        "#546E7A",
        props("pct:number pct_min:number pct_max:number basis derived:boolean jv:boolean purpose")
        + _DATES
        + _FACT,
        "pct",
    ),
    "CONTROLS": RelationshipStyle(
        "Entity", "Entity", "#3F51B5", props("basis") + _DATES + _FACT, "basis", 2.0
    ),
    "LISTED_ON": RelationshipStyle(
        "Entity",
        "List",
        "#D32F2F",
        props("programs:array citation license_requirement license_policy source_entry_id") + _DATES + _FACT,
        "start_date",  # the date on the line; none where the source publishes none (OFAC's files)
        2.0,
    ),
    "OFFICER_OF": RelationshipStyle("Person", "Entity", "#64B5F6", props("role") + _DATES + _FACT, "role"),
    "TRUST_ROLE": RelationshipStyle(
        "Entity", "Entity", "#8E24AA", props("role powers:array") + _DATES + _FACT, "role", 1.5
    ),
    "HAS_IDENTIFIER": RelationshipStyle("Entity", "Identifier", "#BDBDBD", (), None, 0.5),
    "DESCRIBES": RelationshipStyle("SourceRecord", "Entity", "#BDBDBD", (), None, 0.5),
    "OF_SOURCE": RelationshipStyle("LoadRun", "Source", "#BDBDBD", (), None, 0.5),
    "HAS_MATCH_KEY": RelationshipStyle("Entity", "MatchKey", "#E0E0E0", (), None, 0.5),
    "JUDGES": RelationshipStyle("Resolution", "SourceRecord", "#FFB300", (), None, 0.5),
    "REBUTS": RelationshipStyle("Rebuttal", "SourceRecord", "#FB8C00", (), None, 0.5),
}
DERIVED_COLOR = "#26A69A"  # a vendor's look-through figure, never a direct stake
UNKNOWN_COLOR = "#CFD8DC"  # a stake of unknown size, or a range (no pct)
JV_COLOR = "#8E44AD"


def _rule(
    n: int,
    based_on: tuple[str, str],
    *,
    kind: str = "single",
    condition: str | None = None,
    value: Any = None,
    color: str | None = None,
    size: float | None = None,
    sizes: tuple[float, float] = (1, 2),
    points: tuple[Any, Any] = ("unprocessed", "unprocessed"),
) -> dict[str, Any]:
    """One entry of ``styleRules``, every field as Bloom exports it."""
    return {
        "id": f"rule:{CREATED_AT + n}",
        "type": kind,
        "size": 1 if size is None else size,
        "minSize": sizes[0],
        "maxSize": sizes[1],
        "minColor": "#D5EEE2",
        "midColor": "#81CCA8",
        "maxColor": "#428C6A",
        "minPoint": points[0],
        "maxPoint": points[1],
        "applyColor": color is not None,
        "applySize": size is not None or kind == "range",
        "applyCaption": False,
        "captionKeys": [],
        "color": color or "#FFE081",
        "isTimeZoneConvertEnabled": False,
        "selectedTimeZone": "Z",
        "basedOn": f"{based_on[0]}_{based_on[1]}",
        "valuesMapper": [],
        "existingValues": [],
        "conditionValue": value,
        "rangeValue": None,
        "condition": condition,
    }


def relationship_rules(rel_type: str) -> list[dict[str, Any]]:
    """Rule-based styles: OWNS by stake (thicker for a larger pct; pale and thin with no pct; its
    own colour for derived figures and joint-venture stakes), the most specific rule first."""
    if rel_type != "OWNS":
        return []
    return [
        _rule(101, ("derived", "boolean"), condition="equals", value=True, color=DERIVED_COLOR, size=0.5),
        _rule(102, ("pct", "number"), condition="isNull", color=UNKNOWN_COLOR, size=0.5),
        _rule(103, ("jv", "boolean"), condition="equals", value=True, color=JV_COLOR),
        _rule(104, ("pct", "number"), kind="range", sizes=(1, 6), points=(0, 100)),
    ]


# --- search phrases and scene actions --------------------------------------------------------


@dataclass(frozen=True)
class Phrase:
    text: str  # what the analyst types; $name marks a parameter of the query
    query: str  # the query module (key below cypher/) whose text the phrase runs
    description: str
    suggestions: Mapping[str, str]  # parameter -> the query module listing its suggestions


PHRASES: tuple[Phrase, ...] = (
    Phrase(
        "Exposure of $entity",
        "bloom/exposure",
        "The entity, its listings, and the chains of stakes and control from the listed owners "
        "the last `kb derive` found behind it (kb exposure gives the evidence in full).",
        {"entity": "bloom/suggest_entities"},
    ),
    Phrase(
        "Unlisted affiliates of $entity",
        "bloom/affiliates",
        "The entities caught or possibly caught because of a listed party, with the chains that "
        "catch them (kb affiliates --of).",
        {"entity": "bloom/suggest_listed"},
    ),
    Phrase(
        "Joint ventures of $entity with listed partners",
        "bloom/joint_ventures",
        "Joint ventures of the entity or its majority subsidiaries whose other partner is listed, "
        "caught or possibly caught, with the partner's listings (kb jv-exposure).",
        {"entity": "bloom/suggest_entities"},
    ),
    Phrase(
        "Owners of $entity",
        "bloom/owners",
        "Every chain of owners and controllers above the entity, 5 levels up (kb owners).",
        {"entity": "bloom/suggest_entities"},
    ),
    Phrase(
        "Records of $entity",
        "bloom/records",
        "Every source's record of the entity and the judgements that joined or kept apart its "
        "records (kb resolve list).",
        {"entity": "bloom/suggest_entities"},
    ),
    Phrase(
        "Path from $a to $b",
        "bloom/path",
        "The shortest ownership and control paths from one entity down to another (kb paths).",
        {"a": "bloom/suggest_entities", "b": "bloom/suggest_entities"},
    ),
    Phrase(
        "What if $entity is listed",
        "bloom/what_if",
        "A sketch: the subsidiaries held through single stakes of 50% or more. The rules also add "
        "up stakes and count control; `kb what-if --list L --add ENTITY` computes the exact answer.",
        {"entity": "bloom/suggest_entities"},
    ),
)


@dataclass(frozen=True)
class SceneAction:
    name: str
    query: str  # takes $nodes, the element ids of the selected nodes


SCENE_ACTIONS: tuple[SceneAction, ...] = (
    SceneAction("Expand owners", "bloom/expand_owners"),
    SceneAction("Expand subsidiaries", "bloom/expand_subsidiaries"),
    SceneAction("Show evidence", "bloom/evidence"),
)


def cypher(key: str) -> str:
    """The runnable text of query module ``key``, as Bloom is given it: no comments, no ``;``."""
    return body(_spec(key).text).strip().rstrip(";").rstrip()


def _spec(key: str) -> QuerySpec:
    spec = specs()[key]
    if spec.mode != "read":
        raise AssertionError(f"{key}: Bloom runs only read queries")
    return spec


def _check_params(where: str, key: str, wanted: Iterable[str]) -> None:
    declared, named = sorted(_spec(key).params), sorted(wanted)
    if declared != named:
        raise AssertionError(f"{where}: names parameters {named}, but {key} takes {declared}")


def phrase_params(phrase: Phrase) -> list[str]:
    """The parameters named in the phrase's text, in order."""
    return [word[1:].rstrip(".,?") for word in phrase.text.split() if word.startswith("$")]


# --- the perspective -------------------------------------------------------------------------


def _captions(label: str, style: NodeStyle) -> list[dict[str, Any]]:
    captions: list[dict[str, Any]] = [
        {"inTooltip": False, "styles": [], "isCaption": False, "key": label, "type": "label"}
    ]
    for name, _ in style.properties:
        captions.append(
            {
                "inTooltip": name in style.tooltip,
                "styles": [],
                "isCaption": name == style.caption,
                "key": name,
                "type": "property",
                "isGdsData": False,
            }
        )
    return captions


def _category(n: int, label: str, style: NodeStyle) -> dict[str, Any]:
    return {
        "id": n,
        "name": label,
        "labels": [label],
        "properties": [{"name": p, "exclude": False, "dataType": t} for p, t in style.properties],
        "createdAt": CREATED_AT,
        "lastEditedAt": CREATED_AT,
        "color": style.color,
        "size": style.size,
        "icon": "no-icon",
        "captionKeys": [],
        "captions": _captions(label, style),
        "textSize": 1,
        "textAlign": "top",
        "styleRules": [],
    }


def _relationship_type(rel_type: str, style: RelationshipStyle) -> dict[str, Any]:
    captions: list[dict[str, Any]] = [
        {
            "inTooltip": True,
            "isCaption": style.caption is None,
            "styles": [],
            "key": rel_type,
            "type": "relationship",
        }
    ]
    captions += [
        {"inTooltip": True, "isCaption": name == style.caption, "styles": [], "key": name, "type": "property"}
        for name, _ in style.properties
        if name not in ("claim", "dataset", "first_seen", "last_seen", "closed_by")
    ]
    return {
        "properties": [{"dataType": t, "propertyKey": p, "type": rel_type} for p, t in style.properties],
        "name": rel_type,
        "id": rel_type,
        "color": style.color,
        "size": style.size,
        "captionKeys": [],
        "captions": captions,
        "textSize": 1,
        "textAlign": "top",
        "styleRules": relationship_rules(rel_type),
    }


def _template(n: int, phrase: Phrase) -> dict[str, Any]:
    params = phrase_params(phrase)
    _check_params(f"search phrase {phrase.text!r}", phrase.query, params)
    if sorted(phrase.suggestions) != sorted(params):
        raise AssertionError(f"search phrase {phrase.text!r}: suggestions for {sorted(phrase.suggestions)}")
    return {
        "name": phrase.description,
        "id": f"tmpl:{CREATED_AT + n}",
        "createdAt": CREATED_AT + n,
        "text": phrase.text,
        "cypher": cypher(phrase.query),
        "isUpdateQuery": None,
        "isWriteTransactionChecked": None,
        "params": [
            {
                "name": f"${name}",
                "dataType": "String",
                "collapsed": False,
                "suggestionLabel": None,
                "suggestionProp": None,
                "suggestionBoolean": False,
                "cypher": _suggestion(phrase.suggestions[name]),
            }
            for name in params
        ],
        "hasCypherErrors": False,
    }


def _suggestion(key: str) -> str:
    _check_params(f"suggestion query {key}", key, [])
    return cypher(key)


def _scene_action(n: int, action: SceneAction) -> dict[str, Any]:
    _check_params(f"scene action {action.name!r}", action.query, ["nodes"])
    return {
        "name": action.name,
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{ID}/{action.query}")),
        "createdAt": CREATED_AT + n,
        "cypher": cypher(action.query),
        "isUpdateQuery": None,
        "isWriteTransactionChecked": None,
        "categories": None,
        "relationshipTypes": None,
        "hasCypherErrors": False,
    }


def _indexes() -> list[dict[str, Any]]:
    keys: dict[str, list[str]] = {}
    for item in schema.SCHEMA_ITEMS:
        if isinstance(item, schema.Constraint):
            keys.setdefault(item.label, []).extend(item.properties)
        elif item.kind == "range" and not item.on_relationship:
            keys.setdefault(item.target, []).extend(item.properties)
    return [
        {"label": label, "type": "native", "propertyKeys": [{"key": k, "metadataProp": False} for k in props]}
        for label, props in keys.items()
    ]


def perspective() -> dict[str, Any]:
    """The perspective, as Bloom's export writes it."""
    styles = node_styles()
    missing = sorted(set(schema.RELATIONSHIP_TYPES) ^ set(RELATIONSHIP_STYLES))
    if missing:
        raise AssertionError(f"kb/bloom.py: relationship styles and the schema differ on {missing}")
    return {
        "name": NAME,
        "id": ID,
        "categories": [_category(n, label, style) for n, (label, style) in enumerate(styles.items(), 1)],
        "labels": {
            label: [{"propertyKey": p, "type": label, "dataType": t} for p, t in style.properties]
            for label, style in styles.items()
        },
        "relationshipTypes": [
            _relationship_type(t, RELATIONSHIP_STYLES[t]) for t in schema.RELATIONSHIP_TYPES
        ],
        "palette": {"colors": BLOOM_PALETTE, "currentIndex": 0},
        "createdAt": CREATED_AT,
        "lastEditedAt": CREATED_AT,
        "templates": [_template(n, phrase) for n, phrase in enumerate(PHRASES, 1)],
        "sceneActions": [_scene_action(n, action) for n, action in enumerate(SCENE_ACTIONS, 1)],
        "hiddenRelationshipTypes": [],
        "hiddenCategories": [],
        "hideUncategorisedData": False,
        "type": "STANDARD_PERSPECTIVE",
        "maxLimitToastMsgEnabled": False,
        "parentPerspectiveId": None,
        "metadata": {
            "pathSegments": [
                {"source": style.source, "relationshipType": t, "target": style.target}
                for t, style in RELATIONSHIP_STYLES.items()
            ],
            "indexes": _indexes(),
        },
        "version": BLOOM_VERSION,
    }


def dumps(document: Mapping[str, Any]) -> str:
    """The perspective file's text: stable JSON, UTF-8, indented, with each small object (a
    property, a caption, a parameter) on one line so that a diff of the file reads well."""
    return _dump(document, "") + "\n"


def _dump(value: Any, indent: str) -> str:
    flat = json.dumps(value, ensure_ascii=False)
    if not isinstance(value, (dict, list)) or not value or (_is_small(value) and len(flat) <= 200):
        return flat
    inner = indent + "  "
    if isinstance(value, dict):
        items = [f"{inner}{json.dumps(k, ensure_ascii=False)}: {_dump(v, inner)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + f"\n{indent}}}"
    return "[\n" + ",\n".join(f"{inner}{_dump(v, inner)}" for v in value) + f"\n{indent}]"


def _is_small(value: dict[str, Any] | list[Any]) -> bool:
    """No member is a non-empty object, nor a list of objects."""
    members = value.values() if isinstance(value, dict) else value
    return all(
        not (isinstance(m, dict) and m) and not (isinstance(m, list) and any(isinstance(x, dict) for x in m))
        for m in members
    )


# --- typed wrappers of the query modules -----------------------------------------------------


@wrapper("bloom/exposure")
def exposure(db: Database, *, entity: str) -> list[Row]:
    return run(db, "bloom/exposure", entity=entity)


@wrapper("bloom/affiliates")
def affiliates(db: Database, *, entity: str) -> list[Row]:
    return run(db, "bloom/affiliates", entity=entity)


@wrapper("bloom/joint_ventures")
def joint_ventures(db: Database, *, entity: str) -> list[Row]:
    return run(db, "bloom/joint_ventures", entity=entity)


@wrapper("bloom/owners")
def owners(db: Database, *, entity: str) -> list[Row]:
    return run(db, "bloom/owners", entity=entity)


@wrapper("bloom/records")
def records(db: Database, *, entity: str) -> list[Row]:
    return run(db, "bloom/records", entity=entity)


@wrapper("bloom/path")
def path(db: Database, *, a: str, b: str) -> list[Row]:
    return run(db, "bloom/path", a=a, b=b)


@wrapper("bloom/what_if")
def what_if(db: Database, *, entity: str) -> list[Row]:
    return run(db, "bloom/what_if", entity=entity)


@wrapper("bloom/expand_owners")
def expand_owners(db: Database, *, nodes: list[str]) -> list[Row]:
    return run(db, "bloom/expand_owners", nodes=nodes)


@wrapper("bloom/expand_subsidiaries")
def expand_subsidiaries(db: Database, *, nodes: list[str]) -> list[Row]:
    return run(db, "bloom/expand_subsidiaries", nodes=nodes)


@wrapper("bloom/evidence")
def evidence(db: Database, *, nodes: list[str]) -> list[Row]:
    return run(db, "bloom/evidence", nodes=nodes)


@wrapper("bloom/suggest_entities")
def suggest_entities(db: Database) -> list[Row]:
    return run(db, "bloom/suggest_entities")


@wrapper("bloom/suggest_listed")
def suggest_listed(db: Database) -> list[Row]:
    return run(db, "bloom/suggest_listed")
