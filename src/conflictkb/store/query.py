"""Reading many events at once: the filters of the list, the map and the timeline, and the
facet counts.

Every filter is a column test or an indexed sub-select. The actor and claimant filters match a
substring against the distinct names (a few thousand, held in memory) and then look the
matching names up in their indexes, instead of scanning every actor and claim. Counts, facets,
name lists and map points are computed once per state of the store (:func:`generation`: its
number of events and last update) and filter."""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import astuple, dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Integer,
    and_,
    false,
    func,
    literal_column,
    or_,
    select,
    text,
)

from ..errors import InputError
from ..model import ReviewStatus
from . import schema as s
from .search import matching

__all__ = [
    "MAP_COLUMNS",
    "REVIEW_STATES",
    "EventFilter",
    "Page",
    "PageKey",
    "cached",
    "count_commit",
    "count_events",
    "current_generation",
    "event_page",
    "facets",
    "generation",
    "known_generation",
    "list_events",
    "map_json",
    "map_points",
]

REVIEW_STATES = ("reviewed", "unreviewed")
_DECIDED = [st.value for st in ReviewStatus if st is not ReviewStatus.AUTO]


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
    offset: int = 0  # kept for scripts; pages of the explorer seek with after / before
    after: str | None = None  # a PageKey: the page after this event, in list order
    before: str | None = None  # a PageKey, or "end": the page before it (the last page)


@dataclass(frozen=True, slots=True)
class PageKey:
    """Where a page starts or ends in the list's order (newest first, then id): written in
    URLs as ``2022-03-27~moura-massacre`` (``~id`` for an undated event)."""

    start_date: date | None
    id: str

    def encode(self) -> str:
        return f"{self.start_date.isoformat() if self.start_date else ''}~{self.id}"

    @classmethod
    def decode(cls, value: str) -> PageKey:
        day, sep, ident = value.partition("~")
        try:
            when = date.fromisoformat(day) if day else None
        except ValueError:
            when = None
            sep = ""
        if not sep or not ident:
            raise InputError(f"page key {value[:60]!r} is not one this list gave: start again "
                             "from the first page")  # fmt: skip
        return cls(when, ident)


@dataclass(slots=True)
class Page:
    events: list[dict[str, Any]]
    next: str | None  # the key of the page after (None: this is the last)
    previous: str | None  # the key of the page before (None: this is the first)


LIST_COLUMNS = ("id", "name", "start_date", "end_date", "date_precision", "country_code",
                "admin1", "admin2", "place_name", "lat", "lon", "conflict", "event_type",
                "type_of_violence", "deaths_low", "deaths_best", "deaths_high")  # fmt: skip


MANY_HITS = 1000  # a search with more hits than this walks the list's index (see _where)


def _where(q: Any, flt: EventFilter, conn: Connection, *, in_order: bool = False) -> Any:
    """``q`` with the filter's conditions. ``in_order``: the caller reads one page in the
    list's order. A search with many hits then walks the list's index and tests each event
    against the hits (SQLite: ``+events.rowid``, no look-up by rowid), instead of fetching
    every hit and sorting them all: 10 ms instead of 145 for 54k hits of 100k events (the hits
    are rowids, which every index entry holds)."""
    e = s.events.c
    if flt.q:
        found = matching(conn, flt.q)
        if found is None:
            q = q.where(false())
        else:
            key, hits = found
            walk = (in_order and conn.dialect.name == "sqlite" and _only_search(flt)
                    and count_events(conn, flt) > MANY_HITS)  # fmt: skip
            q = q.where((literal_column("+events.rowid", Integer) if walk else key).in_(hits))
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
        names = _matching(conn, "actors", flt.actor)
        sub = select(s.actors.c.event_id).where(s.actors.c.name.in_(names))
        q = q.where(e.id.in_(sub) if names else false())
    if flt.claimant:
        c = s.claims.c
        written, parties = (_matching(conn, col, flt.claimant)
                            for col in ("claimants", "parties"))  # fmt: skip
        sub = select(c.event_id).where(or_(c.claimant.in_(written), c.claimant_norm.in_(parties)))
        q = q.where(e.id.in_(sub) if written or parties else false())
    if flt.review in REVIEW_STATES:
        c = s.claims.c
        reviewed = select(c.event_id).where(c.review_status.in_(_DECIDED))  # indexed
        q = q.where(e.id.in_(reviewed) if flt.review == "reviewed" else e.id.not_in(reviewed))
    return q


