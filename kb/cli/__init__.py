"""The ``kb`` command: a thin typed layer over the library."""

from __future__ import annotations

import logging
import os
import sys
import traceback
from collections.abc import Sequence

import typer
from typer.exceptions import TyperException

from kb import __version__
from kb.cli import bloom as bloom_cli
from kb.cli import cypher, db, exposure, lists, load, ownership, query, rebut, resolve, screen, server, synth
from kb.errors import KbError

app = typer.Typer(
    name="kb",
    help="Ownership exposure to export-control and sanctions lists, in Neo4j.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    add_completion=False,
)
app.add_typer(server.app, name="server")
app.add_typer(db.app, name="db")
app.command(name="cypher")(cypher.cypher)
app.command(name="load")(load.load)
app.add_typer(load.runs_app, name="runs")
app.command(name="lists")(lists.lists)
app.command(name="synth")(synth.synth)
app.add_typer(query.app, name="query")
ownership.register(app)
app.command(name="exposure")(exposure.exposure)
app.command(name="affiliates")(exposure.affiliates)
app.command(name="derive")(exposure.derive)
app.command(name="what-if")(exposure.what_if)
app.command(name="diff")(exposure.diff)
app.command(name="jv-exposure")(exposure.jv_exposure)
app.add_typer(exposure.regimes_app, name="regimes")
app.command(name="screen")(screen.screen)
app.add_typer(bloom_cli.app, name="bloom")
app.add_typer(resolve.app, name="resolve")
app.add_typer(rebut.app, name="rebut")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kb {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show kb's version."
    ),
) -> None:
    """kb: is this company, through layers of owners and joint ventures, exposed to a listed party?"""


def main(argv: Sequence[str] | None = None) -> int:
    """Run kb; every failure ends as one line on stderr and a non-zero exit code."""
    # Server notifications are for developers (KB_WARN_NOTIFICATIONS=1), not for every command's stderr.
    logging.getLogger("neo4j").addHandler(logging.NullHandler())
    logging.getLogger("neo4j").propagate = False
    try:
        result = app(args=list(argv) if argv is not None else None, prog_name="kb", standalone_mode=False)
    except KbError as exc:
        print(f"kb: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except typer.Exit as exc:
        return exc.exit_code
    except TyperException as exc:  # bad usage: Typer prints usage and the problem
        show = getattr(exc, "show", None)
        if callable(show):
            show()
        else:
            print(f"kb: error: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except (typer.Abort, KeyboardInterrupt):
        print("kb: aborted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug in kb: say so in one line unless asked for the traceback
        if os.environ.get("KB_DEBUG"):
            traceback.print_exc()
        print(f"kb: internal error: {type(exc).__name__} (set KB_DEBUG=1 for details)", file=sys.stderr)
        return 70
    return result if isinstance(result, int) else 0


def entry_point() -> None:
    sys.exit(main())
