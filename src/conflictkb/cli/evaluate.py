"""`conflictkb evaluate`: text-only extraction scored against each article's own infobox."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from .state import CLIState

__all__ = ["register"]

console = Console()


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.1f} %"


def evaluate(
    ctx: typer.Context,
    corpus: list[Path] = typer.Argument(
        ..., help="Articles (files or folders) with infoboxes, or ACLED CSV exports with notes."
    ),
    json_out: Path = typer.Option(None, "--json-out", help="Write the full report as JSON."),
    published_from_date: bool = typer.Option(
        False,
        "--published-from-date",
        help="ACLED files: read each note as published on its event date.",
    ),
) -> None:
    """Score extraction: against each article's own infobox (hidden while extracting), or,
    for a .csv file, against the coders' fields of an ACLED export that carries notes."""
    state: CLIState = ctx.obj
    actors = state.settings.actors_file
    if corpus and all(p.suffix.lower() == ".csv" for p in corpus):
        _evaluate_coded(corpus, actors, json_out, published_from_date)
        return
    from ..assemble import default_pipeline
    from ..evaluate import evaluate_paths
    from ..extract.registry import load_registry

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


def _evaluate_coded(files: list[Path], actors: Path | None, json_out: Path | None,
                    published_from_date: bool) -> None:  # fmt: skip
    from ..assemble import default_pipeline
    from ..evaluate_coded import CODED_FIELDS, evaluate_acled
    from ..extract.registry import load_registry

    pipeline, registry = default_pipeline(actors), load_registry(actors)
    reports = [evaluate_acled(f, pipeline, registry, published_from_date=published_from_date)
               for f in files]  # fmt: skip
    for f, report in zip(files, reports, strict=True):
        table = Table(title=f"extraction vs coders' fields, {report.events} events of {f.name}")
        for col in ("field", "scored", "right", "share"):
            table.add_column(col)
        for name in CODED_FIELDS:
            table.add_row(name, str(report.scored[name]), str(report.right[name]),
                          _pct(report.share(name)))  # fmt: skip
        console.print(table)
        rows = Table(title="per event (✓ right, ✗ wrong, · not coded)")
        for col in ("id", *CODED_FIELDS):
            rows.add_column(col)
        for ev in report.per_event:
            rows.add_row(str(ev["id"]), *("·" if ev[k] is None else "✓" if ev[k] else "✗"
                                          for k in CODED_FIELDS))  # fmt: skip
        console.print(rows)
    if json_out is not None:
        json_out.write_text(json.dumps([r.as_dict() for r in reports], indent=2, default=str))


def register(app: typer.Typer) -> None:
    app.command("evaluate")(evaluate)
