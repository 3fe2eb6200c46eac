"""The event store: one writer, one transaction per document, idempotent ingest.

``Store("conflictkb.sqlite")`` opens (and migrates) a SQLite file in WAL mode;
``Store("postgresql+psycopg://...")`` a PostgreSQL database with the same schema.
"""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
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

from ..assemble.sameevent import DEFAULT_THRESHOLD
from ..errors import InputError, NotFoundError, StoreError
from ..model import Document, Event, ReviewStatus
from ..record import event_from_record
from . import decisions, query, workbench
from . import schema as s
from .parts import PartWriter
from .query import EventFilter
from .workbench import User
from .writer import insert_document

__all__ = ["EventFilter", "IngestOutcome", "Store", "database_url"]


_CACHED_TEXT = 64 * 1024  # characters: a longer document's row is read each time it is asked
_LONG = "long document"


def _document_row(conn: Connection, document_id: str) -> dict[str, Any] | None:
    found = conn.execute(select(s.documents).where(s.documents.c.id == document_id)).mappings()
    row = found.first()
    return dict(row) if row is not None else None


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
    status: str  # "ingested" (a new event), "merged" (joined one), "version", "duplicate"
    events: list[str] = field(default_factory=list)  # every event the document's parts went to
    replaces: str | None = None  # the document this one is a new version of
    orphaned: list[str] = field(default_factory=list)  # reviews a new version left claimless


