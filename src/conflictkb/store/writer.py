"""Writing one event's row, its children (claims, actors, timeline, documents) and its
full-text entry, inside the caller's transaction."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from ..model import Document, Event
from . import schema as s
from .search import index_event

__all__ = ["insert_document", "write_event"]


def insert_document(conn: Connection, d: Document, supersedes: str | None = None) -> None:
    conn.execute(
        insert(s.documents).values(
            id=d.id, path=d.path, format=d.format, title=d.title, text=d.text,
            encoding=d.encoding, sections=[[x.name, x.level, x.start, x.end] for x in d.sections],
            infobox=[[f.key, f.value, f.span.start, f.span.end] for f in d.infobox],
            published=d.published, ingested_at=datetime.now(UTC), url=d.url, source=d.source,
            language=d.language, claimant=d.claimant, pages=d.pages or None,
            supersedes=supersedes,
        )
    )  # fmt: skip


def _row(ev: Event, rec: dict[str, Any]) -> dict[str, Any]:
    deaths = ev.estimates.get("deaths")
    place, typ = ev.place, ev.typology
    return {
        "name": ev.name, "start_date": ev.start_date, "end_date": ev.end_date,
        "date_precision": int(ev.date_precision) if ev.date_precision else None,
        "country_code": place.country_code if place else None,
        "admin1": place.admin1 if place else None, "admin2": place.admin2 if place else None,
        "place_name": (place.name or place.raw) if place else None,
        "lat": place.lat if place else None, "lon": place.lon if place else None,
        "conflict": ev.conflict, "event_type": typ.event_type if typ else None,
        "type_of_violence": typ.type_of_violence if typ else None,
        "deaths_low": deaths.low if deaths else None,
        "deaths_best": deaths.best if deaths else None,
        "deaths_high": deaths.high if deaths else None,
        "record": rec, "updated_at": datetime.now(UTC),
    }  # fmt: skip


def write_event(conn: Connection, ev: Event, rec: dict[str, Any]) -> None:
    """Insert or replace the event row and everything derived from it."""
    values = _row(ev, rec)
    if conn.scalar(select(s.events.c.id).where(s.events.c.id == ev.id)) is None:
        conn.execute(insert(s.events).values(id=ev.id, **values))
    else:
        conn.execute(update(s.events).where(s.events.c.id == ev.id).values(**values))
    conn.execute(delete(s.event_documents).where(s.event_documents.c.event_id == ev.id))
    for d in ev.documents:
        conn.execute(insert(s.event_documents).values(event_id=ev.id, document_id=d.id))
    _write_children(conn, ev, rec)


def _claim_rows(ev: Event, rec: dict[str, Any]) -> list[dict[str, Any]]:
    default_doc = ev.documents[0].id if ev.documents else ""
    seen: set[str] = set()
    rows = []
    for c in rec["claims"]:
        if c["id"] in seen:
            continue
        seen.add(c["id"])
        rows.append({
            "id": c["id"], "event_id": ev.id, "document_id": c["document_id"] or default_doc,
            "property": c["property"], "min": c["min"], "max": c["max"],
            "qualifier": c["qualifier"], "category": c["category"],
            "category_norm": c["category_norm"], "side": c["side"], "claimant": c["claimant"],
            "claimant_norm": c.get("claimant_norm"), "perpetrator": c["perpetrator"],
            "text": c["text"], "span_start": c["span"][0], "span_end": c["span"][1],
            "origin": c["origin"], "parsed": c["parsed"], "extractor": c["extractor"],
            "extractor_version": c["extractor_version"], "review_status": c["review_status"],
            "note": c["note"], "corroborates": c["corroborates"], "citations": c["citations"],
            "superseded_by": c.get("superseded_by"),
        })  # fmt: skip
    return rows


def _write_children(conn: Connection, ev: Event, rec: dict[str, Any]) -> None:
    for table in (s.claims, s.actors, s.timeline):
        conn.execute(delete(table).where(table.c.event_id == ev.id))
    claim_rows = _claim_rows(ev, rec)
    if claim_rows:
        conn.execute(insert(s.claims), claim_rows)
    actor_rows = [
        {"event_id": ev.id, "seq": i, "name": a.name, "side": a.side, "role": a.role,
         "actor_type": a.actor_type, "inter_code": a.inter_code}
        for i, a in enumerate(ev.actors)
    ]  # fmt: skip
    if actor_rows:
        conn.execute(insert(s.actors), actor_rows)
    tl_rows = [
        {"event_id": ev.id, "seq": i, "date": t.date, "end_date": t.end_date,
         "precision": int(t.precision), "kind": t.kind, "text": t.text,
         "span_start": t.span.start, "span_end": t.span.end}
        for i, t in enumerate(ev.timeline)
    ]  # fmt: skip
    if tl_rows:
        conn.execute(insert(s.timeline), tl_rows)
    body = "\n".join([*ev.aliases, *(d.text for d in ev.documents if d.text)])
    index_event(conn, ev.id, ev.name, body)
