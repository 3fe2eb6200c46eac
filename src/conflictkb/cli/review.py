"""`conflictkb review` (a reviewer's decision on one claim) and `conflictkb actor` (an actor's
side and role). Both go through the store's one write path and are in the audit log."""

from __future__ import annotations

import typer
from rich.console import Console

from ..errors import InputError
from ..model import ReviewStatus
from ..store.workbench import ACTOR_ROLES
from .state import CLIState

__all__ = ["register"]

console = Console()


def review(
    ctx: typer.Context,
    claim_id: str = typer.Argument(..., help="Claim id (see `conflictkb show EVENT --ids`)."),
    status: ReviewStatus = typer.Option(..., "--status", help="confirmed, rejected or edited."),
    min: int = typer.Option(None, "--min", help="Corrected lower figure (with --status edited)."),
    max: int = typer.Option(None, "--max", help="Corrected upper figure (with --status edited)."),
    category: str = typer.Option(None, "--category", help="Corrected victim category (edited)."),
    side: int = typer.Option(None, "--side", help="Corrected side, 1-3, 0 for none (edited)."),
    claimant: str = typer.Option(None, "--claimant", help="Corrected claimant (edited)."),
    reviewer: str = typer.Option(None, "--reviewer", help="Who decided (default: your login)."),
    comment: str = typer.Option(None, "--comment", help="Why."),
) -> None:
    """Confirm, reject or correct a claim; the event's estimates are recomputed."""
    edits = (min, max, category, side, claimant)
    if status is ReviewStatus.EDITED and all(x is None for x in edits):
        raise InputError("--status edited needs --min/--max, --category, --side or --claimant")
    if status is ReviewStatus.AUTO:
        raise InputError("a review decides: use confirmed, rejected or edited")
    state: CLIState = ctx.obj
    with state.store() as store:
        record = store.review_claim(claim_id, status, min=min, max=max, category=category,
                                    side=side, claimant=claimant, reviewer=reviewer,
                                    comment=comment)  # fmt: skip
    est = record["estimates"].get("deaths")
    line = f"{record['id']}: claim {claim_id} {status.value}"
    if est:
        line += f"; deaths now low {est['low']:,} · best {est['best']:,} · high {est['high']:,}"
    console.print(line, highlight=False)


def actor(
    ctx: typer.Context,
    event: str = typer.Argument(..., help="The event (id, id prefix or name)."),
    name: str = typer.Argument(..., help="The actor, as `conflictkb show` names it."),
    side: int = typer.Option(None, "--side", help="Side 1-3, 0 for none."),
    role: str = typer.Option(None, "--role", help=f"One of {', '.join(ACTOR_ROLES)}."),
    user: str = typer.Option(None, "--user", help="Who decided (default: your login)."),
    comment: str = typer.Option(None, "--comment", help="Why."),
) -> None:
    """Assign an actor's side and role in an event (kept across re-extraction)."""
    if side is None and role is None:
        raise InputError("give --side and/or --role")
    state: CLIState = ctx.obj
    with state.store() as store:
        rec = store.assign_actor(event, name, side=side, role=role, user=user, comment=comment)
    got = next((a for a in rec["actors"] if a["name"].casefold() == name.casefold()), None)
    where = f"side {got['side']}, {got['role']}" if got else "updated"
    console.print(f"{rec['id']}: {name}: {where}", highlight=False)


def register(app: typer.Typer) -> None:
    app.command("review")(review)
    app.command("actor")(actor)
