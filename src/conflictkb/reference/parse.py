"""Reading reference datasets: ACLED exports and UCDP GED (CSV, or GED-like JSON Lines).

Each row becomes a :class:`RefEvent`; a bad row becomes a :class:`RowError` with file and line,
and the rest of the file is still read.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..resolve.countries import find_country

__all__ = ["ParseResult", "RefEvent", "RowError", "parse_reference"]


@dataclass(slots=True)
class RefEvent:
    ref_id: str
    date_start: date
    date_end: date
    country: str | None = None
    country_code: str | None = None
    adm1: str | None = None
    adm2: str | None = None
    location: str | None = None
    lat: float | None = None
    lon: float | None = None
    side_a: str | None = None
    side_b: str | None = None
    best: int | None = None
    low: int | None = None
    high: int | None = None
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RowError:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class ParseResult:
    format: str
    events: list[RefEvent] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _text(path: Path, result: ParseResult) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.warnings.append(f"{path}: not UTF-8; read as cp1252")
        return data.decode("cp1252", errors="replace")


def _date(value: Any) -> date:
    s = str(value or "").strip()
    if not s:
        raise ValueError("no date")
    for fmt in ("%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%Y/%m/%d", "%m/%d/%Y"):
        try:
            return datetime.strptime(s[:10] if fmt == "%Y-%m-%d" else s, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"impossible date {s!r}")


def _num(value: Any, cast: type = int) -> Any:
    s = str(value if value is not None else "").strip()
    if s == "":
        return None
    return cast(float(s)) if cast is int else cast(s)


def _coords(lat: Any, lon: Any) -> tuple[float | None, float | None]:
    la, lo = _num(lat, float), _num(lon, float)
    if la is None or lo is None:
        return None, None
    if not (-90 <= la <= 90 and -180 <= lo <= 180):
        raise ValueError(f"impossible coordinates ({la}, {lo})")
    return la, lo


def _event(ref_id: Any, start: Any, end: Any, **kw: Any) -> RefEvent:
    if not str(ref_id or "").strip():
        raise ValueError("no event id")
    d0 = _date(start)
    d1 = _date(end) if str(end or "").strip() else d0
    if d1 < d0:
        raise ValueError(f"end date {d1} before start date {d0}")
    country = kw.get("country")
    kw["country_code"] = find_country(country) if country else None
    return RefEvent(ref_id=str(ref_id).strip(), date_start=d0, date_end=d1, **kw)


def _from_ged(r: dict[str, Any]) -> RefEvent:
    lat, lon = _coords(r.get("latitude"), r.get("longitude"))
    return _event(
        r.get("id"), r.get("date_start"), r.get("date_end"), country=r.get("country") or None,
        adm1=r.get("adm_1") or None, adm2=r.get("adm_2") or None,
        location=r.get("where_coordinates") or r.get("where_description") or None,
        lat=lat, lon=lon, side_a=r.get("side_a") or None, side_b=r.get("side_b") or None,
        best=_num(r.get("best")), low=_num(r.get("low")), high=_num(r.get("high")), raw=r,
    )  # fmt: skip


def _from_ged_json(r: dict[str, Any]) -> RefEvent:
    parts = [
        r.get(k) for k in ("deaths_side_a", "deaths_side_b", "deaths_civilian", "deaths_unknown")
    ]
    best = (
        sum(int(p) for p in parts if p is not None) if any(p is not None for p in parts) else None
    )
    return _event(
        r.get("id"), r.get("start_date"), r.get("end_date"),
        country=r.get("location_root_name"), adm1=r.get("location_adm1_name"),
        adm2=r.get("location_adm2_name"), location=r.get("location_where_name"),
        side_a=r.get("side_a_name"), side_b=r.get("side_b_name"), best=best,
        low=_num(r.get("deaths_low")), high=_num(r.get("deaths_high")), raw=r,
    )  # fmt: skip


def _from_acled(r: dict[str, Any]) -> RefEvent:
    lat, lon = _coords(r.get("latitude"), r.get("longitude"))
    fat = _num(r.get("fatalities"))
    return _event(
        r.get("event_id_cnty"), r.get("event_date"), None, country=r.get("country") or None,
        adm1=r.get("admin1") or None, adm2=r.get("admin2") or None,
        location=r.get("location") or None, lat=lat, lon=lon,
        side_a=r.get("actor1") or r.get("actor") or None, side_b=r.get("actor2") or None,
        best=fat, low=fat, high=fat, raw=r,
    )  # fmt: skip


def _csv_rows(text: str, result: ParseResult, path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """The rows of a CSV; where the CSV breaks (a stray quote or carriage return, a NUL),
    the rows before are kept and the break is a row error."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        for row in reader:
            values = [v for v in row.values() if isinstance(v, str)]
            if values and all(v.startswith("#") or not v for v in values):
                continue  # HXL hashtag row
            yield reader.line_num, row
    except csv.Error as exc:
        result.errors.append(RowError(str(path), reader.line_num + 1,
                                      f"malformed CSV ({exc}); the rest of the file was not read"))  # fmt: skip


def parse_reference(path: str | Path) -> ParseResult:
    """Read an ACLED or UCDP GED file; raise InputError only if the file as a whole is unusable."""
    p = Path(path)
    if not p.is_file():
        raise InputError("no such file", path=str(p))
    if p.suffix.lower() in {".jsonl", ".ndjson", ".json"}:
        result = ParseResult("ucdp-ged-jsonl")
        for i, raw in enumerate(_text(p, result).splitlines(), start=1):
            if raw.strip():
                _add(result, p, i, lambda raw=raw: _from_ged_json(_json_object(raw)))
        return result
    result = ParseResult("csv")
    text = _text(p, result)
    try:
        header = next(csv.reader(io.StringIO(text, newline="")), [])
    except csv.Error as exc:
        raise InputError(f"the CSV header cannot be read ({exc})", path=str(p)) from None
    cols = {h.strip().lower() for h in header}
    if {"event_id_cnty", "event_date"} <= cols:
        result.format, convert = "acled", _from_acled
    elif {"id", "date_start"} <= cols:
        result.format, convert = "ucdp-ged", _from_ged
    else:
        raise InputError(
            "unknown layout: expected ACLED columns (event_id_cnty, event_date, ...) or UCDP GED "
            "columns (id, date_start, ...)",
            path=str(p),
        )
    for line, row in _csv_rows(text, result, p):
        clean = {(k or "").strip().lower(): v for k, v in row.items() if k is not None}
        if None in row:
            result.errors.append(RowError(str(p), line, "more values than columns"))
            continue
        _add(result, p, line, lambda clean=clean: convert(clean))
    return result


def _json_object(raw: str) -> dict[str, Any]:
    value = json.loads(raw)
    if not isinstance(value, dict):
        raise ValueError(f"a JSON {type(value).__name__}, not an event object ({{...}})")
    return value


def _add(result: ParseResult, path: Path, line: int, make: Any) -> None:
    try:
        result.events.append(make())
    except (ValueError, TypeError, json.JSONDecodeError) as exc:
        result.errors.append(RowError(str(path), line, str(exc)))
