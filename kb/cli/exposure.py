"""``kb exposure``, ``kb affiliates``, ``kb derive``, ``kb what-if``, ``kb diff``, ``kb jv-exposure``,
``kb regimes``: the exposure engine's commands. JSON shapes: docs/cli.md."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path
from typing import Any

import typer

from kb.cli.common import AsOfOption, FormatOption, as_of_date, progress
from kb.cli.output import Format, emit, emit_record
from kb.db import Database
from kb.errors import UsageError
from kb.exposure import engine, listings, lookup, marks, picture, render, reports
from kb.exposure.fixpoint import Interest
from kb.exposure.profiles import Profile, load, load_all
from kb.lists import given_code
from kb.schema import REGIMES

RegimeOption = typer.Option(
    [], "--regime", "-r", help=f"One of {', '.join(REGIMES)}; repeatable (default all)."
)


def chosen(regimes: list[str]) -> list[Profile]:
    return [load(name) for name in regimes] if regimes else load_all()


def exposure(
    entity: str = typer.Argument(..., help="An entity id, an identifier (LEI:…, USCC:…) or a name."),
    regime: list[str] = RegimeOption,
    as_of: str | None = AsOfOption,
    fmt: Format = FormatOption,
    graph: Path | None = typer.Option(
        None, "--graph", help="Also draw the evidence into FILE.html (interactive), FILE.svg or FILE.png."
    ),
) -> None:
    """Per regime: listed, caught, possibly caught or clear, with the evidence and the chain of owners."""
    on, profiles = as_of_date(as_of), chosen(regime)
    if graph is not None:
        picture.check(graph)
    with Database.connect() as db:
        found = lookup.find(db, entity)
        answer = reports.exposure(db, found, profiles, on)
    if graph is not None:
        with Database.connect() as db:
            picture.save(db, graph, answer.report, answer.upstream, profiles, on)
        typer.echo(f"drew the evidence into {graph}", err=True)
    if fmt is Format.json:
        typer.echo(json.dumps(answer.report, ensure_ascii=False, indent=2))
        return
    lists = listings.compact(answer.report["entity"]["listings"]) or "on no list"
    typer.echo(
        f"{found.name} ({found.id}, {found.country or 'country unknown'}) as of {on.isoformat()}: {lists}",
        err=True,
    )
    _warn_unconfirmed(profiles, on)
    own = answer.report["entity"]["listings"]
    emit([render.summary(row, own) for row in answer.report["regimes"]], fmt)


def _warn_unconfirmed(profiles: list[Profile], on: dt.date) -> None:
    for profile in profiles:
        if warning := render.unconfirmed_warning(profile, on):
            typer.echo(f"warning: {warning}", err=True)


def _decisions(rows: list[dict[str, Any]], fmt: Format) -> list[dict[str, Any]]:
    """Rows whose ``resolutions`` (decisions as objects in JSON) read ``res-… (entity); …`` in a
    table or CSV."""
    if fmt is Format.json:
        return rows
    return [{**row, "resolutions": render.decisions_text(row["resolutions"])} for row in rows]


def _lists_text(rows: list[dict[str, Any]], column: str, own: str, owners: str) -> list[dict[str, Any]]:
    """Rows whose ``column`` reads ``1260H (2021-06-03); owner X: SDN (undated; …)``: the listings
    under ``own`` and the listed owners' under ``owners``, for a table or CSV cell."""
    return [{**row, column: listings.text(row[own], row[owners])} for row in rows]


def affiliates(
    regime: list[str] = RegimeOption,
    of: str | None = typer.Option(None, "--of", help="Only affiliates this listed entity carries."),
    list_code: str | None = typer.Option(
        None, "--list", help="Only affiliates of parties on this list code."
    ),
    as_of: str | None = AsOfOption,
    fmt: Format = FormatOption,
) -> None:
    """The loophole report: entities caught or possibly caught that are not on a seed list themselves."""
    on = as_of_date(as_of)
    with Database.connect() as db:
        owner = lookup.find(db, of).id if of else None
        profiles = chosen(regime)
        rows = reports.affiliates(db, profiles, on, owner, given_code(list_code) if list_code else None)
    _warn_unconfirmed(profiles, on)
    lists = ["lists", "listings", "listed_owner_listings"] if fmt is Format.json else ["lists"]
    columns = ["id", "name", "country", "regime", "status", "aggregate_pct", "pct_min", "pct_max", "basis",
               "via_control", "listed_owners", "listed_owner_names", *lists, "license_requirements",
               "license_policies", "resolutions"]  # fmt: skip
    if fmt is not Format.json:  # every list of the entity and its listed owners, with dates
        rows = _lists_text(rows, "lists", "listings", "listed_owner_listings")
    emit(_decisions(rows, fmt), fmt, columns=columns)


