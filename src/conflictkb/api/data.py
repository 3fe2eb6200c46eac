"""One data function per resource: each feeds both the JSON API and the HTML page."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from ..store import EventFilter, Store

__all__ = ["document_data", "event_data", "events_data", "highlighted_segments"]


def events_data(store: Store, flt: EventFilter) -> dict[str, Any]:
    rows = store.list_events(flt)
    for r in rows:
        for k in ("start_date", "end_date"):
            if isinstance(r.get(k), date):
                r[k] = r[k].isoformat()
    return {
        "total": store.count_events(flt),
        "limit": flt.limit,
        "offset": flt.offset,
        "events": rows,
    }


def event_data(store: Store, event_id: str) -> dict[str, Any]:
    return store.get_record(store.find_event_id(event_id))


def document_data(store: Store, document_id: str) -> dict[str, Any]:
    doc = store.get_document(document_id)
    return {
        "sha256": doc["id"], "path": doc["path"], "format": doc["format"], "title": doc["title"],
        "text": doc["text"], "encoding": doc["encoding"],
        "published": doc["published"].isoformat() if doc.get("published") else None,
        "url": doc.get("url"), "source": doc.get("source"), "language": doc.get("language"),
        "claimant": doc.get("claimant"), "pages": doc.get("pages") or [],
        "sections": [{"name": n, "level": lv, "start": s, "end": e} for n, lv, s, e in doc["sections"]],
        "infobox": [{"key": k, "value": v, "span": [s, e]} for k, v, s, e in doc["infobox"]],
        "events": doc["events"],
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
