"""Scoring extraction against hand-coded events: an ACLED export whose rows carry notes.

Each row's ``notes`` is read as a short report and run through the pipeline; the record is
scored against the coders' fields:

* **date**: the coders' ``event_date`` lies within our date range;
* **country**, **admin1**: equal after folding (accents, case, type words such as "Region");
* **location_25km**: our place lies within 25 km of the coders' latitude/longitude;
* **fatalities** (rows where people died): our ACLED fatalities (the low death estimate)
  equal the coders';
* **event_type**: equal;
* **actor1**: our side-1 actor is the coders' actor 1, names compared through the actor
  registry, with ACLED's period suffix ("Military Forces of Mali (2021-)") and the acronym
  prefix ("JNIM: ...") read as ACLED writes them.

ACLED's CSV layout is read as exported (with or without the HXL hashtag row under the header;
``event_date`` as ``2022-03-05`` or ``05 March 2022``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .assemble import Pipeline
from .errors import InputError
from .export.acled import acled_row
from .extract.registry import ActorRegistry
from .readers import ReadOptions, read_bytes
from .record import event_record
from .resolve.countries import find_country
from .resolve.gazetteer import Gazetteer, bare_admin_name
from .resolve.geocode import GeocodeStep, distance_km
from .textutil import fold

__all__ = ["CODED_FIELDS", "CodedReport", "evaluate_acled", "read_acled_rows"]

CODED_FIELDS = ("date", "country", "admin1", "location_25km", "fatalities", "event_type",
                "actor1")  # fmt: skip
_REQUIRED = {"event_date", "notes"}


@dataclass
class CodedReport:
    events: int = 0
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CODED_FIELDS, 0))
    scored: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CODED_FIELDS, 0))
    per_event: list[dict[str, Any]] = field(default_factory=list)

    def share(self, name: str) -> float | None:
        return self.right[name] / self.scored[name] if self.scored[name] else None

    def as_dict(self) -> dict[str, Any]:
        return {"events": self.events,
                "fields": {k: {"right": self.right[k], "scored": self.scored[k],
                               "share": self.share(k)} for k in CODED_FIELDS},
                "per_event": self.per_event}  # fmt: skip


def _date(value: str) -> dt.date | None:
    for fmt in ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    return None


def read_acled_rows(path: Path) -> Iterator[dict[str, str]]:
    """The rows of an ACLED CSV export (the HXL row, if any, skipped)."""
    try:
        text = path.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the ACLED file ({exc})", path=str(path)) from None
    reader = csv.DictReader(io.StringIO(text))
    missing = _REQUIRED - set(reader.fieldnames or [])
    if missing:
        raise InputError(f"not an ACLED export with notes: no column {', '.join(sorted(missing))}",
                         path=str(path))  # fmt: skip
    for row in reader:
        if all(v.startswith("#") for v in row.values() if v):
            continue  # the HXL hashtag row
        yield row


_PERIOD = re.compile(r"\s*\((?:\d{4})?-?(?:\d{4})?\)\s*.*$")


def actor_key(name: str, registry: ActorRegistry) -> str:
    """A comparable form of an actor name, ours or ACLED's."""
    name = _PERIOD.sub("", name.strip()) if re.search(r"\(\d{4}-", name) else name.strip()
    for part in [name, *re.split(r":| - ", name)]:
        entry = registry.match(part.strip())
        if entry is not None:
            return fold(entry.canonical)
    return fold(name)


def _same_admin1(theirs: str, ours: str | None, gaz: Gazetteer) -> bool:
    """The same first-level region, by name or by the gazetteer ("Timbuktu" is Tombouctou)."""
    if not ours:
        return False
    if bare_admin_name(theirs) == bare_admin_name(ours):
        return True
    return bool(set(gaz.admin1_codes_named(theirs)) & set(gaz.admin1_codes_named(ours)))


def _score_row(row: dict[str, str], ours: dict[str, Any], registry: ActorRegistry,
               gaz: Gazetteer, report: CodedReport) -> dict[str, Any]:  # fmt: skip
    out: dict[str, Any] = {"id": row.get("event_id_cnty") or str(report.events)}
    checks: dict[str, bool | None] = {}
    when = _date(row["event_date"])
    start, end = ours.get("start_date"), ours.get("end_date") or ours.get("start_date")
    checks["date"] = (
        None if when is None else bool(start and end and start <= when.isoformat() <= end)
    )
    cc = find_country(row.get("country", "")) if row.get("country") else None
    place = ours.get("place") or {}
    acled = acled_row(ours)
    checks["country"] = None if cc is None else place.get("country_code") == cc
    checks["admin1"] = (None if not row.get("admin1")
                        else _same_admin1(row["admin1"], place.get("admin1"), gaz))  # fmt: skip
    checks["location_25km"] = _within(row, place)
    deaths = int(row["fatalities"]) if row.get("fatalities", "").strip().isdigit() else None
    checks["fatalities"] = None if not deaths else acled["fatalities"] == deaths
    checks["event_type"] = (None if not row.get("event_type")
                            else acled["event_type"] == row["event_type"])  # fmt: skip
    ours_a1 = acled["actor1"]
    checks["actor1"] = (None if not row.get("actor1") else bool(ours_a1) and
                        actor_key(ours_a1 or "", registry) == actor_key(row["actor1"], registry))  # fmt: skip
    for name, ok in checks.items():
        if ok is not None:
            report.scored[name] += 1
            report.right[name] += ok
        out[name] = ok
    out["ours"] = {"date": start, "country": place.get("country_code"), "admin1": place.get("admin1"),
                   "location": place.get("name"), "fatalities": acled["fatalities"],
                   "event_type": acled["event_type"], "actor1": ours_a1}  # fmt: skip
    return out


def _within(row: dict[str, str], place: dict[str, Any]) -> bool | None:
    try:
        lat, lon = float(row["latitude"]), float(row["longitude"])
    except (KeyError, ValueError):
        return None
    if place.get("lat") is None or place.get("lon") is None:
        return False
    return distance_km(lat, lon, float(place["lat"]), float(place["lon"])) <= 25


def evaluate_acled(path: Path, pipeline: Pipeline, registry: ActorRegistry, *,
                   published_from_date: bool = False) -> CodedReport:  # fmt: skip
    """Score ``pipeline`` on every row of an ACLED export with notes.

    With ``published_from_date``, each note is read as published on its event date (for notes
    whose users know when they were written); by default a note has no publication date."""
    report = CodedReport()
    gaz = next((s.gazetteer for s in pipeline.steps if isinstance(s, GeocodeStep)), None)
    gaz = gaz or Gazetteer()
    for row in read_acled_rows(path):
        notes = (row.get("notes") or "").strip()
        if not notes:
            continue
        published = _date(row["event_date"]) if published_from_date else None
        doc = read_bytes(notes.encode("utf-8"), f"{path.name}#{row.get('event_id_cnty', '')}",
                         format="report", options=ReadOptions(published=published))  # fmt: skip
        record = event_record(pipeline.run(doc))
        report.events += 1
        report.per_event.append(_score_row(row, record, registry, gaz, report))
    return report
