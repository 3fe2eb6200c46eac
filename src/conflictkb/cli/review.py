"""`conflictkb review`: a reviewer's decision on one claim (kept across re-extraction)."""

from __future__ import annotations

import typer
from rich.console import Console

from ..errors import InputError
from ..model import ReviewStatus
from .state import CLIState

__all__ = ["register"]

console = Console()


def review(
    ctx: typer.Context,
    claim_id: str = typer.Argument(..., help="Claim id (see `conflictkb show EVENT --ids`)."),
    status: ReviewStatus = typer.Option(..., "--status", help="confirmed, rejected or edited."),
    min: int = typer.Option(None, "--min", help="Corrected lower figure (with --status edited)."),
    max: int = typer.Option(None, "--max", help="Corrected upper figure (with --status edited)."),
    reviewer: str = typer.Option(None, "--reviewer", help="Who decided."),
    comment: str = typer.Option(None, "--comment", help="Why."),
) -> None:
    """Confirm, reject or correct a claim; the event's estimates are recomputed."""
    if status is ReviewStatus.EDITED and min is None and max is None:
        raise InputError("--status edited needs --min and/or --max")
    if status is ReviewStatus.AUTO:
        raise InputError("a review decides: use confirmed, rejected or edited")
    state: CLIState = ctx.obj
    with state.store() as store:
        record = store.review_claim(
            claim_id, status, min=min, max=max, reviewer=reviewer, comment=comment
        )
    est = record["estimates"].get("deaths")
    line = f"{record['id']}: claim {claim_id} {status.value}"
    if est:
        line += f"; deaths now low {est['low']:,} · best {est['best']:,} · high {est['high']:,}"
    console.print(line, highlight=False)


def register(app: typer.Typer) -> None:
    app.command("review")(review)