def list_events(conn: Connection, flt: EventFilter) -> list[dict[str, Any]]:
    """One page of events, newest first (each page once per filter and state of the store)."""
    return event_page(conn, flt).events


def event_page(conn: Connection, flt: EventFilter) -> Page:
    """One page of events and the keys of the pages beside it. With ``after`` or ``before``
    the page is found by seeking in the list's index (as fast on the last page of 100k events
    as on the first); with ``offset`` by counting rows up to it."""

    def compute() -> Page:
        if flt.before:
            rows = _seek_back(conn, flt)
            more, rows = len(rows) > flt.limit, rows[: flt.limit][::-1]
            nxt = _key(rows[-1]) if rows and flt.before != "end" else None
            return Page(rows, nxt, _key(rows[0]) if more and rows else None)
        e = s.events.c
        rows = (
            _seek(conn, flt)
            if flt.after
            else _rows(
                conn, flt, None, [e.start_date.desc().nulls_last(), e.id], flt.limit + 1, flt.offset
            )
        )
        more, rows = len(rows) > flt.limit, rows[: flt.limit]
        first = not flt.after and not flt.offset
        return Page(rows, _key(rows[-1]) if more else None,
                    _key(rows[0]) if rows and not first else None)  # fmt: skip

    page = cached(conn, ("list", astuple(flt)), compute)
    return Page([dict(r) for r in page.events], page.next, page.previous)  # callers' copies


def _key(row: dict[str, Any]) -> str:
    return PageKey(row["start_date"], row["id"]).encode()


def _rows(conn: Connection, flt: EventFilter, cond: Any, order: list[Any], n: int,
          offset: int = 0) -> list[dict[str, Any]]:  # fmt: skip
    """Up to ``n`` list rows matching the filter and ``cond`` (None: no more), in ``order``."""
    e = s.events
    q = _where(select(*[e.c[name] for name in LIST_COLUMNS]), flt, conn, in_order=True)
    q = q.where(cond) if cond is not None else q
    q = q.order_by(*order).limit(n).offset(offset or None)
    return [dict(r) for r in conn.execute(q).mappings()]


def _seek(conn: Connection, flt: EventFilter) -> list[dict[str, Any]]:
    """Up to limit + 1 events after the key: the rest of its day, then older days, then the
    undated; each part an index range in the list's order."""
    key = PageKey.decode(flt.after or "")
    e, n = s.events.c, flt.limit + 1
    if key.start_date is None:
        return _rows(conn, flt, and_(e.start_date.is_(None), e.id > key.id), [e.id], n)
    out = _rows(conn, flt, and_(e.start_date == key.start_date, e.id > key.id), [e.id], n)
    if len(out) < n:
        out += _rows(conn, flt, e.start_date < key.start_date, [e.start_date.desc(), e.id],
                     n - len(out))  # fmt: skip
    if len(out) < n:
        out += _rows(conn, flt, e.start_date.is_(None), [e.id], n - len(out))
    return out


def _seek_back(conn: Connection, flt: EventFilter) -> list[dict[str, Any]]:
    """Up to limit + 1 events before the key ("end": from the end), nearest first."""
    e, n = s.events.c, flt.limit + 1
    if flt.before == "end":
        out = _rows(conn, flt, e.start_date.is_(None), [e.id.desc()], n)
        if len(out) < n:
            out += _rows(conn, flt, e.start_date.is_not(None), [e.start_date, e.id.desc()],
                         n - len(out))  # fmt: skip
        return out
    key = PageKey.decode(flt.before or "")
    newer: Any
    if key.start_date is None:
        out = _rows(conn, flt, and_(e.start_date.is_(None), e.id < key.id), [e.id.desc()], n)
        newer = e.start_date.is_not(None)
    else:
        cond = and_(e.start_date == key.start_date, e.id < key.id)
        out = _rows(conn, flt, cond, [e.id.desc()], n)
        newer = e.start_date > key.start_date
    if len(out) < n:
        out += _rows(conn, flt, newer, [e.start_date, e.id.desc()], n - len(out))
    return out


def _only_search(flt: EventFilter) -> bool:
    """True when the search words are the filter's only condition. The search index holds
    one row per event (each write of an event replaces its row; a deleted event's row goes
    with it), so its hits are the events found."""
    return _unpaged(replace(flt, q=None)) == _unpaged(EventFilter())


