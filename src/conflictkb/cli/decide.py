"""`conflictkb merge` and `conflictkb split`: a user's decision on which documents make one
event. Recorded with who and when; automatic resolution never undoes it."""

from __future__ import annotations

import typer
from rich.console import Console

from .state import CLIState

__all__ = ["register"]

console = Console()


def merge(
    ctx: typer.Context,
    keep: str = typer.Argument(..., help="The event that stays (id, id prefix or name)."),
    other: str = typer.Argument(..., help="The event that joins it; its id then redirects."),
    user: str = typer.Option(None, "--user", help="Who decided."),
    comment: str = typer.Option(None, "--comment", help="Why."),
) -> None:
    """Merge two events: every document of the second joins the first."""
    state: CLIState = ctx.obj
    with state.store() as store:
        rec = store.merge_events(keep, other, user=user, comment=comment)
    console.print(f"{rec['id']}: now {len(rec['documents'])} document(s), "
                  f"{rec['number_of_sources']} source(s)", highlight=False)  # fmt: skip


def split(
    ctx: typer.Context,
    event: str = typer.Argument(..., help="The event (id, id prefix or name)."),
    document: str = typer.Option(..., "--document", help="Document id or unique prefix."),
    user: str = typer.Option(None, "--user", help="Who decided."),
    comment: str = typer.Option(None, "--comment", help="Why."),
) -> None:
    """Split a document off an event into an event of its own (never merged back
    automatically)."""
    state: CLIState = ctx.obj
    with state.store() as store:
        new_id, _rec = store.split_document(event, document, user=user, comment=comment)
    console.print(f"{document[:12]} now makes event {new_id}", highlight=False)


def register(app: typer.Typer) -> None:
    app.command("merge")(merge)
    app.command("split")(split)