def derive(
    regime: list[str] = RegimeOption, as_of: str | None = AsOfOption, fmt: Format = FormatOption
) -> None:
    """Compute every regime's determinations and write them to the graph (labels such as BisCaught)."""
    on = as_of_date(as_of)
    rows = []
    profiles = chosen(regime)
    names = ", ".join(p.name for p in profiles)
    with Database.connect() as db:
        progress(f"deriving {names} as of {on.isoformat()}…")
        started = time.perf_counter()
        flagged: dict[str, dict[str, Interest]] = {}
        found = engine.derive_all(db, profiles, on, flagged)
        progress(f"derived in {time.perf_counter() - started:.1f}s; writing the marks…")
        for profile in profiles:
            counts = marks.write(db, profile, on, found[profile.name], flagged[profile.name])
            rows.append({"regime": profile.name, "as_of": on.isoformat(), **counts})
    emit(rows, fmt)


def what_if(
    list_code: str = typer.Option(..., "--list", help="The list the change is on (EL, SDN, EU, UK…)."),
    add: list[str] = typer.Option(
        [], "--add", help="An entity to list (id, identifier or name); repeatable."
    ),
    remove: list[str] = typer.Option([], "--remove", help="An entity to delist; repeatable."),
    program: list[str] = typer.Option(
        [], "--program", help="Program tags of the new listing (e.g. RUSSIA-EO14024)."
    ),
    portfolio: Path | None = typer.Option(
        None, "--portfolio", help="Only these entities: a file of ids, one per line."
    ),
    regime: list[str] = RegimeOption,
    as_of: str | None = AsOfOption,
    fmt: Format = FormatOption,
) -> None:
    """Which entities change status if a party were listed (or delisted) tomorrow."""
    if not add and not remove:
        raise UsageError("what-if needs --add or --remove")
    wanted = reports.portfolio(portfolio) if portfolio else None
    with Database.connect() as db:
        added = [lookup.find(db, x).id for x in add]
        removed = [lookup.find(db, x).id for x in remove]
        rows = reports.what_if(db, chosen(regime), as_of_date(as_of), given_code(list_code), added, removed,
                               tuple(p.upper() for p in program), wanted)  # fmt: skip
    columns = ["id", "name", "country", "regime", "before", "after", "listed_owners", "resolutions"]
    emit(_decisions(rows, fmt), fmt, columns=columns)


def diff(
    start: str = typer.Option(..., "--from", help="The earlier date, YYYY-MM-DD."),
    end: str = typer.Option(..., "--to", help="The later date, YYYY-MM-DD."),
    regime: list[str] = RegimeOption,
    fmt: Format = FormatOption,
) -> None:
    """Determinations that changed between two dates, and why."""
    with Database.connect() as db:
        rows = reports.diff(db, chosen(regime), as_of_date(start), as_of_date(end))
    columns = ["id", "name", "country", "regime", "from", "to", "why", "listed_owners", "resolutions"]
    emit(_decisions(rows, fmt), fmt, columns=columns)


def jv_exposure(
    entity: str = typer.Argument(..., help="An entity id, an identifier or a name."),
    depth: int = typer.Option(
        4, "--depth", help="Subsidiary layers to look through (majority stakes), at most 6."
    ),
    regime: list[str] = RegimeOption,
    as_of: str | None = AsOfOption,
    fmt: Format = FormatOption,
) -> None:
    """Joint ventures of ENTITY or its subsidiaries whose other partners are listed or (possibly) caught."""
    if not 0 <= depth <= 6:
        raise UsageError("--depth must be between 0 and 6")
    with Database.connect() as db:
        found = lookup.find(db, entity)
        rows = reports.jv_exposure(db, found.id, chosen(regime), as_of_date(as_of), depth)
    lists = ["partner_listings", "partner_listed_owner_listings"] if fmt is Format.json else ["partner_lists"]
    columns = ["member_id", "member_name", "level", "jv_id", "jv_name", "partner_id", "partner_name",
               "partner_country", "partner_pct", "regime", "partner_status", *lists, "partner_listed_owners",
               "sources", "resolutions"]  # fmt: skip
    if fmt is not Format.json:  # every list of the partner and its listed owners, with dates
        rows = _lists_text(rows, "partner_lists", "partner_listings", "partner_listed_owner_listings")
    emit(_decisions(rows, fmt), fmt, columns=columns)


regimes_app = typer.Typer(help="The regime profiles: rules as dated data.", invoke_without_command=True)


@regimes_app.callback()
def regimes(ctx: typer.Context, fmt: Format = FormatOption) -> None:
    """List the regime profiles in use (shipped or overridden in $KB_HOME/regimes)."""
    if ctx.invoked_subcommand is not None:
        return
    today = dt.date.today()
    emit([render.profile_row(p, today) for p in load_all()], fmt)


@regimes_app.command()
def show(
    name: str = typer.Argument(..., help=f"One of {', '.join(REGIMES)}."), fmt: Format = FormatOption
) -> None:
    """One profile: seeds, thresholds, windows (and whether each is confirmed), control criteria, citation."""
    p = load(name)
    record = render.profile_record(p)
    emit_record(record, fmt)
    if unconfirmed := record["unconfirmed_windows"]:
        typer.echo(
            f"warning: {len(unconfirmed)} window(s) of {p.name} not confirmed against the Federal Register: "
            "answers dated in them rest on an assumption (docs/rules.md)",
            err=True,
        )