def _unpaged(flt: EventFilter) -> tuple[Any, ...]:
    """Every field but the page's (limit, offset, after, before)."""
    return astuple(flt)[:-4]


def count_events(conn: Connection, flt: EventFilter) -> int:
    def compute() -> int:
        found = matching(conn, flt.q) if flt.q and _only_search(flt) else None
        if found is not None:  # the search index counts its own hits: no look-up of each event
            return int(conn.scalar(select(func.count()).select_from(found[1].subquery())) or 0)
        q = _where(select(func.count()).select_from(s.events), flt, conn)
        return int(conn.scalar(q) or 0)

    return int(cached(conn, ("count", _unpaged(flt)), compute))


MAP_COLUMNS = ("id", "name", "lat", "lon", "event_type", "deaths_best", "start_date")


def map_points(conn: Connection, flt: EventFilter, limit: int) -> tuple[int, list[list[Any]]]:
    def compute() -> list[list[Any]]:
        e = s.events.c
        q = _where(select(*[e[c] for c in MAP_COLUMNS]), flt, conn)
        q = q.where(e.lat.is_not(None), e.lon.is_not(None))
        q = q.order_by(e.deaths_best.desc().nulls_last(), e.id).limit(limit)
        return [[r.id, r.name, round(r.lat, 4), round(r.lon, 4), r.event_type, r.deaths_best,
                 r.start_date.isoformat() if r.start_date else None]
                for r in conn.execute(q)]  # fmt: skip

    return count_events(conn, flt), cached(conn, ("map", _unpaged(flt), limit), compute)


def map_json(conn: Connection, flt: EventFilter, limit: int) -> bytes:
    """The map endpoint's body, serialised once per filter and state of the store."""

    def compute() -> bytes:
        if conn.dialect.name == "sqlite":
            total, (shown, points) = count_events(conn, flt), _map_array(conn, flt, limit)
            head = {"total": total, "shown": shown, "columns": list(MAP_COLUMNS)}
            return (
                json.dumps(head, separators=(",", ":")).encode()[:-1]
                + b',"events":'
                + points
                + b"}"
            )
        total, rows = map_points(conn, flt, limit)
        body = {"total": total, "shown": len(rows), "columns": list(MAP_COLUMNS), "events": rows}
        return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()

    return bytes(cached(conn, ("map-json", _unpaged(flt), limit), compute))


def _map_array(conn: Connection, flt: EventFilter, limit: int) -> tuple[int, bytes]:
    """(points shown, their JSON array) as :func:`map_points` has them, written by SQLite
    itself: after a write, the first map request of each filter no longer holds the
    interpreter while thousands of rows become Python lists and then JSON."""
    e = s.events.c
    point = func.json_array(e.id, e.name, func.round(e.lat, 4), func.round(e.lon, 4),
                            e.event_type, e.deaths_best, e.start_date)  # fmt: skip
    q = _where(select(point.label("p")), flt, conn)
    q = q.where(e.lat.is_not(None), e.lon.is_not(None))
    rows = q.order_by(e.deaths_best.desc().nulls_last(), e.id).limit(limit).subquery()
    # the rows reach the aggregate in the sub-select's order (a test holds SQLite to it)
    n, array = conn.execute(select(func.count(), func.json_group_array(func.json(rows.c.p)))).one()
    return int(n), str(array).encode()


_NAME_COLUMNS = {"actors": s.actors.c.name, "claimants": s.claims.c.claimant,
                 "parties": s.claims.c.claimant_norm}  # fmt: skip


def _matching(conn: Connection, kind: str, needle: str) -> list[str]:
    """The distinct stored names of ``kind`` that contain ``needle`` (case-insensitive)."""
    col = _NAME_COLUMNS[kind]

    def names() -> list[tuple[str, str]]:
        return [(n.lower(), n) for n in _distinct(conn, col)]

    folded = needle.lower()
    return [n for low, n in cached(conn, ("names", kind), names) if folded in low]


