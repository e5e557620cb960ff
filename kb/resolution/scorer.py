"""Are two records the same party? A score in [0, 1], a verdict and the reasons behind both.

Order of evidence: kinds (a person is never a company), then identifiers (an exclusive scheme on
both records decides: the same value is a match, different values a non-match whatever the names
say), then the best-matching pair of names, adjusted by address, country, date, registry numbers and
programmes; names alone never match lookalikes or persons (:mod:`kb.resolution.lookalikes`).
Thresholds:
``MATCH`` and above may be accepted automatically; from ``POSSIBLE`` an analyst should look.
Every weight and threshold is a field of :data:`kb.resolution.weights.WEIGHTS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from kb.resolution.addresses import compare_addresses
from kb.resolution.brackets import bracketed_names, without_country
from kb.resolution.compare import NameMatch, compare_names
from kb.resolution.identifiers import compare_identifiers
from kb.resolution.lookalikes import (
    added_country,
    names_alone_cap,
    plausibly_chinese,
    program_conflict,
    registry_conflicts,
)
from kb.resolution.names import NameKey, name_key
from kb.resolution.party import kinds_compatible
from kb.resolution.record import PartyRecord, pair_kind
from kb.resolution.short_forms import shortened
from kb.resolution.weights import WEIGHTS

# The old names of weights.py's fields, kept for callers (kb.resolution.MATCH, POSSIBLE…).
MATCH = WEIGHTS.match
POSSIBLE = WEIGHTS.possible
HOME_COUNTRY = WEIGHTS.home_country
SAME_ADDRESS_BONUS = WEIGHTS.same_address_bonus
BELOW_MATCH = WEIGHTS.match - WEIGHTS.below_match
OTHER_ADDRESS_FACTOR = WEIGHTS.other_address


@dataclass(frozen=True)
class Judgement:
    score: float
    reasons: tuple[str, ...]
    names: tuple[str, str] | None = None  # the pair of names the score rests on

    @property
    def verdict(self) -> str:
        if self.score >= WEIGHTS.match:
            return "match"
        return "possible" if self.score >= WEIGHTS.possible else "different"


@dataclass
class _Keyed:
    names: list[tuple[str, str | None, NameKey]]  # each name, the name giving it in brackets, its key
    keys: dict[str, NameKey]  # every name read under this kind, with its key


def _keyed(record: PartyRecord, kind: str) -> _Keyed:
    """Each name of ``record``, then each name it gives in brackets, with the name giving it and
    its key; kept on the record, which is scored against many others (a graph holds more names
    than :func:`name_key`'s cache)."""
    memo = f"scorer names {kind}"
    if memo in record.memo:
        return record.memo[memo]  # type: ignore[no-any-return]
    found: list[tuple[str, str | None]] = [(name, None) for name in record.names]
    if kind != "person":
        found += [(inner, name) for name in record.names for inner in bracketed_names(name)]
    keyed = _Keyed([(name, given_in, name_key(name, kind)) for name, given_in in found], {})
    keyed.keys.update((name, key) for name, _, key in keyed.names)
    record.memo[memo] = keyed
    return keyed


def _key(record: PartyRecord, kind: str) -> Callable[[str], NameKey]:
    """The key of a name read with ``record``, kept on it."""
    keys = _keyed(record, kind).keys

    def key(name: str) -> NameKey:
        found = keys.get(name)
        if found is None:
            found = keys[name] = name_key(name, kind)
        return found

    return key


def _held_at_possible(found: NameMatch, a: PartyRecord, b: PartyRecord, kind: str) -> NameMatch:
    """``found``, held at possible when it rests on a short form of a record's own name."""
    if found.score <= WEIGHTS.short_form_cap:
        return found
    for name, record in ((found.left, a), (found.right, b)):
        full = shortened(name, record, kind, _key(record, kind))
        if full is not None:
            reason = f"{name!r} is a short form of {full!r}, which a group and its members may share"
            return replace(found, score=WEIGHTS.short_form_cap, reasons=(*found.reasons, reason))
    return found


def best_name_match(a: PartyRecord, b: PartyRecord) -> NameMatch | None:
    kind = pair_kind(a, b)
    best: NameMatch | None = None
    chinese = plausibly_chinese(a, b)
    rights = _keyed(b, kind).names
    for left, left_from, left_key in _keyed(a, kind).names:
        for right, right_from, right_key in rights:
            found = compare_names(left_key, right_key, kind, chinese)
            found = _held_at_possible(found, a, b, kind)
            if best is None or found.score > best.score:
                given = [
                    f"{n!r} is given in brackets in {f!r}"
                    for n, f in ((left, left_from), (right, right_from))
                    if f
                ]
                best = replace(found, reasons=(*found.reasons, *given)) if given else found
    home = _home_country_reading(a, b, kind)
    return home if home is not None and (best is None or home.score > best.score) else best


def _home_country_reading(a: PartyRecord, b: PartyRecord, kind: str) -> NameMatch | None:
    """One name is the other but for a bracket naming the country both records are in."""
    if kind == "person" or not a.country or a.country != b.country:
        return None
    for one, other in ((a, b), (b, a)):
        for name in one.names:
            stripped = without_country(name, a.country)
            if stripped is None:
                continue
            tokens = sorted(name_key(stripped[0], kind).tokens)
            for other_name in other.names:
                if tokens and tokens == sorted(name_key(other_name, kind).tokens):
                    reason = f"names equal but for {stripped[1]}, the country both records are in"
                    return NameMatch(WEIGHTS.home_country, (reason,), name, other_name)
    return None


def _weigh_addresses(
    a: PartyRecord, b: PartyRecord, names: NameMatch, value: float, reasons: list[str]
) -> tuple[float, bool]:
    """The score weighed by the addresses, and whether they are the same.

    A shared address lifts a name pair by ``same_address_bonus``, never to a match: siblings, a
    parent and its subsidiary, a family, the clients of one registered agent share addresses. A
    name pair just short of possible becomes possible, one that is possible goes up the review
    list; names further apart (the clients of one agent) and acronyms (which name several parties)
    get nothing. A clearly different address in the same country lowers a company pair a little
    (``other_address``): a party has several addresses as often."""
    evidence = compare_addresses(a.addresses, b.addresses)
    if evidence.verdict == "same" and evidence.reason:
        reasons.append(evidence.reason)
        bonus, ceiling = WEIGHTS.same_address_bonus, WEIGHTS.match - WEIGHTS.below_match
        if WEIGHTS.possible - bonus <= value < ceiling and not names.acronym:
            return min(value + bonus, ceiling), True
        return value, True
    if evidence.verdict == "different" and evidence.reason:
        same_country = a.country is not None and a.country == b.country
        if same_country and "person" not in (a.kind, b.kind):
            reasons.append(f"{evidence.reason} (same country)")
            return value * WEIGHTS.other_address, False
    return value, False


def score(a: PartyRecord, b: PartyRecord) -> Judgement:
    if not kinds_compatible(a.kind, b.kind):
        return Judgement(0.0, (f"kinds differ ({a.kind} vs {b.kind})",))
    ids = compare_identifiers(a.identifiers, b.identifiers)
    if ids.conflicts:
        return Judgement(0.0, tuple(ids.reasons))
    if ids.same:
        return Judgement(1.0, tuple(ids.reasons))
    found = best_name_match(a, b)
    if found is None:
        return Judgement(0.0, ("a record has no name",))
    value = found.score
    reasons = list(found.reasons)
    if ids.shared:
        value = min(1.0, value + WEIGHTS.shared_identifier)
        reasons.extend(ids.shared)
    value, same_address = _weigh_addresses(a, b, found, value, reasons)
    corroborated = {"identifier"} if ids.shared else set()
    if same_address:
        corroborated.add("address")
    if a.country and b.country:
        if a.country != b.country:
            value *= WEIGHTS.countries_differ
            reasons.append(f"countries differ ({a.country} vs {b.country})")
        else:
            reasons.append(f"same country ({a.country})")
            corroborated.add("country")
    if a.date and b.date:
        if a.date != b.date:
            value *= WEIGHTS.dates_differ
            reasons.append(f"dates differ ({a.date} vs {b.date})")
        else:
            value = min(1.0, value + WEIGHTS.same_date)
            reasons.append(f"same date ({a.date})")
            corroborated.add("date")
    for conflict in registry_conflicts(a.identifiers, b.identifiers):
        value *= WEIGHTS.other_registry_number
        reasons.append(conflict)
    kind = pair_kind(a, b)
    keys = (_key(a, kind)(found.left), _key(b, kind)(found.right))
    if not found.acronym and (elsewhere := added_country(a, b, keys)) is not None:
        value *= WEIGHTS.added_country
        reasons.append(elsewhere)
    if (programs := program_conflict(a.programs, b.programs)) is not None:
        value *= WEIGHTS.other_programs
        reasons.append(programs)
    value, capped = names_alone_cap(a, b, keys, corroborated, value)
    if capped:
        reasons.append(capped)
    return Judgement(round(value, 4), tuple(reasons), (found.left, found.right))