class Store:
    def __init__(self, location: str, *, migrate: bool = True,
                 merge_threshold: float = DEFAULT_THRESHOLD) -> None:  # fmt: skip
        self.url = database_url(location)
        self.merge_threshold = merge_threshold
        try:
            # readers in threads (the server): enough pooled connections that none is
            # opened and closed per request
            memory = self.url in ("sqlite://", "sqlite:///:memory:")  # one connection only
            pool: dict[str, Any] = {} if memory else {"pool_size": 20, "max_overflow": 20}
            self.engine: Engine = create_engine(self.url, future=True, **pool)
        except (SQLAlchemyError, ImportError) as exc:
            raise StoreError(f"cannot open store {location!r}: {exc}") from None
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        url = str(self.engine.url)
        event.listen(self.engine, "commit", lambda _conn: query.count_commit(url))
        if migrate:
            self.migrate()

    # -- schema -----------------------------------------------------------------------------
    def migrate(self, upto: int | None = None) -> list[str]:
        """Apply pending migrations (up to and including ``upto``); return the names applied.
        A store written by a newer conflictkb is refused and left as it is."""
        applied: list[str] = []
        try:
            with self.engine.begin() as conn:
                s.metadata.create_all(conn, tables=[s.schema_migrations])
                done = set(conn.scalars(select(s.schema_migrations.c.version)))
                if done and max(done) > s.SCHEMA_VERSION:
                    raise StoreError(
                        f"{self.url}: written by a newer conflictkb (schema {max(done)}, this "
                        f"one knows {s.SCHEMA_VERSION}); upgrade conflictkb to open it. The "
                        "store was not changed."
                    )
                for version, name, fn in s.MIGRATIONS:
                    if version in done or (upto is not None and version > upto):
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

    def save_event(self, ev: Event, *, reextract: bool = False) -> IngestOutcome:
        """Write a document and the event parts extracted from it, in one transaction: each part
        joins the stored event it describes (or starts one); a new version of a stored document
        replaces it and carries its reviews over. Same bytes twice: no-op, unless ``reextract``
        (a new extractor): the document's parts are replaced and every review re-attached to
        the claim it is about (by property, side, claimant and quoted text), or kept as an
        orphan."""
        doc = ev.documents[0]
        parts = ev.incidents or [ev]
        try:
            with self.engine.begin() as conn:
                known = conn.scalar(select(s.documents.c.id).where(s.documents.c.id == doc.id))
                if known and not (reextract and self._in_event(conn, doc.id)):
                    return IngestOutcome(self._event_of(conn, doc.id) or ev.id, doc.id, "duplicate")
                writer = PartWriter(conn, self.merge_threshold)
                previous = doc.id if known else writer.previous_version(doc)
                if not known:
                    insert_document(conn, doc, supersedes=previous)
                if previous is not None:
                    placed = writer.replace_version(previous, doc, parts)
                else:
                    placed = [writer.add_part(p, doc, i) for i, p in enumerate(parts)]
                touched = {pl.event_id for pl in placed} | set(writer.touched)
                for event_id in sorted(touched):
                    writer.rebuild(event_id)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot write event {ev.id!r}: {exc}", path=doc.path) from None
        status = ("re-extracted" if known else "version" if previous
                  else "merged" if placed[0].merged else "ingested")  # fmt: skip
        return IngestOutcome(placed[0].event_id, doc.id, status,
                             events=[pl.event_id for pl in placed], replaces=previous,
                             orphaned=list(writer.orphans))  # fmt: skip

    def _in_event(self, conn: Connection, doc_id: str) -> bool:
        p = s.event_parts.c
        return conn.scalar(select(p.id).where(p.document_id == doc_id).limit(1)) is not None

    def _event_of(self, conn: Connection, doc_id: str) -> str | None:
        q = select(s.event_documents.c.event_id).where(s.event_documents.c.document_id == doc_id)
        return conn.scalar(q)

    # -- users' decisions (each with its audit entry; see decisions.py) ----------------------
    def merge_events(self, keep: str, other: str, *, user: User | str | None = None,
                     comment: str | None = None, base: int | None = None) -> dict[str, Any]:  # fmt: skip
        """A user's merge: ``other`` joins ``keep`` (its id then redirects to ``keep``)."""
        keep, other = self.find_event_id(keep), self.find_event_id(other)
        if keep == other:
            raise InputError(f"{keep!r} and {other!r} are one event already")
        with self._writing(f"merge {other} into {keep}") as conn:
            return decisions.merge(conn, self.merge_threshold, keep, other, _user(user), comment,
                                   base)  # fmt: skip

    def split_document(self, event_id: str, document: str, *, user: User | str | None = None,
                       comment: str | None = None,
                       base: int | None = None) -> tuple[str, dict[str, Any]]:  # fmt: skip
        """A user's split: the document leaves the event for an event of its own; automatic
        resolution never joins them again. Returns the new event's id and record."""
        event_id = self.find_event_id(event_id)
        doc_id = self._document_id(document)
        with self._writing(f"split {doc_id[:12]} from {event_id}") as conn:
            return decisions.split(conn, self.merge_threshold, event_id, doc_id, _user(user),
                                   comment, base)  # fmt: skip

    def review_claim(self, claim_id: str, status: ReviewStatus, *, min: int | None = None,
                     max: int | None = None, category: str | None = None,
                     side: int | None = None, claimant: str | None = None,
                     reviewer: User | str | None = None, comment: str | None = None,
                     base: int | None = None) -> dict[str, Any]:  # fmt: skip
        """Record a reviewer's decision on a claim and recompute its event's estimates."""
        edit = decisions.ClaimEdit(status, min, max, category, side, claimant, comment)
        with self._writing(f"review claim {claim_id}") as conn:
            return decisions.review_claim(conn, self.merge_threshold, claim_id, edit,
                                          _user(reviewer), base)  # fmt: skip

    def assign_actor(self, event_id: str, actor: str, *, side: int | None = None,
                     role: str | None = None, user: User | str | None = None,
                     comment: str | None = None, base: int | None = None) -> dict[str, Any]:  # fmt: skip
        """A reviewer's side (0: none) and role for an actor of the event."""
        event_id = self.find_event_id(event_id)
        with self._writing(f"assign actor {actor!r} of {event_id}") as conn:
            return decisions.assign_actor(conn, self.merge_threshold, event_id, actor, side=side,
                                          role=role, user=_user(user), comment=comment,
                                          base=base)  # fmt: skip

    def audit_log(self, event_id: str | None = None) -> list[dict[str, Any]]:
        """Every user's decision, oldest first (all, or those on one event and the events
        merged into it)."""
        with self.engine.connect() as conn:
            return workbench.audit_entries(conn, event_id)

    def revisions(self, targets: list[str]) -> dict[str, int]:
        """The revision (last audit id) of each decision target, for forms to send back."""
        with self.engine.connect() as conn:
            return workbench.revisions(conn, targets)

    # -- users --------------------------------------------------------------------------------
    def add_user(self, name: str, role: str) -> str:
        """Register a reviewer or admin; return their token (shown once)."""
        with self._writing(f"add user {name!r}") as conn:
            return workbench.add_user(conn, name, role)

    def remove_user(self, name: str) -> None:
        with self._writing(f"remove user {name!r}") as conn:
            workbench.remove_user(conn, name)

    def users(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return workbench.list_users(conn)

    def user_for_token(self, token: str) -> User | None:
        with self.engine.connect() as conn:
            return workbench.find_user(conn, token)

    def _document_id(self, ref: str) -> str:
        d = s.documents.c
        with self.engine.connect() as conn:
            ids = list(conn.scalars(select(d.id).where(d.id.like(f"{ref}%")).limit(2)))
        if len(ids) != 1:
            raise NotFoundError(f"no single document {ref!r}; `conflictkb show EVENT` lists "
                                "each document's id")  # fmt: skip
        return str(ids[0])

    @contextmanager
    def _writing(self, what: str) -> Iterator[Connection]:
        """One write transaction; on SQLite it takes the write lock first, so two users'
        decisions queue instead of one failing on a stale read."""
        try:
            with self.engine.begin() as conn:
                if conn.dialect.name == "sqlite":
                    conn.execute(text("UPDATE schema_migrations SET name = name WHERE 0"))
                yield conn
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot {what}: {exc}") from None

    def decisions(self, event_id: str | None = None) -> list[dict[str, Any]]:
        """Users' merges and splits, newest first."""
        q = select(s.event_decisions).order_by(s.event_decisions.c.id.desc())
        if event_id is not None:
            d = s.event_decisions.c
            q = q.where(or_(d.event_id == event_id, d.other_event_id == event_id))
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(q).mappings()]

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
        """The JSON record of one event, with its typed links (raises NotFoundError)."""
        with self.engine.connect() as conn:
            rec = conn.scalar(select(s.events.c.record).where(s.events.c.id == event_id))
            if rec is None:
                moved = conn.scalar(select(s.event_redirects.c.event_id)
                                    .where(s.event_redirects.c.old_id == event_id))  # fmt: skip
                rec = moved and conn.scalar(select(s.events.c.record).where(s.events.c.id == moved))
            if rec is None:
                raise NotFoundError(f"no event {event_id!r}; list events with `conflictkb events`")
            out = s.json_value(rec)
            out["links"] = self._links(conn, [out["id"]]).get(out["id"], [])
        return out

    def _links(self, conn: Connection, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
        """Typed links from and to the events ``ids``: outgoing as stored, incoming with the
        inverse name (``has_part``, ``followed_by``, ``reactions``, ``same_as``)."""
        li, ev = s.event_links.c, s.events.c
        out: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
        q = select(li.event_id, li.kind, li.target_event_id, li.target_name, li.origin,
                   li.detail).where(or_(li.event_id.in_(ids), li.target_event_id.in_(ids)))  # fmt: skip
        rows = conn.execute(q).all()
        other_ids = {r.target_event_id for r in rows} | {r.event_id for r in rows}
        names = dict(conn.execute(select(ev.id, ev.name).where(ev.id.in_(other_ids))).all())
        for r in rows:
            if r.event_id in out:
                out[r.event_id].append({"kind": r.kind, "event_id": r.target_event_id,
                                        "name": names.get(r.target_event_id) or r.target_name,
                                        "origin": r.origin, "direction": "out"})  # fmt: skip
            if r.target_event_id in out:
                out[r.target_event_id].append({"kind": _INVERSE.get(r.kind, r.kind),
                                               "event_id": r.event_id,
                                               "name": names.get(r.event_id), "origin": r.origin,
                                               "direction": "in"})  # fmt: skip
        return out

    def get_event(self, event_id: str, *, with_text: bool = True) -> Event:
        rec = self.get_record(event_id)
        ev = event_from_record(rec)
        with self.engine.connect() as conn:
            ev.documents = self._documents_of(conn, event_id, with_text=with_text)
        return ev

    def get_document(self, document_id: str, *, events: bool = True) -> dict[str, Any]:
        """A stored document's row; with ``events``, the ids of the events citing it."""
        with self.engine.connect() as conn:

            def fetch() -> dict[str, Any] | str | None:
                found = _document_row(conn, document_id)
                if found is not None and len(found["text"] or "") > _CACHED_TEXT:
                    return _LONG  # kept out of the cache: its memory stays bounded
                return found

            doc = query.cached(conn, ("document", document_id), fetch)
            if doc == _LONG:
                doc = _document_row(conn, document_id)
            if not isinstance(doc, dict):
                raise NotFoundError(f"no document {document_id!r}")
            doc = dict(doc)  # the caller's copy
            if events:
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
            moved = conn.scalar(select(s.event_redirects.c.event_id)
                                .where(s.event_redirects.c.old_id == ref))  # fmt: skip
            if moved:
                return str(moved)
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
        with self.engine.connect() as conn:
            return query.list_events(conn, flt or EventFilter())

    def event_page(self, flt: EventFilter | None = None) -> query.Page:
        """One page of the list and the keys of the pages before and after it."""
        with self.engine.connect() as conn:
            return query.event_page(conn, flt or EventFilter())

    def count_events(self, flt: EventFilter | None = None) -> int:
        with self.engine.connect() as conn:
            return query.count_events(conn, flt or EventFilter())

    def facets(self) -> dict[str, list[tuple[str, int]]]:
        """Counts of events per country, admin1 and event type (cached until a write)."""
        with self.engine.connect() as conn:
            return query.facets(conn)

    def map_json(self, flt: EventFilter | None = None, limit: int = 5000) -> bytes:
        """:meth:`map_points` as the JSON body of the map endpoint (cached per filter)."""
        with self.engine.connect() as conn:
            return query.map_json(conn, flt or EventFilter(), limit)

    def map_points(self, flt: EventFilter | None = None,
                   limit: int = 5000) -> tuple[int, list[list[Any]]]:  # fmt: skip
        """(events matching, up to ``limit`` of them with a point: deadliest first)."""
        with self.engine.connect() as conn:
            return query.map_points(conn, flt or EventFilter(), limit)

    def iter_records(self, batch: int = 200) -> Iterator[dict[str, Any]]:
        """Every event record, in id order, fetched in batches."""
        last = ""
        while True:
            with self.engine.connect() as conn:
                rows = list(conn.execute(
                    select(s.events.c.id, s.events.c.record)
                    .where(s.events.c.id > last).order_by(s.events.c.id).limit(batch)
                ))  # fmt: skip
                links = self._links(conn, [r.id for r in rows]) if rows else {}
            if not rows:
                return
            for r in rows:
                yield {**s.json_value(r.record), "links": links.get(r.id, [])}
            last = rows[-1].id

    def claims_of(self, event_id: str) -> list[dict[str, Any]]:
        rec = self.get_record(event_id)
        return [dict(c) for c in rec["claims"]]

    def stats(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return {
                name: int(conn.scalar(select(func.count()).select_from(t)) or 0)
                for name, t in (("documents", s.documents), ("events", s.events),
                                ("claims", s.claims), ("reviews", s.reviews))
            }  # fmt: skip


def _user(who: User | str | None) -> User:
    """A decision's author: a user, or a name given at the command line (role ``local``)."""
    if isinstance(who, User):
        return who
    return User(who or getpass.getuser() or "local", "local")


_INVERSE = {"part_of": "has_part", "follows": "followed_by", "reaction_to": "reactions",
            "see_also": "see_also", "same_as": "same_as"}  # fmt: skip
