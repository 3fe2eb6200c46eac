"""The event store: one writer, one transaction per document, idempotent ingest.

``Store("conflictkb.sqlite")`` opens (and migrates) a SQLite file in WAL mode;
``Store("postgresql+psycopg://...")`` a PostgreSQL database with the same schema.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    create_engine,
    delete,
    event,
    func,
    insert,
    or_,
    select,
    text,
)
from sqlalchemy.exc import SQLAlchemyError

from ..assemble.estimates import compute_estimates
from ..errors import NotFoundError, StoreError
from ..model import Document, Event, ReviewStatus
from ..record import event_from_record, event_record
from . import schema as s

__all__ = ["EventFilter", "IngestOutcome", "Store", "database_url"]


def database_url(location: str) -> str:
    """A SQLAlchemy URL from a path or URL (``sqlite://``, ``postgresql://``)."""
    if "://" in location:
        if location.startswith("postgresql://"):
            return "postgresql+psycopg://" + location[len("postgresql://") :]
        return location
    return f"sqlite:///{Path(location).expanduser()}"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


@dataclass(frozen=True, slots=True)
class IngestOutcome:
    event_id: str
    document_id: str
    status: str  # "ingested" or "duplicate"


@dataclass(slots=True)
class EventFilter:
    q: str | None = None  # full-text search
    country: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    actor: str | None = None
    claimant: str | None = None  # a claim's claimant, as written or the party it speaks for
    event_type: str | None = None
    min_deaths: int | None = None
    limit: int = 50
    offset: int = 0


class Store:
    def __init__(self, location: str, *, migrate: bool = True) -> None:
        self.url = database_url(location)
        try:
            self.engine: Engine = create_engine(self.url, future=True)
        except (SQLAlchemyError, ImportError) as exc:
            raise StoreError(f"cannot open store {location!r}: {exc}") from None
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        if migrate:
            self.migrate()

    # -- schema -----------------------------------------------------------------------------
    def migrate(self) -> list[str]:
        """Apply pending migrations; return the names applied."""
        applied: list[str] = []
        try:
            with self.engine.begin() as conn:
                s.metadata.create_all(conn, tables=[s.schema_migrations])
                done = set(conn.scalars(select(s.schema_migrations.c.version)))
                for version, name, fn in s.MIGRATIONS:
                    if version in done:
                        continue
                    fn(conn)
                    conn.execute(
                        insert(s.schema_migrations).values(
                            version=version, name=name, applied_at=datetime.now(UTC)
                        )
                    )
                    applied.append(name)
        except SQLAlchemyError as exc:
            raise StoreError(
                f"cannot prepare the store at {self.url}: {exc.__class__.__name__}: {exc}; "
                "check the path is writable and the file is a conflictkb database"
            ) from None
        return applied

    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.scalar(select(func.max(s.schema_migrations.c.version))) or 0)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ----------------------------------------------------------------------------
    def checkpoint(self, source: str) -> int:
        """Where the last ingest of ``source`` (a dump) got to; 0 if never."""
        with self.engine.connect() as conn:
            q = select(s.ingest_checkpoints.c.position).where(
                s.ingest_checkpoints.c.source == source
            )
            return int(conn.scalar(q) or 0)

    def set_checkpoint(self, source: str, position: int) -> None:
        t = s.ingest_checkpoints
        try:
            with self.engine.begin() as conn:
                conn.execute(delete(t).where(t.c.source == source))
                conn.execute(insert(t).values(source=source, position=position,
                                              updated_at=datetime.now(UTC)))  # fmt: skip
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot record the ingest checkpoint of {source}: {exc}") from None

    def has_document(self, document_id: str) -> bool:
        with self.engine.connect() as conn:
            q = select(s.documents.c.id).where(s.documents.c.id == document_id)
            return conn.scalar(q) is not None

    def save_event(self, ev: Event) -> IngestOutcome:
        """Write an event and its documents in one transaction. Same bytes twice: no-op."""
        doc = ev.documents[0]
        try:
            with self.engine.begin() as conn:
                if conn.scalar(select(s.documents.c.id).where(s.documents.c.id == doc.id)):
                    return IngestOutcome(self._event_of(conn, doc.id) or ev.id, doc.id, "duplicate")
                ev.id = self._free_event_id(conn, ev.id, doc.id)
                self._apply_reviews(conn, ev)
                for d in ev.documents:
                    self._insert_document(conn, d)
                self._write_event(conn, ev)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot write event {ev.id!r}: {exc}", path=doc.path) from None
        return IngestOutcome(ev.id, doc.id, "ingested")

    def _free_event_id(self, conn: Connection, wanted: str, doc_id: str) -> str:
        if conn.scalar(select(s.events.c.id).where(s.events.c.id == wanted)) is None:
            return wanted
        return f"{wanted}-{doc_id[:8]}"

    def _event_of(self, conn: Connection, doc_id: str) -> str | None:
        q = select(s.event_documents.c.event_id).where(s.event_documents.c.document_id == doc_id)
        return conn.scalar(q)

    def _insert_document(self, conn: Connection, d: Document) -> None:
        conn.execute(
            insert(s.documents).values(
                id=d.id,
                path=d.path,
                format=d.format,
                title=d.title,
                text=d.text,
                encoding=d.encoding,
                sections=[[x.name, x.level, x.start, x.end] for x in d.sections],
                infobox=[[f.key, f.value, f.span.start, f.span.end] for f in d.infobox],
                published=d.published,
                ingested_at=datetime.now(UTC),
                url=d.url,
                source=d.source,
                language=d.language,
                claimant=d.claimant,
                pages=d.pages or None,
            )
        )

    def _apply_reviews(self, conn: Connection, ev: Event) -> None:
        """Reviewer decisions win over what extraction says; then estimates follow them."""
        ids = [c.id for c in ev.claims]
        if not ids:
            return
        rows = conn.execute(select(s.reviews).where(s.reviews.c.claim_id.in_(ids))).mappings()
        decided = {r["claim_id"]: r for r in rows}
        for c in ev.claims:
            r = decided.get(c.id)
            if r is None:
                continue
            c.review_status = ReviewStatus(r["status"])
            if c.review_status is ReviewStatus.EDITED:
                c.min, c.max = r["min"], r["max"]
        if decided:
            ev.estimates = compute_estimates(ev.claims)

    def _write_event(self, conn: Connection, ev: Event) -> None:
        rec = event_record(ev)
        deaths = ev.estimates.get("deaths")
        place = ev.place
        typ = ev.typology
        conn.execute(delete(s.events).where(s.events.c.id == ev.id))
        conn.execute(
            insert(s.events).values(
                id=ev.id,
                name=ev.name,
                start_date=ev.start_date,
                end_date=ev.end_date,
                date_precision=int(ev.date_precision) if ev.date_precision else None,
                country_code=place.country_code if place else None,
                admin1=place.admin1 if place else None,
                admin2=place.admin2 if place else None,
                place_name=(place.name or place.raw) if place else None,
                lat=place.lat if place else None,
                lon=place.lon if place else None,
                conflict=ev.conflict,
                event_type=typ.event_type if typ else None,
                type_of_violence=typ.type_of_violence if typ else None,
                deaths_low=deaths.low if deaths else None,
                deaths_best=deaths.best if deaths else None,
                deaths_high=deaths.high if deaths else None,
                record=rec,
                updated_at=datetime.now(UTC),
            )
        )
        for d in ev.documents:
            conn.execute(insert(s.event_documents).values(event_id=ev.id, document_id=d.id))
        self._write_children(conn, ev, rec)

    def _write_children(self, conn: Connection, ev: Event, rec: dict[str, Any]) -> None:
        for table in (s.claims, s.actors, s.timeline):
            conn.execute(delete(table).where(table.c.event_id == ev.id))
        default_doc = ev.documents[0].id
        claim_rows = [
            {
                "id": c["id"], "event_id": ev.id, "document_id": c["document_id"] or default_doc,
                "property": c["property"], "min": c["min"], "max": c["max"],
                "qualifier": c["qualifier"], "category": c["category"],
                "category_norm": c["category_norm"], "side": c["side"], "claimant": c["claimant"],
                "claimant_norm": c.get("claimant_norm"), "perpetrator": c["perpetrator"],
                "text": c["text"], "span_start": c["span"][0], "span_end": c["span"][1], "origin": c["origin"], "parsed": c["parsed"],
                "extractor": c["extractor"], "extractor_version": c["extractor_version"],
                "review_status": c["review_status"], "note": c["note"],
                "corroborates": c["corroborates"], "citations": c["citations"],
            }
            for c in _unique_by_id(rec["claims"])
        ]  # fmt: skip
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
        if conn.dialect.name == "sqlite":
            conn.execute(text("DELETE FROM events_fts WHERE event_id = :id"), {"id": ev.id})
            body = "\n".join(d.text for d in ev.documents if d.text)
            conn.execute(
                text("INSERT INTO events_fts (event_id, name, body) VALUES (:id, :name, :body)"),
                {"id": ev.id, "name": ev.name, "body": body},
            )

    # -- review -----------------------------------------------------------------------------
    def review_claim(
        self,
        claim_id: str,
        status: ReviewStatus,
        *,
        min: int | None = None,
        max: int | None = None,
        reviewer: str | None = None,
        comment: str | None = None,
    ) -> dict[str, Any]:
        """Record a reviewer's decision on a claim and recompute its event's estimates."""
        with self.engine.begin() as conn:
            event_id = conn.scalar(select(s.claims.c.event_id).where(s.claims.c.id == claim_id))
            if event_id is None:
                raise NotFoundError(f"no claim {claim_id!r}; list claims with `conflictkb show`")
            conn.execute(delete(s.reviews).where(s.reviews.c.claim_id == claim_id))
            conn.execute(
                insert(s.reviews).values(
                    claim_id=claim_id, status=status.value, min=min, max=max,
                    reviewer=reviewer, comment=comment, decided_at=datetime.now(UTC),
                )
            )  # fmt: skip
            rec = conn.scalar(select(s.events.c.record).where(s.events.c.id == event_id))
            ev = event_from_record(_as_dict(rec))
            ev.documents = self._documents_of(conn, event_id, with_text=True)
            self._apply_reviews(conn, ev)
            ev.estimates = compute_estimates(ev.claims)
            self._rewrite(conn, ev)
            return event_record(ev)

    def _rewrite(self, conn: Connection, ev: Event) -> None:
        conn.execute(delete(s.event_documents).where(s.event_documents.c.event_id == ev.id))
        self._write_event(conn, ev)

    # -- reading ----------------------------------------------------------------------------
    def _documents_of(self, conn: Connection, event_id: str, *, with_text: bool) -> list[Document]:
        d = s.documents.c
        cols = [d.id, d.path, d.format, d.title, d.published, d.url, d.source, d.language,
                d.claimant, d.pages]  # fmt: skip
        if with_text:
            cols.append(d.text)
        q = (
            select(*cols)
            .join(s.event_documents, s.event_documents.c.document_id == s.documents.c.id)
            .where(s.event_documents.c.event_id == event_id)
        )
        return [
            Document(id=r.id, path=r.path, format=r.format, title=r.title,
                     text=r.text if with_text else "", published=r.published, url=r.url,
                     source=r.source, language=r.language, claimant=r.claimant,
                     pages=list(r.pages or []))
            for r in conn.execute(q)
        ]  # fmt: skip

    def get_record(self, event_id: str) -> dict[str, Any]:
        """The JSON record of one event (raises NotFoundError)."""
        with self.engine.connect() as conn:
            rec = conn.scalar(select(s.events.c.record).where(s.events.c.id == event_id))
        if rec is None:
            raise NotFoundError(f"no event {event_id!r}; list events with `conflictkb events`")
        return _as_dict(rec)

    def get_event(self, event_id: str, *, with_text: bool = True) -> Event:
        rec = self.get_record(event_id)
        ev = event_from_record(rec)
        with self.engine.connect() as conn:
            ev.documents = self._documents_of(conn, event_id, with_text=with_text)
        return ev

    def get_document(self, document_id: str) -> dict[str, Any]:
        with self.engine.connect() as conn:
            row = (
                conn.execute(select(s.documents).where(s.documents.c.id == document_id))
                .mappings()
                .first()
            )
            if row is None:
                raise NotFoundError(f"no document {document_id!r}")
            doc = dict(row)
            q = select(s.event_documents.c.event_id).where(
                s.event_documents.c.document_id == document_id
            )
            doc["events"] = list(conn.scalars(q))
        return doc

    def find_event_id(self, ref: str) -> str:
        """An event id from an id, a unique id prefix, or a name (case-insensitive)."""
        with self.engine.connect() as conn:
            if conn.scalar(select(s.events.c.id).where(s.events.c.id == ref)):
                return ref
            ids = list(conn.scalars(select(s.events.c.id).where(
                func.lower(s.events.c.name) == ref.lower())))  # fmt: skip
            if not ids:
                ids = list(conn.scalars(select(s.events.c.id).where(s.events.c.id.like(f"{ref}%"))))
        if len(ids) == 1:
            return str(ids[0])
        if not ids:
            raise NotFoundError(f"no event {ref!r}; list events with `conflictkb events`")
        raise NotFoundError(f"{ref!r} matches several events: {', '.join(ids[:5])}; give the id")

    def list_events(self, flt: EventFilter | None = None) -> list[dict[str, Any]]:
        """Events as plain rows (ready for pandas), newest first."""
        flt = flt or EventFilter()
        with self.engine.connect() as conn:
            q = self._filtered(flt, conn).order_by(
                s.events.c.start_date.desc().nulls_last(), s.events.c.id
            )
            q = q.limit(flt.limit).offset(flt.offset)
            return [dict(r) for r in conn.execute(q).mappings()]

    def count_events(self, flt: EventFilter | None = None) -> int:
        flt = flt or EventFilter()
        with self.engine.connect() as conn:
            sub = self._filtered(flt, conn).subquery()
            return int(conn.scalar(select(func.count()).select_from(sub)) or 0)

    _LIST_COLUMNS = ("id", "name", "start_date", "end_date", "date_precision", "country_code",
                     "admin1", "admin2", "place_name", "lat", "lon", "conflict", "event_type",
                     "type_of_violence", "deaths_low", "deaths_best", "deaths_high")  # fmt: skip

    def _filtered(self, flt: EventFilter, conn: Connection) -> Any:
        e = s.events
        q = select(*[e.c[name] for name in self._LIST_COLUMNS])
        if flt.q:
            q = q.where(e.c.id.in_(self._search_ids(conn, flt.q)))
        if flt.country:
            q = q.where(e.c.country_code == flt.country.upper())
        if flt.date_from:
            q = q.where(func.coalesce(e.c.end_date, e.c.start_date) >= flt.date_from)
        if flt.date_to:
            q = q.where(e.c.start_date <= flt.date_to)
        if flt.event_type:
            q = q.where(e.c.event_type == flt.event_type)
        if flt.min_deaths is not None:
            q = q.where(e.c.deaths_best >= flt.min_deaths)
        if flt.actor:
            sub = select(s.actors.c.event_id).where(
                func.lower(s.actors.c.name).like(f"%{flt.actor.lower()}%")
            )
            q = q.where(e.c.id.in_(sub))
        if flt.claimant:
            like = f"%{flt.claimant.lower()}%"
            c = s.claims.c
            sub = select(c.event_id).where(
                or_(func.lower(c.claimant).like(like), func.lower(c.claimant_norm).like(like))
            )
            q = q.where(e.c.id.in_(sub))
        return q

    def _search_ids(self, conn: Connection, query: str) -> Sequence[str]:
        if conn.dialect.name == "sqlite":
            terms = " ".join('"' + t.replace('"', '""') + '"' for t in query.split())
            rows = conn.execute(
                text("SELECT event_id FROM events_fts WHERE events_fts MATCH :q"), {"q": terms}
            )
            return [r[0] for r in rows]
        like = f"%{query.lower()}%"
        return list(
            conn.scalars(select(s.events.c.id).where(func.lower(s.events.c.name).like(like)))
        )

    def iter_records(self, batch: int = 200) -> Iterator[dict[str, Any]]:
        """Every event record, in id order, fetched in batches."""
        last = ""
        while True:
            with self.engine.connect() as conn:
                rows = list(conn.execute(
                    select(s.events.c.id, s.events.c.record)
                    .where(s.events.c.id > last).order_by(s.events.c.id).limit(batch)
                ))  # fmt: skip
            if not rows:
                return
            for r in rows:
                yield _as_dict(r.record)
            last = rows[-1].id

    def claims_of(self, event_id: str) -> list[dict[str, Any]]:
        rec = self.get_record(event_id)
        return [dict(c) for c in rec["claims"]]

    def country_counts(self) -> list[tuple[str, int]]:
        """(country code, number of events), most events first: the country facet."""
        e = s.events
        q = (select(e.c.country_code, func.count()).where(e.c.country_code.is_not(None))
             .group_by(e.c.country_code).order_by(func.count().desc()))  # fmt: skip
        with self.engine.connect() as conn:
            return [(str(c), int(n)) for c, n in conn.execute(q)]

    def stats(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return {
                name: int(conn.scalar(select(func.count()).select_from(t)) or 0)
                for name, t in (("documents", s.documents), ("events", s.events),
                                ("claims", s.claims), ("reviews", s.reviews))
            }  # fmt: skip


def _as_dict(rec: Any) -> dict[str, Any]:
    return json.loads(rec) if isinstance(rec, str) else dict(rec)


def _unique_by_id(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: set[str] = set()
    out = []
    for c in claims:
        if c["id"] not in seen:
            seen.add(c["id"])
            out.append(c)
    return out
