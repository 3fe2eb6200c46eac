"""The command line: thin commands over library functions.

Each module registers its commands on the one Typer app; :func:`main` maps every
:class:`~conflictkb.errors.ConflictKBError` to ``Error: <message>`` and exit code 1.
"""

from __future__ import annotations

import logging
import sys

import click
import typer

from ..errors import ConflictKBError
from ..settings import Settings
from . import core, decide, evaluate, gazetteer, reference, review, serve, users
from .state import CLIState

__all__ = ["app", "main"]

app = typer.Typer(
    name="conflictkb",
    help="Turn reports of violent events into a source-attributed event database.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root(
    ctx: typer.Context,
    db: str = typer.Option(
        None,
        "--db",
        help="Store: SQLite path or database URL [env CONFLICTKB_DB; default ./conflictkb.sqlite]",
    ),
    max_bytes: int = typer.Option(
        None, "--max-bytes", help="Largest document accepted [env CONFLICTKB_MAX_BYTES; 20 MB]"
    ),
    max_pages: int = typer.Option(
        None, "--max-pages", help="Longest PDF accepted [env CONFLICTKB_MAX_PAGES; 500 pages]"
    ),
    merge_threshold: float = typer.Option(
        None,
        "--merge-threshold",
        help="Score at which a document joins a stored event [env CONFLICTKB_MERGE_THRESHOLD; 6]",
    ),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log what is going on."),
) -> None:
    settings = Settings()
    if max_pages:
        settings.max_pages = max_pages
    if merge_threshold is not None:
        settings.merge_threshold = merge_threshold
    ctx.obj = CLIState(
        db=db or settings.db,
        max_bytes=max_bytes or settings.max_bytes,
        settings=settings,
    )
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(message)s")


core.register(app)
review.register(app)
decide.register(app)
reference.register(app)
evaluate.register(app)
gazetteer.register(app)
serve.register(app)
users.register(app)


def main() -> None:
    try:
        code = app(standalone_mode=False)
        if isinstance(code, int) and code:
            sys.exit(code)
    except ConflictKBError as exc:
        typer.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        typer.echo("Aborted.", err=True)
        sys.exit(130)
    except KeyboardInterrupt:
        typer.echo("Interrupted; what was committed stays, re-run to resume.", err=True)
        sys.exit(130)
    except (click.ClickException, typer.exceptions.TyperException) as exc:
        # Typer 0.29 raises its own copy of click's exceptions (usage errors, bad options)
        show = getattr(exc, "show", None)
        if callable(show):
            show()
        else:
            typer.echo(f"Error: {exc}", err=True)
        sys.exit(int(getattr(exc, "exit_code", 2)))
