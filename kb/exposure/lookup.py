"""Which entity a user means: by id, by identifier, by exact name, else by full-text search.

An ENTITY argument is tried, in order, as:

1. an entity id (exact);
2. an identifier: ``SCHEME:VALUE`` matching ``Identifier.key`` (the scheme in any case, e.g.
   ``lei:…``), or a bare value matching ``Identifier.value``;
3. a name: ``name`` or one of ``names``, equal ignoring case;
4. a full-text search of every name, all words required.

The first step that finds anything decides: one entity is the answer, several are an error that
lists them and asks for an id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.db import Database, Row
from kb.errors import UsageError
from kb.queries import run, wrapper

SHOWN = 10  # candidates listed in an ambiguity error
_LUCENE_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/&|])')


@dataclass(frozen=True)
class Found:
    id: str
    name: str
    country: str | None
    kind: str | None

    def describe(self) -> str:
        return f"{self.id} ({self.name}, {self.country})" if self.country else f"{self.id} ({self.name})"


@wrapper("exposure/find_by_id")
def find_by_id(db: Database, *, id: str) -> list[Row]:
    return run(db, "exposure/find_by_id", id=id)


@wrapper("exposure/find_by_identifier")
def find_by_identifier(
    db: Database, *, keys: list[str], values: list[str], limit: int | None = None
) -> list[Row]:
    return run(db, "exposure/find_by_identifier", keys=keys, values=values, limit=limit)


@wrapper("exposure/find_by_name")
def find_by_name(db: Database, *, name: str, phrase: str, limit: int | None = None) -> list[Row]:
    return run(db, "exposure/find_by_name", name=name, phrase=phrase, limit=limit)


@wrapper("exposure/find_by_text")
def find_by_text(db: Database, *, query: str, limit: int | None = None) -> list[Row]:
    return run(db, "exposure/find_by_text", query=query, limit=limit)


def lucene_phrase(text: str) -> str:
    """``text`` as one Lucene phrase query."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def lucene_all_words(text: str) -> str:
    """Every word of ``text`` required, each escaped; empty when ``text`` has no word."""
    return " AND ".join(_LUCENE_SPECIAL.sub(r"\\\1", word) for word in text.split() if word.strip())


def _identifier_forms(text: str) -> tuple[list[str], list[str]]:
    keys, values = [text], [text, text.upper()]
    scheme, sep, value = text.partition(":")
    if sep and scheme.strip() and value.strip():
        scheme, value = scheme.strip().upper(), value.strip()
        keys += [f"{scheme}:{value}", f"{scheme}:{value.upper()}"]
    return sorted(set(keys)), sorted(set(values))


def _found(rows: list[Row]) -> list[Found]:
    return [Found(str(r["id"]), str(r["name"]), r.get("country"), r.get("kind")) for r in rows]


def candidates(db: Database, text: str, limit: int = 10) -> list[Found]:
    """The entities ``text`` may mean, from the first lookup step that finds any (at most ``limit``)."""
    text = text.strip()
    if not text:
        return []
    if rows := find_by_id(db, id=text):
        return _found(rows)
    keys, values = _identifier_forms(text)
    if rows := find_by_identifier(db, keys=keys, values=values, limit=limit):
        return _found(rows)
    if rows := find_by_name(db, name=text, phrase=lucene_phrase(text), limit=limit):
        return _found(rows)
    query = lucene_all_words(text)
    return _found(find_by_text(db, query=query, limit=limit)) if query else []


def find(db: Database, text: str) -> Found:
    """The one entity ``text`` means; a :class:`UsageError` when none or several match."""
    if not text.strip():
        raise UsageError("give an entity id, identifier (LEI:…) or name")
    found = candidates(db, text, limit=SHOWN + 1)
    if not found:
        raise UsageError(f"no entity matches {text.strip()!r}")
    if len(found) == 1:
        return found[0]
    listed = ", ".join(f.describe() for f in found[:SHOWN])
    more = ", and more" if len(found) > SHOWN else ""
    raise UsageError(f"{text.strip()!r} matches several entities: {listed}{more}; pass one of their ids")
