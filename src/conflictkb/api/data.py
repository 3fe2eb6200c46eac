"""One data function per resource: each feeds both the JSON API and the HTML page."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from ..errors import NotFoundError
from ..store import EventFilter, Store

__all__ = [
    "document_data",
    "event_data",
    "events_data",
    "events_timeline",
    "highlighted_segments",
    "reaction_timeline",
]


def events_data(store: Store, flt: EventFilter) -> dict[str, Any]:
    """One page of events; ``next`` and ``previous`` are the keys to pass as ``after`` and
    ``before`` for the pages beside it, ``last`` ("end") as ``before`` for the last page."""
    page = store.event_page(flt)
    for r in page.events:
        for k in ("start_date", "end_date"):
            if isinstance(r.get(k), date):
                r[k] = r[k].isoformat()
    return {
        "total": store.count_events(flt),
        "limit": flt.limit,
        "offset": flt.offset,
        "next": page.next,
        "previous": page.previous,
        "last": "end" if page.next else None,
        "events": page.events,
    }


def event_data(store: Store, event_id: str) -> dict[str, Any]:
    """An event's record by its id or an old id of it (one look-up), else by a unique id
    prefix or its name."""
    try:
        return store.get_record(event_id)
    except NotFoundError:
        return store.get_record(store.find_event_id(event_id))


def document_data(store: Store, document_id: str, *, events: bool = True) -> dict[str, Any]:
    """A document and its spans; with ``events``, the events that cite it."""
    doc = store.get_document(document_id, events=events)
    return {
        "sha256": doc["id"], "path": doc["path"], "format": doc["format"], "title": doc["title"],
        "text": doc["text"], "encoding": doc["encoding"],
        "published": doc["published"].isoformat() if doc.get("published") else None,
        "url": doc.get("url"), "source": doc.get("source"), "language": doc.get("language"),
        "claimant": doc.get("claimant"), "pages": doc.get("pages") or [],
        "sections": [{"name": n, "level": lv, "start": s, "end": e} for n, lv, s, e in doc["sections"]],
        "infobox": [{"key": k, "value": v, "span": [s, e]} for k, v, s, e in doc["infobox"]],
        "events": doc.get("events", []),
    }  # fmt: skip


def highlighted_segments(text: str, claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The text cut at every claim boundary: each segment knows the claims covering it and the
    claims that start there (anchors to scroll to). Rendering escapes every segment."""
    starts: dict[int, list[str]] = defaultdict(list)
    bounds = {0, len(text)}
    spans = []
    for c in claims:
        a, b = c["span"]
        if 0 <= a < b <= len(text):
            bounds.update((a, b))
            starts[a].append(c["id"])
            spans.append((a, b, c["id"]))
    cuts = sorted(bounds)
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        covering = [cid for s, e, cid in spans if s <= a and b <= e]
        out.append({"text": text[a:b], "claims": covering, "anchors": starts.get(a, [])})
    return out


def _day(v: Any) -> date | None:
    if isinstance(v, date):
        return v
    try:
        return date.fromisoformat(str(v)[:10]) if v else None
    except ValueError:
        return None


def _scale(days: list[date]) -> tuple[date, int]:
    lo, hi = min(days), max(days)
    return lo, max((hi - lo).days, 1)


def reaction_timeline(rec: dict[str, Any], width: int = 1000) -> dict[str, Any]:
    """An event's timeline for drawing: entries sorted by date, each with its x position
    (0..width) and lane: ``background`` (dated before the event began), ``event`` (the
    operation itself) or ``reaction`` (reports, denials, inquiries, condemnations, ...)."""
    start = _day(rec.get("start_date"))
    end = _day(rec.get("end_date")) or start
    items = []
    for t in rec.get("timeline") or []:
        d = _day(t.get("date"))
        if d is None:
            continue
        lane = ("background" if start and d < start else
                "event" if t.get("kind") == "operation" or (end and d <= end) else "reaction")  # fmt: skip
        items.append({**t, "day": d, "lane": lane})
    items.sort(key=lambda t: (t["day"], t["lane"] != "background"))
    if not items:
        return {"items": [], "ticks": []}
    lo, span = _scale([t["day"] for t in items] + ([start] if start else []))
    for t in items:
        t["x"] = round(20 + (width - 40) * (t["day"] - lo).days / span, 1)
    ticks = [{"x": 20, "label": lo.isoformat()}, {"x": width - 20,
             "label": (lo + timedelta(days=span)).isoformat()}]  # fmt: skip
    return {"items": items, "ticks": ticks,
            "background": [t for t in items if t["lane"] == "background"],
            "current": [t for t in items if t["lane"] != "background"]}  # fmt: skip


def events_timeline(rows: list[dict[str, Any]], width: int = 1000) -> dict[str, Any]:
    """Events on one time axis (start to end as a bar), oldest first, one row each."""
    dated = [r for r in rows if _day(r.get("start_date"))]
    dated.sort(key=lambda r: (_day(r["start_date"]), r["id"]))
    if not dated:
        return {"rows": [], "ticks": [], "height": 40}
    days = [_day(r["start_date"]) for r in dated] + [_day(r.get("end_date")) for r in dated]
    lo, span = _scale([d for d in days if d])
    out = []
    for i, r in enumerate(dated):
        a = _day(r["start_date"])
        b = _day(r.get("end_date")) or a
        assert a is not None and b is not None
        x0 = 20 + (width - 40) * (a - lo).days / span
        x1 = 20 + (width - 40) * (b - lo).days / span
        out.append({**r, "x": round(x0, 1), "w": round(max(x1 - x0, 3), 1), "y": 30 + 16 * i})
    years = sorted({d.year for d in days if d})
    step = max(1, len(years) // 8)
    ticks = [{"x": round(20 + (width - 40) * (date(y, 1, 1) - lo).days / span, 1), "label": str(y)}
             for y in years[::step] if date(y, 1, 1) >= lo]  # fmt: skip
    return {"rows": out, "ticks": ticks, "height": 40 + 16 * len(out)}
