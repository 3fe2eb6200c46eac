"""`conflictkb reference load` and `conflictkb compare`."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .state import CLIState

__all__ = ["register"]

console = Console()
err_console = Console(stderr=True)
reference_app = typer.Typer(help="Reference datasets (ACLED, UCDP GED) to compare against.")


@reference_app.command("load")
def load(
    ctx: typer.Context,
    files: list[Path] = typer.Argument(
        ..., help="ACLED CSV, UCDP GED CSV, or GED-like JSON Lines; each file is one set."
    ),
    name: str = typer.Option(
        None, "--name", help="Reference set name (default: file stem; one file only)."
    ),
) -> None:
    """Load reference files (each replacing a set of the same name); bad rows are reported."""
    from ..reference import load_reference

    state: CLIState = ctx.obj
    if name and len(files) > 1:
        raise typer.BadParameter("--name names one set: give one file, or none and use stems")
    with state.store() as store:
        for file in files:
            result = load_reference(store, file, name)
            for w in result.warnings:
                err_console.print(f"warning: {w}", highlight=False)
            for e in result.errors[:50]:
                err_console.print(f"skipped {e}", highlight=False, markup=False)
            console.print(
                f"loaded {len(result.events)} {result.format} rows as {name or file.stem!r}; "
                f"{len(result.errors)} bad rows skipped",
                highlight=False,
            )


def compare(
    ctx: typer.Context,
    reference: str = typer.Option(None, "--reference", help="Only this reference set."),
    max_km: float = typer.Option(50.0, "--max-km", help="Largest distance for a place match."),
    json_out: Path = typer.Option(None, "--json-out", help="Write the full report as JSON."),
) -> None:
    """Link stored events to reference events and report agreement and discrepancies."""
    from ..compare import compare_store, summarise

    state: CLIState = ctx.obj
    with state.store() as store:
        results = compare_store(store, reference, max_km)
    table = Table(title="events linked to reference events")
    for col in ("event", "linked", "their dates", "their deaths", "our low/best/high", "agree"):
        table.add_column(col, overflow="fold")
    for r in results:
        if not r.linked:
            continue
        ours = "/".join(
            "?" if r.ours.get(k) is None else str(r.ours[k]) for k in ("low", "best", "high")
        )
        agree = {True: "yes", False: "no", None: "—"}[r.deaths_agree]
        table.add_row(Text(r.title), str(len(r.linked)), f"{r.ref_start} – {r.ref_end}",
                      str(r.ref_best if r.ref_best is not None else "?"), ours, agree)  # fmt: skip
    console.print(table)
    summary = summarise(results)
    console.print(json.dumps(summary, indent=2), highlight=False)
    if json_out is not None:
        payload = {"summary": summary, "events": [r.as_dict() for r in results]}
        json_out.write_text(json.dumps(payload, indent=2, ensure_ascii=False))


def register(app: typer.Typer) -> None:
    app.add_typer(reference_app, name="reference")
    app.command("compare")(compare)