def _distinct(conn: Connection, col: Column[Any]) -> list[str]:
    """The distinct values of an indexed column, by one index seek per value (each the
    smallest value above the last): a hundred names of a million claims in a millisecond,
    where ``SELECT DISTINCT`` read the whole index (90 ms, 2 s from a cold disk)."""
    table, column = col.table.name, col.name
    seek = text(
        f"WITH RECURSIVE seen(v) AS (SELECT min({column}) FROM {table} UNION ALL "
        f"SELECT (SELECT min({column}) FROM {table} WHERE {column} > seen.v) FROM seen "
        f"WHERE seen.v IS NOT NULL) SELECT v FROM seen WHERE v IS NOT NULL"
    )
    return [str(v) for (v,) in conn.execute(seek)]


_CACHE: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
_CACHE_SIZE = 512
_lock = threading.Lock()
_flights: dict[tuple[Any, ...], threading.Lock] = {}  # keys being computed


GENERATION_TTL = 1.0  # seconds a read trusts the last look at the store's state
_seen: dict[int, tuple[float, int, tuple[Any, ...]]] = {}  # engine -> (when, commits, state)
_commits: dict[str, int] = {}  # database URL -> commits made to it from this process


def count_commit(url: str) -> None:
    """Called on every commit to the database at ``url`` (every
    :class:`~conflictkb.store.Store` listens): the next read of any store of this process on
    that database looks at its state again at once."""
    _commits[url] = _commits.get(url, 0) + 1


def generation(conn: Connection) -> tuple[Any, ...]:
    """The state of the store: which store, and its last write (every write path rewrites at
    least one event, merges and splits included; an index answers it).

    Looked up at most once a second per engine, and again at once after a commit from this
    process to the same database: a write by another process (``conflictkb ingest`` beside
    the server) shows within :data:`GENERATION_TTL`."""
    known = known_generation(conn.engine)
    if known is not None:
        return known
    url = str(conn.engine.url)
    commits = _commits.get(url, 0)
    last = conn.scalar(select(func.max(s.events.c.updated_at)))
    state = (id(conn.engine), url, last, commits)
    _seen[id(conn.engine)] = (time.monotonic(), commits, state)
    return state


def known_generation(engine: Engine) -> tuple[Any, ...] | None:
    """The state :func:`generation` last found for ``engine``, while it still holds (looked at
    within :data:`GENERATION_TTL`, no commit from this process since); else None. No query:
    the web server answers from its cache on this alone."""
    seen = _seen.get(id(engine))
    if seen is None or seen[1] != _commits.get(str(engine.url), 0):
        return None
    return seen[2] if time.monotonic() - seen[0] < GENERATION_TTL else None


def current_generation(engine: Engine) -> tuple[Any, ...]:
    """:func:`generation`, from a connection of its own (known within the interval, else one
    index look-up)."""
    known = known_generation(engine)
    if known is not None:
        return known
    with engine.connect() as conn:
        return generation(conn)


def cached(conn: Connection, key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
    """``compute()`` once per ``key`` and state of the store (a bounded LRU in memory).

    Single flight: when many requests miss the same key at once (every cache is new after a
    write), one computes and the others wait for its value instead of each computing it."""
    full = (*generation(conn), *key)
    with _lock:
        if full in _CACHE:
            _CACHE.move_to_end(full)
            return _CACHE[full]
        flight = _flights.setdefault(full, threading.Lock())
    with flight:
        with _lock:
            if full in _CACHE:  # computed while this request waited
                return _CACHE[full]
        try:
            value = compute()
        except BaseException:  # failed: the next request for the key does not wait on it
            with _lock:
                _flights.pop(full, None)
            raise
        with _lock:  # stored and the flight ended at once: no request computes it again
            _CACHE[full] = value
            _flights.pop(full, None)
            while len(_CACHE) > _CACHE_SIZE:
                _CACHE.popitem(last=False)
    return value


def facets(conn: Connection) -> dict[str, list[tuple[str, int]]]:
    """Events per country, admin1 and event type, most first."""
    e = s.events.c

    def compute() -> dict[str, list[tuple[str, int]]]:
        return {name: _counts(conn, col)
                for name, col in (("countries", e.country_code), ("admin1", e.admin1),
                                  ("event_types", e.event_type))}  # fmt: skip

    return dict(cached(conn, ("facets",), compute))


def _counts(conn: Connection, col: Any) -> list[tuple[str, int]]:
    q = (select(col, func.count()).where(col.is_not(None)).group_by(col)
         .order_by(func.count().desc(), col))  # fmt: skip
    return [(str(v), int(n)) for v, n in conn.execute(q)]
