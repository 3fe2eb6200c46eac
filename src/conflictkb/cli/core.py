"""Core commands: ingest, events, show, extract, export."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

from ..errors import ConflictKBError, InputError
from ..record import Record
from .render import events_table, render_event
from .state import CLIState

if TYPE_CHECKING:  # the commands import what they run when they run: `--help` stays fast
    from ..assemble import Pipeline
    from ..sources import Source

__all__ = ["register"]

PUBLISHED_HELP = (
    "Publication date (YYYY-MM-DD) for documents that do not state one; it "
    "anchors dates without a year ('on 31 August', 'on Tuesday')."
)
LANGUAGE_HELP = "Language (en, fr) for documents that do not state one; else it is detected."
console = Console()
err_console = Console(stderr=True)


def ingest(
    ctx: typer.Context,
    paths: list[Path] = typer.Argument(..., help="Files, folders and MediaWiki dumps to ingest."),
    skip_errors: bool = typer.Option(False, "--skip-errors", help="Log bad documents and go on."),
    infobox_only: bool = typer.Option(
        False, "--infobox-only", help="Infobox facts only: no language model (fast, for big dumps)."
    ),
    workers: int = typer.Option(1, "--workers", min=1, help="Extract in N processes."),
    engine: str = typer.Option(
        "local", "--engine", help="'local' (this machine) or 'dask' (a Dask cluster)."
    ),
    scheduler: str = typer.Option(
        None,
        "--scheduler",
        help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 "
        "(with --engine dask; without it a local cluster of --workers processes is started).",
    ),
    parts: Path = typer.Option(
        None, "--parts", help="With --engine dask: keep the Parquet partitions in this folder."
    ),
    published: str = typer.Option(None, "--published", help=PUBLISHED_HELP),
    language: str = typer.Option(None, "--language", help=LANGUAGE_HELP),
    time_limit: float = typer.Option(
        None,
        "--time-limit",
        help="Seconds one document's extraction may take [env CONFLICTKB_TIME_LIMIT; 600].",
    ),
    reextract: bool = typer.Option(
        False,
        "--reextract",
        help="Extract stored documents again (after an extractor change); reviews re-attach.",
    ),
) -> None:
    """Read documents and MediaWiki dumps, extract events, store them (idempotent, resumable)."""
    state: CLIState = ctx.obj
    if engine not in ("local", "dask"):
        raise InputError(f"unknown engine {engine!r}; choose 'local' or 'dask'")
    if (scheduler or parts) and engine != "dask":
        raise InputError("--scheduler and --parts go with --engine dask")
    if reextract and engine == "dask":
        raise InputError("--reextract runs on the local engine: drop --engine dask")
    from ..assemble import infobox_pipeline
    from ..ingest import ingest_paths
    from ..parallel import ingest_parallel
    from ..sources import expand_paths, input_size

    total = input_size(expand_paths(paths))  # the engines scan the folders again themselves,
    # so that skipped files reach their report: a listing, no file is read twice
    options = state.read_options(published, language)
    with state.store() as store, _progress(total) as tick:
        policy = {"skip_errors": skip_errors, "max_bytes": state.max_bytes, "on_progress": tick,
                  "options": options}  # fmt: skip
        again: dict[str, object] = {"reextract": reextract} if reextract else {}
        again["time_limit"] = time_limit or state.settings.time_limit
        if engine == "dask":
            from ..cluster import ingest_dask  # imports pyarrow and distributed: only when asked

            report = ingest_dask(store, paths, scheduler=scheduler, workers=workers,
                                 infobox_only=infobox_only, parts_dir=parts, **policy)  # type: ignore[arg-type]  # fmt: skip
        elif workers > 1:
            report = ingest_parallel(store, paths, workers=workers, infobox_only=infobox_only,
                                     **policy, **again)  # type: ignore[arg-type]  # fmt: skip
        else:
            pipeline = infobox_pipeline() if infobox_only else None
            report = ingest_paths(store, paths, pipeline=pipeline, **policy, **again)  # type: ignore[arg-type]
    for _path, message in report.failed:
        err_console.print(f"[yellow]failed[/] {message}", markup=True, highlight=False)
    for path, why in report.skipped:
        err_console.print(f"[dim]skipped[/] {path}: {why}", markup=True, highlight=False)
    console.print(f"{report.summary()} (store: {state.db})", highlight=False)


@contextmanager
def _progress(total_bytes: int) -> Iterator[Callable[[Source, str], None]]:
    """A progress bar over the input bytes (compressed, for dumps), counting documents."""
    bar = Progress(
        TextColumn("[bold]ingest"), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
        TextColumn("{task.fields[docs]} docs ({task.fields[rate]:.1f}/s)"),
        TimeRemainingColumn(), TextColumn("{task.description}"),
        console=err_console, transient=True, disable=not sys.stderr.isatty(),
    )  # fmt: skip
    with bar:
        task = bar.add_task("", total=total_bytes, docs=0, rate=0.0)
        count, start = 0, time.monotonic()

        def tick(src: Source, status: str) -> None:
            nonlocal count
            count += 1
            name = src.name.rsplit("#", 1)[-1] if "#" in src.name else Path(src.name).name
            rate = count / max(time.monotonic() - start, 1e-6)
            bar.update(task, completed=src.pos, docs=count, rate=rate, description=name[:40])

        yield tick


def events(
    ctx: typer.Context,
    q: str = typer.Option(None, "--search", "-q", help="Full-text search."),
    country: str = typer.Option(None, "--country", help="ISO alpha-2 country code."),
    claimant: str = typer.Option(
        None, "--claimant", help="Events with a claim by this claimant (as written or its party)."
    ),
    limit: int = typer.Option(100, "--limit", help="How many events to list."),
) -> None:
    """List the stored events: name, dates, country, best deaths."""
    state: CLIState = ctx.obj
    with state.store() as store:
        from ..store import EventFilter

        rows = store.list_events(EventFilter(q=q, country=country, claimant=claimant, limit=limit))
    console.print(events_table(rows))


def show(
    ctx: typer.Context,
    event: str = typer.Argument(..., help="Event id or name."),
    ids: bool = typer.Option(False, "--ids", help="Show claim ids (for `conflictkb review`)."),
) -> None:
    """Show one event: claims grouped by property with claimants, and the estimates."""
    state: CLIState = ctx.obj
    with state.store() as store:
        record = store.get_record(store.find_event_id(event))
    render_event(console, record, ids=ids)


def extract(
    ctx: typer.Context,
    files: list[Path] = typer.Argument(..., help="Documents to read (no database is used)."),
    as_json: bool = typer.Option(True, "--json/--no-json", help="Print JSON (the default)."),
    published: str = typer.Option(None, "--published", help=PUBLISHED_HELP),
    language: str = typer.Option(None, "--language", help=LANGUAGE_HELP),
) -> None:
    """Print the event record of each file: one file as JSON, several as JSON Lines."""
    state: CLIState = ctx.obj
    options = state.read_options(published, language)
    from ..assemble import default_pipeline
    from ..readers import read_document
    from ..record import event_record

    pipelines: list[Pipeline] = []  # built once the first file has been read
    failed = 0
    for path in files:
        try:
            doc = read_document(path, options=options)
            pipelines = pipelines or [default_pipeline()]
            record = event_record(pipelines[0].run(doc))
        except ConflictKBError as exc:
            if len(files) == 1:
                raise
            failed += 1
            record = {"error": {"code": exc.code, "message": str(exc), "path": str(path)}}
        if len(files) == 1 and as_json:
            typer.echo(json.dumps(record, ensure_ascii=False, indent=2))
        elif as_json:
            typer.echo(json.dumps(record, ensure_ascii=False))
        else:
            render_event(console, record)
    if failed:
        raise typer.Exit(1)


def export(
    ctx: typer.Context,
    format: str = typer.Option("jsonl", "--format", "-f", help="Export format."),
    output: Path = typer.Option(None, "--output", "-o", help="File to write (default: stdout)."),
) -> None:
    """Export every stored event in a format of the field."""
    state: CLIState = ctx.obj
    from ..export import FORMATS

    if format not in FORMATS:
        raise InputError(f"unknown export format {format!r}; choose from {', '.join(FORMATS)}")
    writer = FORMATS[format][0]
    with state.store() as store, _export_progress(store.count_events()) as counted:
        if output is None:
            n = writer(counted(store.iter_records()), sys.stdout.buffer)
            sys.stdout.flush()
        else:
            with output.open("wb") as fh:
                n = writer(counted(store.iter_records()), fh)
    err_console.print(f"exported {n} events as {format}", highlight=False)


@contextmanager
def _export_progress(total: int) -> Iterator[Callable[[Iterator[Record]], Iterator[Record]]]:
    """A progress bar over the events exported (on standard error, only on a terminal)."""
    bar = Progress(TextColumn("[bold]export"), BarColumn(), MofNCompleteColumn(),
                   TextColumn("events ({task.fields[rate]:.0f}/s)"), TimeRemainingColumn(),
                   console=err_console, transient=True, disable=not sys.stderr.isatty())  # fmt: skip
    with bar:
        task = bar.add_task("", total=total, rate=0.0)
        start = time.monotonic()

        def counted(records: Iterator[Record]) -> Iterator[Record]:
            for i, rec in enumerate(records, 1):
                yield rec
                if i % 50 == 0 or i == total:
                    rate = i / max(time.monotonic() - start, 1e-6)
                    bar.update(task, completed=i, rate=rate)

        yield counted


def register(app: typer.Typer) -> None:
    for fn in (ingest, events, show, extract, export):
        app.command(fn.__name__)(fn)
