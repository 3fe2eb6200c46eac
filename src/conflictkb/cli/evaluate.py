"""`conflictkb evaluate`: text-only extraction scored against each article's own infobox."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from ..assemble import default_pipeline
from ..evaluate import evaluate_paths
from ..extract.registry import load_registry
from .state import CLIState

__all__ = ["register"]

console = Console()


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.1f} %"


def evaluate(
    ctx: typer.Context,
    corpus: list[Path] = typer.Argument(..., help="Articles (files or folders) with infoboxes."),
    json_out: Path = typer.Option(None, "--json-out", help="Write the full report as JSON."),
) -> None:
    """Hide each article's infobox, extract from the text, and score against the infobox."""
    state: CLIState = ctx.obj
    actors = state.settings.actors_file
    # The ingest pipeline itself, run on each article with its infobox hidden.
    report = evaluate_paths(corpus, default_pipeline(actors), load_registry(actors))
    table = Table(title=f"text-only extraction vs infobox, {report.documents} articles")
    for col in ("field", "truth", "predicted", "correct", "precision", "recall"):
        table.add_column(col)
    for name, c in report.fields.items():
        table.add_row(
            name, str(c.truth), str(c.predicted), str(c.tp), _pct(c.precision), _pct(c.recall)
        )
    console.print(table)
    share = report.as_dict()["share_written_in_body"]
    console.print(
        f"infobox casualty figures: {report.figures_in_infobox}; written in the body: "
        f"{report.figures_written_in_body} ({_pct(share)})",
        highlight=False,
    )
    if json_out is not None:
        json_out.write_text(json.dumps(report.as_dict(), indent=2, default=str))


def register(app: typer.Typer) -> None:
    app.command("evaluate")(evaluate)
