"""``kb owners``, ``kb subsidiaries``, ``kb paths``, ``kb ownership``, ``kb ubo``: ownership structure
as the sources state it, and effective ownership (information only: the sanctions rules never
multiply stakes). JSON shapes: docs/cli.md."""

from __future__ import annotations

from typing import Any

import typer

from kb.cli.common import AsOfOption, FormatOption, as_of_date, progress
from kb.cli.output import Format, emit, emit_record
from kb.db import Database
from kb.exposure import lookup
from kb.ownership import effective as effective_ownership
from kb.ownership import structure

EntityArgument = typer.Argument(..., help="An entity id, an identifier (LEI:…, USCC:…) or a name.")
BasisOption = typer.Option("equity", "--basis", help="equity or voting: bases are never mixed.")
_STAKE = ["stake", "pct", "pct_min", "pct_max", "basis", "jv", "derived", "source", "start_date", "end_date"]
_PARTY = ["depth", "id", "name", "country", "kind"]


def register(app: typer.Typer) -> None:
    app.command(name="owners")(owners)
    app.command(name="subsidiaries")(subsidiaries)
    app.command(name="paths")(paths)
    app.command(name="ownership")(ownership)
    app.command(name="ubo")(ubo)


def _tree(
    entity: str, up: bool, depth: int, min_pct: float, as_of: str | None, derived: bool, fmt: Format
) -> None:
    on = as_of_date(as_of)
    with Database.connect() as db:
        found = lookup.find(db, entity)
        result = structure.tree(
            db, found.id, up=up, depth=depth, min_pct=min_pct, as_of=on, include_derived=derived
        )
    link = ["holds_in", "holds_in_name"] if up else ["held_by", "held_by_name"]
    progress(f"{'owners' if up else 'subsidiaries'} of {found.describe()} as of {on.isoformat()}")
    if result.truncated:
        progress(f"cut short at {len(result.rows)} rows: lower --depth or raise --min-pct")
    emit(result.rows, fmt, columns=[*_PARTY, *link, *_STAKE])


MinPctOption = typer.Option(
    0.0, "--min-pct", help="Keep stakes of at least this % (a range's high end; unknown sizes only at 0)."
)
IncludeDerivedOption = typer.Option(False, "--include-derived", help="Show look-through figures too.")


def owners(
    entity: str = EntityArgument,
    depth: int = typer.Option(5, "--depth", help="Levels of owners to follow."),
    min_pct: float = MinPctOption,
    as_of: str | None = AsOfOption,
    include_derived: bool = IncludeDerivedOption,
    fmt: Format = FormatOption,
) -> None:
    """The owners of an entity, level by level up: one row per stake on each path (cycles end)."""
    _tree(entity, True, depth, min_pct, as_of, include_derived, fmt)


def subsidiaries(
    entity: str = EntityArgument,
    depth: int = typer.Option(5, "--depth", help="Levels of subsidiaries to follow."),
    min_pct: float = MinPctOption,
    as_of: str | None = AsOfOption,
    include_derived: bool = IncludeDerivedOption,
    fmt: Format = FormatOption,
) -> None:
    """What an entity holds, level by level down: one row per stake on each path (cycles end)."""
    _tree(entity, False, depth, min_pct, as_of, include_derived, fmt)


def paths(
    source: str = typer.Argument(..., help="The owning end: an entity id, identifier or name."),
    target: str = typer.Argument(..., help="The owned end: an entity id, identifier or name."),
    max_hops: int = typer.Option(6, "--max-hops", help="Longest path, in steps (1 to 10)."),
    as_of: str | None = AsOfOption,
    fmt: Format = FormatOption,
) -> None:
    """Ownership and control paths from A down to B, shortest first (at most 20)."""
    on = as_of_date(as_of)
    with Database.connect() as db:
        a, b = lookup.find(db, source), lookup.find(db, target)
        found = structure.paths(db, a.id, b.id, max_hops=max_hops, as_of=on)
    progress(f"{len(found)} path(s) from {a.describe()} to {b.describe()} as of {on.isoformat()}")
    if fmt is Format.json:
        emit(found, fmt, columns=["path", "hops", "steps"])
        return
    rows: list[dict[str, Any]] = [
        {"path": p["path"], "step": i, **{k: s[k] for k in _STEP}}
        for p in found
        for i, s in enumerate(p["steps"], start=1)
    ]
    emit(rows, fmt, columns=["path", "step", *_STEP])


_STEP = ["from", "from_name", "type", "link", "basis", "jv", "to", "to_name", "source"]


def ownership(
    entity: str = EntityArgument,
    target: str = typer.Option(..., "--in", help="The owned entity: id, identifier or name."),
    as_of: str | None = AsOfOption,
    basis: str = BasisOption,
    fmt: Format = FormatOption,
) -> None:
    """EFFECTIVE ownership of ENTITY in TARGET: products of stakes summed over all paths, cycles included,
    as a [min, max] range. Information only: the sanctions rules never multiply stakes (docs/rules.md §7)."""
    on = as_of_date(as_of)
    with Database.connect() as db:
        owner, owned = lookup.find(db, entity), lookup.find(db, target)
        result = effective_ownership.effective(db, owner.id, owned.id, as_of=on, basis=basis)
    record = {
        "owner_id": owner.id, "owner_name": owner.name, "owner_country": owner.country,
        "target_id": owned.id, "target_name": owned.name, "target_country": owned.country, **result,
    }  # fmt: skip
    emit_record(record, fmt)


def ubo(
    entity: str = EntityArgument,
    threshold: float = typer.Option(
        25.0, "--threshold", help="Effective % an ultimate owner reaches (max bound)."
    ),
    as_of: str | None = AsOfOption,
    basis: str = BasisOption,
    fmt: Format = FormatOption,
) -> None:
    """Ultimate owners: top owners (no owner of their own) and natural persons whose effective
    ownership can reach the threshold. Information only, not a sanctions test."""
    on = as_of_date(as_of)
    with Database.connect() as db:
        found = lookup.find(db, entity)
        rows = effective_ownership.ultimate_owners(db, found.id, threshold=threshold, as_of=on, basis=basis)
    progress(f"ultimate owners of {found.describe()} at {threshold:g}% or more, as of {on.isoformat()}")
    emit(
        rows,
        fmt,
        columns=["id", "name", "country", "kind", "reason", "effective", "min_pct", "max_pct", "capped"],
    )
