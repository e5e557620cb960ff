"""An Entity's exact state as JSON, for undo: Neo4j's temporal values keep their type.

Also the few statements whose text names a label or relationship type that varies (a type cannot
be a ``$parameter`` in a pattern on Neo4j 5.26, see :mod:`kb.loaders.write.cypher_by_type`); the
labels and types come from :mod:`kb.schema` only, values travel as ``$parameters``.
"""

from __future__ import annotations

import json
from typing import Any

from neo4j.time import Date, DateTime

from kb import schema

_TAGS = {"~date": Date.from_iso_format, "~datetime": DateTime.from_iso_format}


def _encode(value: Any) -> Any:
    if isinstance(value, DateTime):
        return {"~datetime": value.iso_format()}
    if isinstance(value, Date):
        return {"~date": value.iso_format()}
    if isinstance(value, dict):
        return {key: _encode(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_encode(item) for item in value]
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if len(value) == 1 and (tag := next(iter(value))) in _TAGS:
            return _TAGS[tag](value[tag])
        return {key: _decode(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_decode(item) for item in value]
    return value


def dumps(state: dict[str, Any]) -> str:
    return json.dumps(_encode(state), ensure_ascii=False, sort_keys=True)


def loads(text: str) -> dict[str, Any]:
    decoded = _decode(json.loads(text))
    assert isinstance(decoded, dict)
    return decoded


def _type(rel: str) -> str:
    if rel not in schema.RELATIONSHIP_TYPES:
        raise ValueError(f"{rel!r} is not a relationship type of kb.schema")
    return rel


def _labels(labels: list[str]) -> str:
    unknown = [label for label in labels if label not in schema.NODE_LABELS]
    if unknown:
        raise ValueError(f"{unknown} are not node labels of kb.schema")
    return "".join(f":{label}" for label in labels)


def create_relationships(rel: str, out: bool) -> str:
    """Relationships of type ``rel`` from (``out``) or to the Entity $id, one per row of $rows
    ({other: element id, props}); returns their element ids."""
    arrow = f"-[r:{_type(rel)}]->" if out else f"<-[r:{_type(rel)}]-"
    return f"""
MATCH (e:Entity {{id: $id}})
UNWIND $rows AS row
MATCH (o) WHERE elementId(o) = row.other
CREATE (e){arrow}(o)
SET r = row.props
RETURN elementId(r) AS id
"""


def create_entity(labels: list[str]) -> str:
    """An Entity with exactly ``labels`` and the properties $props."""
    return f"CREATE (e{_labels(labels)}) SET e = $props RETURN elementId(e) AS id"


def restore_entity(labels: list[str]) -> str:
    """The Entity $id back to exactly ``labels`` (among the Entity labels) and the properties $props."""
    gone = sorted(schema.ENTITY_LABELS - set(labels))
    return f"MATCH (e:Entity {{id: $id}}) REMOVE e{_labels(gone)} SET e{_labels(labels)} SET e = $props"
