"""`conflictkb gazetteer add FILE`, `gazetteer index` and `gazetteer lookup PLACE`."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from ..model import Document, Event, Place

__all__ = ["register"]

console = Console()
gazetteer_app = typer.Typer(help="The offline gazetteer (GeoNames).")


@gazetteer_app.command("add")
def add(file: Path = typer.Argument(..., help="A GeoNames country file (e.g. SN.txt).")) -> None:
    """Add the populated places of a GeoNames country file to your gazetteer."""
    from ..resolve.gazetteer import Gazetteer, user_dir

    n = Gazetteer.add_file(file)
    console.print(
        f"added {n} places from {file.name} to {user_dir() / 'gazetteer'}", highlight=False
    )


@gazetteer_app.command("index")
def index() -> None:
    """Build the gazetteer's look-up index now (else the first extraction builds it)."""
    import time

    from ..resolve.gazetteer import Gazetteer

    start = time.perf_counter()
    places = len(Gazetteer())
    console.print(f"gazetteer index ready: {places:,} places "
                  f"({time.perf_counter() - start:.1f} s)", highlight=False)  # fmt: skip


@gazetteer_app.command("lookup")
def lookup(
    place: str = typer.Argument(..., help='A place as written, e.g. "Mourrah, Mali".'),
) -> None:
    """Resolve a place string the way ingest does."""
    from ..resolve.geocode import GeocodeStep

    ev = Event(id="lookup", name=place, place=Place(raw=place))
    GeocodeStep()(Document("lookup", "-", "report", place, place), ev)
    p = ev.place
    assert p is not None
    if p.lat is None:
        console.print(
            f"not resolved to a point ({p.country_code or 'no country'}); no pin", highlight=False
        )
        return
    console.print(
        f"{p.name} (GeoNames {p.geonames_id}) {p.lat:.5f}, {p.lon:.5f} · {p.country_code} · "
        f"{p.admin1 or '-'} · {p.admin2 or '-'} · where_prec {p.where_prec}",
        highlight=False,
    )
    for flag in p.flags:
        console.print(f"note: {flag}", highlight=False)


def register(app: typer.Typer) -> None:
    app.add_typer(gazetteer_app, name="gazetteer")
