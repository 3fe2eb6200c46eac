"""Full-text search over event names, aliases and document text, one query syntax on both
stores: every whitespace-separated term must occur (a term of several words, "al-Qaeda", as a
phrase), case- and accent-insensitively. SQLite: FTS5 (``events_fts``, its default unicode61
tokenizer), each row under its event's rowid (migration 12), so the hits are integers matched
against ``events.rowid`` and every index of the events holds them. PostgreSQL: a ``tsvector``
with a GIN index (``events_search``) over the same tokens (letters and digits, folded:
:func:`tokens`), the ``simple`` configuration (no stemming, no stop words, as FTS5)."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Connection, Integer, String, TextClause, column, literal_column, text
from sqlalchemy.sql.selectable import TextualSelect

from ..textutil import fold
from . import schema as s

__all__ = ["index_event", "matching", "unindex_event"]

_TOKEN = re.compile(r"[^\W_]+")


def tokens(value: str) -> str:
    """The words FTS5's unicode61 tokenizer would see, folded, space-separated (PostgreSQL)."""
    return " ".join(_TOKEN.findall(fold(value)))


_ROW = "(SELECT rowid FROM events WHERE id = :id)"  # SQLite: the event's row, its index row


def unindex_event(conn: Connection, event_id: str) -> None:
    """Drop the event's row of the index (SQLite: call it while the event is still stored)."""
    if conn.dialect.name == "sqlite":
        conn.execute(text(f"DELETE FROM events_fts WHERE rowid = {_ROW}"), {"id": event_id})
    elif conn.dialect.name == "postgresql":
        conn.execute(text("DELETE FROM events_search WHERE event_id = :id"), {"id": event_id})


def index_event(conn: Connection, event_id: str, name: str, body: str) -> None:
    """(Re)index one stored event: its name and the body (aliases and every document's
    text)."""
    if conn.dialect.name not in ("sqlite", "postgresql"):
        return
    unindex_event(conn, event_id)
    values = {"id": event_id, "name": name, "body": body.replace("\x00", "")}
    if conn.dialect.name == "postgresql":
        values.update(name=tokens(name), body=tokens(values["body"]))
        conn.execute(text("INSERT INTO events_search (event_id, name, body) "
                          "VALUES (:id, :name, :body)"), values)  # fmt: skip
        return
    conn.execute(text(f"INSERT INTO events_fts (rowid, event_id, name, body) "
                      f"VALUES ({_ROW}, :id, :name, :body)"), values)  # fmt: skip


def terms(query: str) -> list[str]:
    return [t for t in query.split() if any(ch.isalnum() for ch in t)]


def matching(conn: Connection, query: str) -> tuple[Any, TextualSelect] | None:
    """(The column of ``events`` to test, a sub-select of the hits) for the events matching
    every term of ``query`` (None: the query has no term), for ``column IN (...)``: the
    database keeps the hits, so a page of a search with tens of thousands of hits fetches
    one page. SQLite: the events' rowids; PostgreSQL: their ids."""
    words = terms(query)
    if not words:
        return None
    clause: TextClause
    if conn.dialect.name == "postgresql":
        params = {f"fts_t{i}": tokens(w) for i, w in enumerate(words)}
        tsq = " && ".join(f"phraseto_tsquery('simple', :fts_t{i})" for i in range(len(words)))
        clause = text(f"SELECT event_id FROM events_search WHERE tsv @@ ({tsq})")
        return s.events.c.id, clause.bindparams(**params).columns(column("event_id", String))
    match = " ".join('"' + w.replace('"', '""') + '"' for w in words)
    clause = text("SELECT rowid FROM events_fts WHERE events_fts MATCH :fts_q")
    hits = clause.bindparams(fts_q=match).columns(column("rowid", Integer))
    return literal_column("events.rowid", Integer), hits
