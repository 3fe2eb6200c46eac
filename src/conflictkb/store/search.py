"""Full-text search over event names, aliases and document text, one query syntax on both
stores: every whitespace-separated term must occur (a term of several words, "al-Qaeda", as a
phrase), case- and accent-insensitively. SQLite: FTS5 (``events_fts``, its default unicode61
tokenizer). PostgreSQL: a ``tsvector`` with a GIN index (``events_search``) over the same
tokens (letters and digits, folded: :func:`tokens`), the ``simple`` configuration (no
stemming, no stop words, as FTS5)."""

from __future__ import annotations

import re

from sqlalchemy import Connection, String, TextClause, column, text
from sqlalchemy.sql.selectable import TextualSelect

from ..textutil import fold

__all__ = ["index_event", "matching_ids", "unindex_event"]

_TABLE = {"sqlite": "events_fts", "postgresql": "events_search"}
_TOKEN = re.compile(r"[^\W_]+")


def tokens(value: str) -> str:
    """The words FTS5's unicode61 tokenizer would see, folded, space-separated (PostgreSQL)."""
    return " ".join(_TOKEN.findall(fold(value)))


def unindex_event(conn: Connection, event_id: str) -> None:
    table = _TABLE.get(conn.dialect.name)
    if table:
        conn.execute(text(f"DELETE FROM {table} WHERE event_id = :id"), {"id": event_id})


def index_event(conn: Connection, event_id: str, name: str, body: str) -> None:
    """(Re)index one event: its name and the body (aliases and every document's text)."""
    table = _TABLE.get(conn.dialect.name)
    if table is None:
        return
    unindex_event(conn, event_id)
    if conn.dialect.name == "postgresql":
        name, body = tokens(name), tokens(body)
    conn.execute(text(f"INSERT INTO {table} (event_id, name, body) VALUES (:id, :name, :body)"),
                 {"id": event_id, "name": name, "body": body.replace("\x00", "")})  # fmt: skip


def terms(query: str) -> list[str]:
    return [t for t in query.split() if any(ch.isalnum() for ch in t)]


def matching_ids(conn: Connection, query: str) -> TextualSelect | None:
    """A sub-select of the ids of the events matching every term of ``query`` (None: the
    query has no term), for ``events.id IN (...)``: the database keeps the hits, so a page of
    a search with tens of thousands of hits fetches one page."""
    words = terms(query)
    if not words:
        return None
    clause: TextClause
    if conn.dialect.name == "postgresql":
        params = {f"fts_t{i}": tokens(w) for i, w in enumerate(words)}
        tsq = " && ".join(f"phraseto_tsquery('simple', :fts_t{i})" for i in range(len(words)))
        clause = text(f"SELECT event_id FROM events_search WHERE tsv @@ ({tsq})")
        clause = clause.bindparams(**params)
    else:
        match = " ".join('"' + w.replace('"', '""') + '"' for w in words)
        clause = text("SELECT event_id FROM events_fts WHERE events_fts MATCH :fts_q")
        clause = clause.bindparams(fts_q=match)
    return clause.columns(column("event_id", String))
