"""Which records are one party: clusters computed from the evidence, never stored as a decision.

A cluster is what the links between source records join, where a link is a positive judgement
(`kb resolve accept`), a strong identifier two records carry, or one record id given by two
sources. Links are taken in one canonical order (judgements by time, then identifier and record-id
links by key) and a link is refused when it would put into one cluster two records judged
different (`kb resolve reject`) or two values of one exclusive identifier scheme (two LEIs). The
result depends only on the records and the judgements, never on the order they arrived in: that is
what makes loads, judgements and undo commute. Each cluster is an Entity whose id is the record id
of its first record in :func:`rank` (the id with the fewest source prefixes, then the smallest), so
an undo gives every Entity its id back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from kb.resolution.identifiers import is_exclusive

# Identifier schemes that never join records at load: registry numbers are ambiguous across
# registries, and a bank's LEI record can list the BICs of other legal entities of its group;
# sanctions lists give passport and national identity numbers (PASSPORT_<CC>, NATIONAL_ID_<CC>)
# of forged or shared documents and with guessed issuing countries: evidence for the matcher only.
WEAK_SCHEMES = ("REG", "SWIFT_BIC", "PASSPORT", "NATIONAL_ID")


def strong(identifiers: Iterable[str]) -> list[str]:
    return [key for key in identifiers if not key.startswith(WEAK_SCHEMES)]


@dataclass(frozen=True)
class Node:
    """One source record as clustering sees it."""

    key: str  # <dataset>|<record id>
    record_id: str
    identifiers: tuple[str, ...] = ()  # SCHEME:VALUE


@dataclass(frozen=True)
class Link:
    """A positive judgement between two records (``id`` the Resolution's, ``order`` its time)."""

    id: str
    order: str
    a: str
    b: str


@dataclass(frozen=True)
class Refusal:
    """A link that clustering did not follow, and why."""

    a: str
    b: str
    via: str  # the judgement id, `id:SCHEME:VALUE` or `record:<id>`
    reason: str


@dataclass
class Clustering:
    entity: dict[str, str] = field(default_factory=dict)  # record key -> Entity id
    members: dict[str, list[str]] = field(default_factory=dict)  # Entity id -> record keys, ranked
    refused: list[Refusal] = field(default_factory=list)


def rank(record_id: str, key: str) -> tuple[int, str, str]:
    """Which record names its cluster: the id with the fewest prefixes first (an analyst's bundle
    id, then a source's own ``ofac:…``, then a list that repeats another's, ``csl:ofac:…``), then
    the smallest id and key."""
    return (record_id.count(":"), record_id, key)


class _Sets:
    """Union-find whose roots keep their members, exclusive identifiers and rejected partners."""

    def __init__(self, nodes: Mapping[str, Node], negatives: Mapping[str, set[str]]) -> None:
        self.parent = {key: key for key in nodes}
        self.members = {key: {key} for key in nodes}
        self.exclusive: dict[str, dict[str, set[str]]] = {}
        for key, node in nodes.items():
            schemes: dict[str, set[str]] = {}
            for identifier in node.identifiers:
                scheme, _, value = identifier.partition(":")
                if is_exclusive(scheme):
                    schemes.setdefault(scheme, set()).add(value)
            self.exclusive[key] = schemes
        self.negatives = negatives

    def root(self, key: str) -> str:
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def conflict(self, x: str, y: str) -> str | None:
        if self.negatives:  # walk the smaller cluster: union by size keeps the total n log n
            small, big = sorted((x, y), key=lambda root: len(self.members[root]))
            judged = [
                tuple(sorted((member, other)))
                for member in self.members[small]
                for other in self.negatives.get(member, ())
                if other in self.members[big]
            ]
            if judged:
                one, other = min(judged)
                return f"{one} and {other} are judged different"
        left, right = self.exclusive[x], self.exclusive[y]
        for scheme in sorted(set(left) & set(right)):
            if not left[scheme] & right[scheme]:
                one, other = sorted((min(left[scheme]), min(right[scheme])))
                return f"different {scheme}: {one} vs {other}"
        return None

    def union(self, a: str, b: str) -> str | None:
        """Joins the clusters of ``a`` and ``b``; the reason when it may not."""
        x, y = self.root(a), self.root(b)
        if x == y:
            return None
        why = self.conflict(x, y)
        if why is not None:
            return why
        if len(self.members[x]) < len(self.members[y]):
            x, y = y, x
        self.parent[y] = x
        self.members[x] |= self.members.pop(y)
        for scheme, values in self.exclusive.pop(y).items():
            self.exclusive[x].setdefault(scheme, set()).update(values)
        return None


def _data_links(nodes: Mapping[str, Node]) -> list[tuple[str, list[str]]]:
    """(via, records) for every strong identifier and record id that several records share."""
    by: dict[str, set[str]] = {}
    for key, node in nodes.items():
        by.setdefault(f"record:{node.record_id}", set()).add(key)
        for identifier in strong(node.identifiers):
            by.setdefault(f"id:{identifier}", set()).add(key)
    return sorted((via, sorted(keys)) for via, keys in by.items() if len(keys) > 1)


def cluster(
    nodes: Iterable[Node], links: Iterable[Link] = (), negatives: Iterable[tuple[str, str]] = ()
) -> Clustering:
    """The clusters of ``nodes``: judgements (``links``) first in time order, then shared strong
    identifiers and record ids, each refused where it would join a pair in ``negatives`` or two
    values of an exclusive scheme. Links to records not in ``nodes`` are ignored."""
    by_key = {node.key: node for node in nodes}
    judged_apart: dict[str, set[str]] = {}
    for a, b in negatives:
        judged_apart.setdefault(a, set()).add(b)
        judged_apart.setdefault(b, set()).add(a)
    sets = _Sets(by_key, judged_apart)
    result = Clustering()
    for link in sorted(links, key=lambda li: (li.order, li.id)):
        if link.a in by_key and link.b in by_key:
            why = sets.union(link.a, link.b)
            if why is not None:
                result.refused.append(Refusal(link.a, link.b, link.id, why))
    for via, keys in _data_links(by_key):
        for other in keys[1:]:
            why = sets.union(keys[0], other)
            if why is not None:
                result.refused.append(Refusal(keys[0], other, via, why))
    groups = sorted(
        (sorted(sets.members[root], key=lambda k: rank(by_key[k].record_id, k)) for root in sets.members),
        key=lambda keys: rank(by_key[keys[0]].record_id, keys[0]),
    )
    for keys in groups:
        first = by_key[keys[0]]
        entity = first.record_id if first.record_id not in result.members else first.key
        result.members[entity] = keys
        for key in keys:
            result.entity[key] = entity
    return result
