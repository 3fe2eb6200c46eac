"""Reading many events at once: the filters of the list, the map and the timeline, and the
facet counts. Every filter is a column test or an indexed sub-select; see the explorer's
EXPLAIN QUERY PLAN test."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, func, or_, select

from . import schema as s
from .search import search_ids

__all__ = ["REVIEW_STATES", "EventFilter", "count_events", "facets", "list_events", "map_points"]

REVIEW_STATES = ("reviewed", "unreviewed")


@dataclass(slots=True)
class EventFilter:
    q: str | None = None  # full-text search
    country: str | None = None
    admin1: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    actor: str | None = None
    claimant: str | None = None  # a claim's claimant, as written or the party it speaks for
    event_type: str | None = None
    min_deaths: int | None = None
    review: str | None = None  # reviewed (a reviewer decided on one of its claims), unreviewed
    limit: int = 50
    offset: int = 0


LIST_COLUMNS = ("id", "name", "start_date", "end_date", "date_precision", "country_code",
                "admin1", "admin2", "place_name", "lat", "lon", "conflict", "event_type",
                "type_of_violence", "deaths_low", "deaths_best", "deaths_high")  # fmt: skip


def _where(q: Any, flt: EventFilter, conn: Connection) -> Any:
    e = s.events.c
    if flt.q:
        q = q.where(e.id.in_(search_ids(conn, flt.q)))
    if flt.country:
        q = q.where(e.country_code == flt.country.upper())
    if flt.admin1:
        q = q.where(e.admin1 == flt.admin1)
    if flt.date_from:
        q = q.where(func.coalesce(e.end_date, e.start_date) >= flt.date_from)
    if flt.date_to:
        q = q.where(e.start_date <= flt.date_to)
    if flt.event_type:
        q = q.where(e.event_type == flt.event_type)
    if flt.min_deaths is not None:
        q = q.where(e.deaths_best >= flt.min_deaths)
    if flt.actor:
        sub = select(s.actors.c.event_id).where(
            func.lower(s.actors.c.name).like(f"%{flt.actor.lower()}%")
        )
        q = q.where(e.id.in_(sub))
    if flt.claimant:
        like = f"%{flt.claimant.lower()}%"
        c = s.claims.c
        sub = select(c.event_id).where(
            or_(func.lower(c.claimant).like(like), func.lower(c.claimant_norm).like(like))
        )
        q = q.where(e.id.in_(sub))
    if flt.review in REVIEW_STATES:
        c = s.claims.c
        reviewed = select(c.event_id).where(c.review_status != "auto")
        q = q.where(e.id.in_(reviewed) if flt.review == "reviewed" else e.id.not_in(reviewed))
    return q


def list_events(conn: Connection, flt: EventFilter) -> list[dict[str, Any]]:
    e = s.events
    q = _where(select(*[e.c[name] for name in LIST_COLUMNS]), flt, conn)
    q = q.order_by(e.c.start_date.desc().nulls_last(), e.c.id).limit(flt.limit).offset(flt.offset)
    return [dict(r) for r in conn.execute(q).mappings()]


def count_events(conn: Connection, flt: EventFilter) -> int:
    q = _where(select(func.count()).select_from(s.events), flt, conn)
    return int(conn.scalar(q) or 0)


MAP_COLUMNS = ("id", "name", "lat", "lon", "event_type", "deaths_best", "start_date")


def map_points(conn: Connection, flt: EventFilter, limit: int) -> tuple[int, list[list[Any]]]:
    e = s.events.c
    q = _where(select(*[e[c] for c in MAP_COLUMNS]), flt, conn)
    q = q.where(e.lat.is_not(None), e.lon.is_not(None))
    q = q.order_by(e.deaths_best.desc().nulls_last(), e.id).limit(limit)
    rows = [[r.id, r.name, round(r.lat, 4), round(r.lon, 4), r.event_type, r.deaths_best,
             r.start_date.isoformat() if r.start_date else None]
            for r in conn.execute(q)]  # fmt: skip
    return count_events(conn, flt), rows


_cache: dict[tuple[str, Any], dict[str, list[tuple[str, int]]]] = {}
_lock = threading.Lock()


def facets(conn: Connection) -> dict[str, list[tuple[str, int]]]:
    """Events per country, admin1 and event type, most first; computed once per state of the
    store (its number of events and last update)."""
    e = s.events.c
    state = conn.execute(select(func.count(), func.max(e.updated_at))).one()
    key = (str(conn.engine.url), tuple(state))
    with _lock:
        if key in _cache:
            return _cache[key]
    out = {name: _counts(conn, col)
           for name, col in (("countries", e.country_code), ("admin1", e.admin1),
                             ("event_types", e.event_type))}  # fmt: skip
    with _lock:
        _cache.clear()
        _cache[key] = out
    return out


def _counts(conn: Connection, col: Any) -> list[tuple[str, int]]:
    q = (select(col, func.count()).where(col.is_not(None)).group_by(col)
         .order_by(func.count().desc(), col))  # fmt: skip
    return [(str(v), int(n)) for v, n in conn.execute(q)]
