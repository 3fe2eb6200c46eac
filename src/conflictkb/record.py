"""The JSON contract: an Event as a plain dict, and back.

Schema: ``src/conflictkb/data/schema/event.schema.json``. Spans are ``[start, end]`` character
offsets into the decoded text of the document named in ``document``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .model import (
    Actor,
    Citation,
    Claim,
    ClaimOrigin,
    DatePrecision,
    Document,
    Estimate,
    Event,
    InfoboxField,
    Place,
    ReviewStatus,
    Section,
    Span,
    TimelineEntry,
    Typology,
    VictimCategory,
)

__all__ = [
    "RECORD_VERSION",
    "claim_record",
    "document_from_meta",
    "document_from_record",
    "document_record",
    "event_from_record",
    "event_record",
    "number_of_sources",
    "source_key",
]

RECORD_VERSION = 1
Record = dict[str, Any]


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _span(s: Span | None) -> list[int] | None:
    return s.as_list() if s else None


def claim_record(c: Claim) -> Record:
    return {
        "id": c.id,
        "property": c.property,
        "min": c.min,
        "max": c.max,
        "qualifier": c.qualifier,
        "category": c.category,
        "category_norm": c.category_norm.value,
        "side": c.side,
        "claimant": c.claimant,
        "claimant_norm": c.claimant_norm,
        "perpetrator": c.perpetrator,
        "text": c.text,
        "span": c.span.as_list(),
        "origin": c.origin.value,
        "parsed": c.parsed,
        "extractor": c.extractor,
        "extractor_version": c.extractor_version,
        "review_status": c.review_status.value,
        "document_id": c.document_id,
        "note": c.note,
        "corroborates": c.corroborates,
        "superseded_by": c.superseded_by,
        "citations": [vars_citation(x) for x in c.citations],
    }


def _with_page(rec: Record, c: Claim, docs: list[Document]) -> Record:
    """A claim read from a paged document (PDF) says its page."""
    doc = next((d for d in docs if d.id == c.document_id), docs[0] if docs else None)
    rec["page"] = doc.page_at(c.span.start) if doc is not None else None
    return rec


def vars_citation(c: Citation) -> Record:
    return {"url": c.url, "title": c.title, "publisher": c.publisher, "date": c.date}


def _place(p: Place | None) -> Record:
    p = p or Place(raw="")
    return {
        "raw": p.raw,
        "span": _span(p.span),
        "name": p.name,
        "country_code": p.country_code,
        "admin1": p.admin1,
        "admin2": p.admin2,
        "lat": p.lat,
        "lon": p.lon,
        "geonames_id": p.geonames_id,
        "where_prec": p.where_prec,
        "geo_precision": p.geo_precision,
        "source": p.source,
        "flags": list(p.flags),
    }


def _actor(a: Actor) -> Record:
    return {
        "name": a.name,
        "side": a.side,
        "role": a.role,
        "raw": a.raw,
        "span": _span(a.span),
        "actor_type": a.actor_type,
        "inter_code": a.inter_code,
        "country": a.country,
        "resolved": a.resolved,
        "qualifier": a.qualifier,
        "generic": a.generic,
    }


def _timeline(t: TimelineEntry) -> Record:
    return {
        "date": _iso(t.date),
        "end_date": _iso(t.end_date),
        "precision": int(t.precision),
        "kind": t.kind,
        "text": t.text,
        "span": t.span.as_list(),
        "actors": list(t.actors),
        "date_note": t.date_note,
    }


def _typology(t: Typology | None) -> Record | None:
    if t is None:
        return None
    return {
        "disorder_type": t.disorder_type,
        "event_type": t.event_type,
        "sub_event_type": t.sub_event_type,
        "type_of_violence": t.type_of_violence,
        "reasons": list(t.reasons),
    }


def event_record(e: Event) -> Record:
    """The JSON contract of an event (see the schema)."""
    doc = e.documents[0] if e.documents else None
    return {
        "record_version": RECORD_VERSION,
        "id": e.id,
        "title": e.name,
        "start_date": _iso(e.start_date),
        "end_date": _iso(e.end_date),
        "date_precision": int(e.date_precision) if e.date_precision else None,
        "date_span": _span(e.date_span),
        "date_note": e.date_note,
        "conflict": e.conflict,
        "result": e.result,
        "place": _place(e.place),
        "actors": [_actor(a) for a in e.actors],
        "claims": [_with_page(claim_record(c), c, e.documents) for c in e.claims],
        "estimates": {
            k: {"low": v.low, "best": v.best, "high": v.high, "scopes": v.scopes}
            for k, v in e.estimates.items()
        },
        "timeline": [_timeline(t) for t in e.timeline],
        "typology": _typology(e.typology),
        "related": list(e.related),
        "document": _document_meta(doc) if doc else dict.fromkeys(_DOC_META_KEYS),
        "documents": [_document_meta(d) for d in e.documents],
        "number_of_sources": number_of_sources(e.documents),
        "aliases": list(e.aliases),
        "field_documents": dict(e.field_documents),
        "corroboration": list(e.corroboration),
        **({"incidents": [event_record(i) for i in e.incidents]} if e.incidents else {}),
    }


def source_key(d: Document) -> str:
    """Which independent source a document is: its publisher (a statement and its translation
    are one source); a document with no known publisher is a source of its own."""
    return d.source.casefold() if d.source else d.id


def number_of_sources(docs: list[Document]) -> int:
    """Independent sources: the documents counted once per :func:`source_key`."""
    return len({source_key(d) for d in docs})


_DOC_META_KEYS = ("sha256", "path", "format", "title", "published", "url", "source", "language",
                  "claimant", "pages")  # fmt: skip


def _document_meta(d: Document) -> Record:
    """What a record says of a document it was read from (its text stays in the store)."""
    return {"sha256": d.id, "path": d.path, "format": d.format, "title": d.title,
            "published": _iso(d.published), "url": d.url, "source": d.source,
            "language": d.language, "claimant": d.claimant, "pages": len(d.pages) or None}  # fmt: skip


def document_from_meta(m: Record) -> Document:
    """A document (without its text) from what a record says of it."""
    return Document(id=m["sha256"], path=m.get("path") or "", format=m.get("format") or "",
                    title=m.get("title") or "", text="", published=_date(m.get("published")),
                    url=m.get("url"), source=m.get("source"), language=m.get("language"),
                    claimant=m.get("claimant"))  # fmt: skip


def _date(v: str | None) -> date | None:
    return date.fromisoformat(v) if v else None


def _to_span(v: list[int] | None) -> Span | None:
    return Span(v[0], v[1]) if v else None


def claim_from_record(r: Record) -> Claim:
    return Claim(
        property=r["property"],
        min=r["min"],
        max=r["max"],
        text=r["text"],
        span=Span(*r["span"]),
        origin=ClaimOrigin(r["origin"]),
        extractor=r.get("extractor", "unknown"),
        extractor_version=r.get("extractor_version", "0"),
        qualifier=r.get("qualifier"),
        category=r.get("category"),
        category_norm=VictimCategory(r.get("category_norm", "unknown")),
        side=r.get("side"),
        claimant=r.get("claimant"),
        claimant_norm=r.get("claimant_norm"),
        perpetrator=r.get("perpetrator"),
        parsed=r.get("parsed", True),
        review_status=ReviewStatus(r.get("review_status", "auto")),
        document_id=r.get("document_id"),
        citations=[Citation(**x) for x in r.get("citations", [])],
        corroborates=r.get("corroborates"),
        note=r.get("note"),
        superseded_by=r.get("superseded_by"),
        key=r.get("id"),
    )


def event_from_record(r: Record) -> Event:
    """Rebuild an Event (without document text) from its record."""
    p = r.get("place") or {}
    place = Place(
        raw=p.get("raw", ""),
        span=_to_span(p.get("span")),
        **{k: p.get(k) for k in ("name", "country_code", "admin1", "admin2", "lat", "lon",
                                 "geonames_id", "where_prec", "geo_precision", "source")},
        flags=list(p.get("flags", [])),
    )  # fmt: skip
    typ = r.get("typology")
    return Event(
        id=r["id"],
        name=r["title"],
        start_date=_date(r.get("start_date")),
        end_date=_date(r.get("end_date")),
        date_precision=DatePrecision(r["date_precision"]) if r.get("date_precision") else None,
        date_span=_to_span(r.get("date_span")),
        date_note=r.get("date_note"),
        place=place,
        conflict=r.get("conflict"),
        result=r.get("result"),
        actors=[
            Actor(**{k: v for k, v in a.items() if k != "span"}, span=_to_span(a.get("span")))
            for a in r.get("actors", [])
        ],
        related=list(r.get("related", [])),
        aliases=list(r.get("aliases", [])),
        field_documents=dict(r.get("field_documents") or {}),
        corroboration=list(r.get("corroboration", [])),
        claims=[claim_from_record(c) for c in r.get("claims", [])],
        estimates={
            k: Estimate(v["low"], v["best"], v["high"], list(v.get("scopes", [])))
            for k, v in r.get("estimates", {}).items()
        },
        timeline=[
            TimelineEntry(
                date=_date(t.get("date")),
                end_date=_date(t.get("end_date")),
                precision=DatePrecision(t["precision"]),
                kind=t["kind"],
                text=t["text"],
                span=Span(*t["span"]),
                actors=list(t.get("actors", [])),
                date_note=t.get("date_note"),
            )
            for t in r.get("timeline", [])
        ],
        typology=Typology(**typ) if typ else None,
    )


def document_record(d: Document) -> Record:
    """A document as the store keeps it: text, sections and infobox with their spans."""
    return {
        "id": d.id,
        "path": d.path,
        "format": d.format,
        "title": d.title,
        "text": d.text,
        "encoding": d.encoding,
        "published": _iso(d.published),
        "url": d.url,
        "source": d.source,
        "language": d.language,
        "claimant": d.claimant,
        "pages": list(d.pages),
        "sections": [[x.name, x.level, x.start, x.end] for x in d.sections],
        "infobox": [[f.key, f.value, f.span.start, f.span.end] for f in d.infobox],
        "warnings": list(d.warnings),
    }


def document_from_record(r: Record) -> Document:
    return Document(
        id=r["id"],
        path=r["path"],
        format=r["format"],
        title=r["title"],
        text=r["text"],
        encoding=r.get("encoding", "utf-8"),
        published=_date(r.get("published")),
        url=r.get("url"),
        source=r.get("source"),
        language=r.get("language"),
        claimant=r.get("claimant"),
        pages=list(r.get("pages") or []),
        sections=[Section(n, lvl, a, b) for n, lvl, a, b in r.get("sections", [])],
        infobox=[InfoboxField(k, v, Span(a, b)) for k, v, a, b in r.get("infobox", [])],
        warnings=list(r.get("warnings", [])),
    )
