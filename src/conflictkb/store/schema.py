"""Tables (SQLAlchemy Core) and the recorded, named migrations.

The same metadata serves SQLite (default) and PostgreSQL. Every migration is a named function
applied once and recorded in ``schema_migrations``; :data:`SCHEMA_VERSION` is the latest.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Connection,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    insert,
    inspect,
    select,
    text,
)

from ..assemble.sameevent import index_keys
from ..record import event_from_record

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "json_value", "metadata"]

metadata = MetaData()

schema_migrations = Table(
    "schema_migrations",
    metadata,
    Column("version", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("applied_at", DateTime(timezone=True), nullable=False),
)

documents = Table(
    "documents",
    metadata,
    Column("id", String(64), primary_key=True),  # sha256 of the bytes
    Column("path", Text, nullable=False),
    Column("format", String(40), nullable=False),
    Column("title", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("encoding", String(40), nullable=False),
    Column("sections", JSON, nullable=False),
    Column("infobox", JSON, nullable=False),
    Column("published", Date),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Column("url", Text),
    Column("source", Text),
    Column("language", String(12)),
    Column("claimant", Text),
    Column("pages", JSON),
    Column("supersedes", String(64)),  # the previous version of this document
    Column("superseded_by", String(64)),  # its next version (no longer in any event)
)
Index("ix_documents_url", documents.c.url)
Index("ix_documents_title", documents.c.title)

events = Table(
    "events",
    metadata,
    Column("id", String(120), primary_key=True),
    Column("name", Text, nullable=False),
    Column("start_date", Date),
    Column("end_date", Date),
    Column("date_precision", Integer),
    Column("country_code", String(2)),
    Column("admin1", Text),
    Column("admin2", Text),
    Column("place_name", Text),
    Column("lat", Float),
    Column("lon", Float),
    Column("conflict", Text),
    Column("event_type", Text),
    Column("type_of_violence", Integer),
    Column("deaths_low", Integer),
    Column("deaths_best", Integer),
    Column("deaths_high", Integer),
    Column("record", JSON, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
# The list's indexes (migration 9) lead with start_date, country_code, admin1 and event_type:
# they serve every filter and count on those columns too.

event_documents = Table(
    "event_documents",
    metadata,
    Column("event_id", String(120), ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("document_id", String(64), ForeignKey("documents.id"), primary_key=True),
)
Index("ix_event_documents_document", event_documents.c.document_id)

claims = Table(
    "claims",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("event_id", String(120), ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
    Column("document_id", String(64), ForeignKey("documents.id"), nullable=False),
    Column("property", String(40), nullable=False),
    Column("min", Integer),
    Column("max", Integer),
    Column("qualifier", Text),
    Column("category", Text),
    Column("category_norm", String(20), nullable=False),
    Column("side", Integer),
    Column("claimant", Text),
    Column("claimant_norm", Text),
    Column("perpetrator", Text),
    Column("text", Text, nullable=False),
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
    Column("origin", String(20), nullable=False),
    Column("parsed", Boolean, nullable=False),
    Column("extractor", String(80), nullable=False),
    Column("extractor_version", String(40), nullable=False),
    Column("review_status", String(20), nullable=False),
    Column("note", Text),
    Column("corroborates", String(32)),
    Column("citations", JSON, nullable=False),
    Column("superseded_by", String(32)),
)
Index("ix_claims_event", claims.c.event_id)
Index("ix_claims_claimant", claims.c.claimant)
Index("ix_claims_claimant_norm", claims.c.claimant_norm)

actors = Table(
    "actors",
    metadata,
    Column("event_id", String(120), ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("name", Text, nullable=False),
    Column("side", Integer),
    Column("role", String(40), nullable=False),
    Column("actor_type", String(60)),
    Column("inter_code", Integer),
)
Index("ix_actors_event", actors.c.event_id)
Index("ix_actors_name", actors.c.name)

timeline = Table(
    "timeline",
    metadata,
    Column("event_id", String(120), ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("date", Date),
    Column("end_date", Date),
    Column("precision", Integer, nullable=False),
    Column("kind", String(40), nullable=False),
    Column("text", Text, nullable=False),
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
)

# Reviewer decisions, keyed by the claim's stable id: they outlive re-extraction.
reviews = Table(
    "reviews",
    metadata,
    Column("claim_id", String(32), primary_key=True),
    Column("status", String(20), nullable=False),
    Column("min", Integer),
    Column("max", Integer),
    Column("reviewer", Text),
    Column("comment", Text),
    Column("decided_at", DateTime(timezone=True), nullable=False),
    Column("category", Text),  # an edit's victim category as the claimant framed it
    Column("side", Integer),  # an edit's side
    Column("claimant", Text),  # an edit's claimant
)

# Reference datasets (ACLED, UCDP GED, or our own exports) to compare our events against.
reference_sets = Table(
    "reference_sets",
    metadata,
    Column("name", String(120), primary_key=True),
    Column("path", Text, nullable=False),
    Column("format", String(40), nullable=False),
    Column("rows", Integer, nullable=False),
    Column("loaded_at", DateTime(timezone=True), nullable=False),
)

reference_events = Table(
    "reference_events",
    metadata,
    Column("set_name", String(120), ForeignKey("reference_sets.name", ondelete="CASCADE"),
           primary_key=True),
    Column("ref_id", String(120), primary_key=True),
    Column("date_start", Date),
    Column("date_end", Date),
    Column("country", Text),
    Column("country_code", String(2)),
    Column("adm1", Text),
    Column("adm2", Text),
    Column("location", Text),
    Column("lat", Float),
    Column("lon", Float),
    Column("side_a", Text),
    Column("side_b", Text),
    Column("best", Integer),
    Column("low", Integer),
    Column("high", Integer),
    Column("raw", JSON, nullable=False),
)  # fmt: skip
Index("ix_reference_dates", reference_events.c.date_start, reference_events.c.date_end)

# Where a long ingest (a dump) got to: one row per input, written after each page is stored,
# so a rerun into the same store resumes there (and a rerun into another store starts afresh).
ingest_checkpoints = Table(
    "ingest_checkpoints",
    metadata,
    Column("source", Text, primary_key=True),
    Column("position", Integer, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# One extracted incident of one document (a report of several incidents has several parts).
# An event is the union of its parts; ``resolution`` keeps how the part was linked to it.
event_parts = Table(
    "event_parts",
    metadata,
    Column("id", String(80), primary_key=True),  # "<document id>:<n>"
    Column("document_id", String(64), ForeignKey("documents.id"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("event_id", String(120), ForeignKey("events.id"), nullable=False),
    Column("record", JSON, nullable=False),
    Column("resolution", JSON),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
Index("ix_parts_event", event_parts.c.event_id)
Index("ix_parts_document", event_parts.c.document_id)

# Where a part can be found by a later document: place cell x month, country x month, name.
resolution_keys = Table(
    "resolution_keys",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("part_id", String(80), ForeignKey("event_parts.id", ondelete="CASCADE"),
           primary_key=True),
)  # fmt: skip
Index("ix_resolution_keys_part", resolution_keys.c.part_id)

# Typed links between events: part_of, same_as, follows, reaction_to. ``target_name`` keeps
# the name an article gave ("Part of", "See also") until an event of that name is stored.
event_links = Table(
    "event_links",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(120), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("target_event_id", String(120)),
    Column("target_name", Text),
    Column("target_key", Text),
    Column("origin", String(20), nullable=False),  # infobox, see-also, automatic, user
    Column("detail", JSON),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
Index("ix_links_event", event_links.c.event_id)
Index("ix_links_target", event_links.c.target_event_id)
Index("ix_links_key", event_links.c.target_key)

# A user's merge or split: who, when, what. Splits also leave document pairs that an
# automatic pass never joins again.
event_decisions = Table(
    "event_decisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(20), nullable=False),  # merge, split
    Column("event_id", String(120), nullable=False),
    Column("other_event_id", String(120)),
    Column("document_id", String(64)),
    Column("user", Text),
    Column("comment", Text),
    Column("decided_at", DateTime(timezone=True), nullable=False),
)
Index("ix_decisions_event", event_decisions.c.event_id)

kept_apart = Table(
    "kept_apart",
    metadata,
    Column("document_id", String(64), primary_key=True),
    Column("other_document_id", String(64), primary_key=True),
    Column("decision_id", Integer, nullable=False),
)

# An event id that a merge folded into another event: old links keep working.
event_redirects = Table(
    "event_redirects",
    metadata,
    Column("old_id", String(120), primary_key=True),
    Column("event_id", String(120), nullable=False),
)

# Review decisions carried from a document's old version to its new one; a row without a new
# claim is an orphaned decision, shown to reviewers and never dropped.
review_carry = Table(
    "review_carry",
    metadata,
    Column("old_claim_id", String(32), primary_key=True),
    Column("new_claim_id", String(32)),
    Column("event_id", String(120), nullable=False),
    Column("old_document_id", String(64), nullable=False),
    Column("new_document_id", String(64), nullable=False),
    Column("detail", JSON, nullable=False),
    Column("carried_at", DateTime(timezone=True), nullable=False),
)
Index("ix_review_carry_event", review_carry.c.event_id)

# Reviewers and admins: a token each (only its SHA-256 is kept).
users = Table(
    "users",
    metadata,
    Column("name", String(200), primary_key=True),
    Column("role", String(20), nullable=False),  # reviewer, admin
    Column("token_sha256", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# Every user's decision (claim review, actor side and role, merge, split): who, when, what,
# the state before and after, and why. Never updated, never deleted.
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("user", String(200), nullable=False),
    Column("role", String(20), nullable=False),
    Column("action", String(40), nullable=False),
    Column("event_id", String(120), nullable=False),
    Column("target", String(200), nullable=False),  # claim id, "actor:<name>", event or document id
    Column("before", JSON),
    Column("after", JSON),
    Column("comment", Text),
)
Index("ix_audit_event", audit_log.c.event_id)
Index("ix_audit_target", audit_log.c.target)

# A reviewer's side and role for an actor of an event (the actor by its case-folded name).
actor_reviews = Table(
    "actor_reviews",
    metadata,
    Column("event_id", String(120), primary_key=True),
    Column("actor_key", String(300), primary_key=True),
    Column("name", Text, nullable=False),
    Column("side", Integer),
    Column("role", String(40)),
    Column("reviewer", Text),
    Column("comment", Text),
    Column("decided_at", DateTime(timezone=True), nullable=False),
)

_WORKBENCH_TABLES = [users, audit_log, actor_reviews]

_MERGE_TABLES = [event_parts, resolution_keys, event_links, event_decisions, kept_apart,
                 event_redirects, review_carry]  # fmt: skip

_CORE_TABLES = [documents, events, event_documents, claims, actors, timeline, reviews]


def _m001_initial(conn: Connection) -> None:
    metadata.create_all(conn, tables=_CORE_TABLES)


def _m002_fulltext(conn: Connection) -> None:
    """Full-text index over event names and document text (SQLite FTS5; PostgreSQL: 8),
    filled with the events already stored."""
    if conn.dialect.name == "sqlite":
        conn.execute(
            text(
                "CREATE VIRTUAL TABLE IF NOT EXISTS events_fts USING fts5(event_id UNINDEXED, name, body)"
            )
        )
        conn.execute(text(
            "INSERT INTO events_fts (event_id, name, body) SELECT e.id, e.name, "
            "coalesce(group_concat(d.text, char(10)), '') FROM events e "
            "LEFT JOIN event_documents ed ON ed.event_id = e.id "
            "LEFT JOIN documents d ON d.id = ed.document_id GROUP BY e.id, e.name"))  # fmt: skip


def _m003_reference(conn: Connection) -> None:
    metadata.create_all(conn, tables=[reference_sets, reference_events])


def _m004_checkpoints(conn: Connection) -> None:
    metadata.create_all(conn, tables=[ingest_checkpoints])


def _m005_claimant_norm(conn: Connection) -> None:
    """Claims keep the party their claimant speaks for beside the claimant as written."""
    if "claimant_norm" not in {c["name"] for c in inspect(conn).get_columns("claims")}:
        conn.execute(text("ALTER TABLE claims ADD COLUMN claimant_norm TEXT"))
        conn.execute(text("CREATE INDEX IF NOT EXISTS ix_claims_claimant_norm "
                          "ON claims (claimant_norm)"))  # fmt: skip


_DOCUMENT_METADATA = [("url", "TEXT"), ("source", "TEXT"), ("language", "VARCHAR(12)"),
                      ("claimant", "TEXT"), ("pages", "JSON")]  # fmt: skip


def _m006_document_metadata(conn: Connection) -> None:
    """Documents keep their URL, publisher, language, own-voice claimant and page offsets."""
    have = {c["name"] for c in inspect(conn).get_columns("documents")}
    for name, sql_type in _DOCUMENT_METADATA:
        if name not in have:
            conn.execute(text(f"ALTER TABLE documents ADD COLUMN {name} {sql_type}"))


def _add_columns(conn: Connection, table: str, columns: list[tuple[str, str]]) -> None:
    have = {c["name"] for c in inspect(conn).get_columns(table)}
    for name, sql_type in columns:
        if name not in have:
            conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {name} {sql_type}"))


def _m007_events_from_documents(conn: Connection) -> None:
    """Events made of parts from many documents: parts, the resolution index, typed links,
    users' merges and splits, document versions, carried reviews. Every stored event becomes
    one part of its one document."""
    _add_columns(conn, "documents", [("supersedes", "VARCHAR(64)"),
                                     ("superseded_by", "VARCHAR(64)")])  # fmt: skip
    _add_columns(conn, "claims", [("superseded_by", "VARCHAR(32)")])
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_documents_url ON documents (url)"))
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_documents_title ON documents (title)"))
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_event_documents_document "
                      "ON event_documents (document_id)"))  # fmt: skip
    metadata.create_all(conn, tables=_MERGE_TABLES)
    _backfill_parts(conn)


def _m008_workbench(conn: Connection) -> None:
    """Reviewers with tokens, the audit log, actor decisions, edits of a claim's category,
    side and claimant; full-text search on PostgreSQL (tsvector, GIN index)."""
    _add_columns(conn, "reviews", [("category", "TEXT"), ("side", "INTEGER"),
                                   ("claimant", "TEXT")])  # fmt: skip
    metadata.create_all(conn, tables=_WORKBENCH_TABLES)
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_events_admin1 ON events (admin1)"))
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_events_type ON events (event_type)"))
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_claims_review ON claims (review_status)"))
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_events_updated ON events (updated_at)"))
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_events_map ON events "  # covers the map
                      "(deaths_best DESC, id, lat, lon, event_type, start_date, name)"))  # fmt: skip
    if conn.dialect.name == "postgresql":
        conn.execute(text(
            "CREATE TABLE IF NOT EXISTS events_search (event_id VARCHAR(120) PRIMARY KEY, "
            "name TEXT NOT NULL, body TEXT NOT NULL, tsv tsvector GENERATED ALWAYS AS "
            "(to_tsvector('simple', name || ' ' || body)) STORED)"))  # fmt: skip
        conn.execute(text("CREATE INDEX IF NOT EXISTS ix_events_search_tsv "
                          "ON events_search USING GIN (tsv)"))  # fmt: skip
        conn.execute(text(
            "INSERT INTO events_search (event_id, name, body) "
            "SELECT e.id, e.name, regexp_replace(lower(coalesce(string_agg(d.text, ' '), '')), "
            "'[^[:alnum:]]+', ' ', 'g') FROM events e "
            "LEFT JOIN event_documents ed ON ed.event_id = e.id "
            "LEFT JOIN documents d ON d.id = ed.document_id GROUP BY e.id, e.name "
            "ON CONFLICT (event_id) DO NOTHING"))  # fmt: skip


_LIST_ORDER = "start_date DESC, id"  # the list's order: the index walk stops at the page


def _m009_list_indexes(conn: Connection) -> None:
    """The event list in its order, alone and within each facet, straight from an index."""
    conn.execute(text(f"CREATE INDEX IF NOT EXISTS ix_events_list ON events ({_LIST_ORDER})"))
    for col in ("country_code", "admin1", "event_type"):
        conn.execute(text(f"CREATE INDEX IF NOT EXISTS ix_events_{col}_list "
                          f"ON events ({col}, {_LIST_ORDER})"))  # fmt: skip


def _m010_foreign_key_indexes(conn: Connection) -> None:
    """An index on every foreign key column that had none: deleting an event's timeline on a
    re-save, and a document's claims, no longer scan the whole table."""
    for name, table, col in (("ix_timeline_event", "timeline", "event_id"),
                             ("ix_claims_document", "claims", "document_id")):  # fmt: skip
        conn.execute(text(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({col})"))


def _m011_drop_redundant_indexes(conn: Connection) -> None:
    """Drop the one-column indexes that the list's indexes (migration 9) begin with: each
    answered nothing those do not, and every write of an event updated them."""
    for name in ("ix_events_start", "ix_events_country", "ix_events_admin1", "ix_events_type"):
        conn.execute(text(f"DROP INDEX IF EXISTS {name}"))


def _m012_search_rows_by_event_rowid(conn: Connection) -> None:
    """SQLite: each row of the search index under its event's rowid. A search's hits are then
    integers that every index of the events holds, and an event's row is found by its rowid
    instead of by a scan of the whole index. Rows of events no longer stored are left out, and
    of an event indexed twice the last row is kept."""
    if conn.dialect.name != "sqlite":
        return
    conn.execute(
        text("CREATE VIRTUAL TABLE events_fts_new USING fts5(event_id UNINDEXED, name, body)")
    )
    conn.execute(text("INSERT INTO events_fts_new (rowid, event_id, name, body) "
                      "SELECT e.rowid, f.event_id, f.name, f.body FROM events_fts f "
                      "JOIN events e ON e.id = f.event_id "
                      "WHERE f.rowid IN (SELECT max(rowid) FROM events_fts GROUP BY event_id)"))  # fmt: skip
    conn.execute(text("DROP TABLE events_fts"))
    conn.execute(text("ALTER TABLE events_fts_new RENAME TO events_fts"))


def json_value(value: Any) -> dict[str, Any]:
    """A JSON column as a dict (SQLite drivers may hand back the text)."""
    return json.loads(value) if isinstance(value, str) else dict(value)


def _backfill_parts(conn: Connection) -> None:
    rows = conn.execute(select(event_documents.c.event_id, event_documents.c.document_id,
                               events.c.record)
                        .join(events, events.c.id == event_documents.c.event_id)).all()  # fmt: skip
    now = datetime.now(UTC)
    for event_id, doc_id, rec in rows:
        record = json_value(rec)
        part_id = f"{doc_id}:0"
        conn.execute(insert(event_parts).values(
            id=part_id, document_id=doc_id, seq=0, event_id=event_id, record=record,
            resolution={"event": event_id, "kind": "new", "reasons": ["stored before merging"]},
            created_at=now))  # fmt: skip
        keys = index_keys(event_from_record(record))
        if keys:
            conn.execute(insert(resolution_keys), [{"key": k, "part_id": part_id} for k in keys])


Migration = tuple[int, str, Callable[[Connection], None]]

MIGRATIONS: list[Migration] = [
    (1, "initial", _m001_initial),
    (2, "fulltext", _m002_fulltext),
    (3, "reference", _m003_reference),
    (4, "ingest checkpoints", _m004_checkpoints),
    (5, "claimant_norm", _m005_claimant_norm),
    (6, "document metadata", _m006_document_metadata),
    (7, "events from many documents", _m007_events_from_documents),
    (8, "workbench", _m008_workbench),
    (9, "list indexes", _m009_list_indexes),
    (10, "foreign key indexes", _m010_foreign_key_indexes),
    (11, "no redundant indexes", _m011_drop_redundant_indexes),
    (12, "search rows by event rowid", _m012_search_rows_by_event_rowid),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]
