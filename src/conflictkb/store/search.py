"""Full-text search over event names, aliases and document text, one query syntax on both
stores: every whitespace-separated term must occur (a term of several words, "al-Qaeda", as a
phrase), case- and accent-insensitively. SQLite: FTS5 (``events_fts``, its default unicode61
tokenizer). PostgreSQL: a ``tsvector`` with a GIN index (``events_search``) over the same
tokens (letters and digits, folded: :func:`tokens`), the ``simple`` configuration (no
stemming, no stop words, as FTS5)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import Connection, text

from ..textutil import fold

__all__ = ["index_event", "search_ids", "unindex_event"]

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


def search_ids(conn: Connection, query: str) -> Sequence[str]:
    """The ids of the events matching every term of ``query``."""
    words = terms(query)
    if not words:
        return []
    if conn.dialect.name == "postgresql":
        params = {f"t{i}": tokens(w) for i, w in enumerate(words)}
        tsq = " && ".join(f"phraseto_tsquery('simple', :t{i})" for i in range(len(words)))
        sql = f"SELECT event_id FROM events_search WHERE tsv @@ ({tsq})"
        return [r[0] for r in conn.execute(text(sql), params)]
    match = " ".join('"' + w.replace('"', '""') + '"' for w in words)
    rows = conn.execute(
        text("SELECT event_id FROM events_fts WHERE events_fts MATCH :q"), {"q": match}
    )
    return [r[0] for r in rows]
