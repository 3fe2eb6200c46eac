"""What one event's page is made of, as a few values that change whenever the page would.

The answers of the web server for one event (``/events/ID`` and ``/api/events/ID``) are kept
by this state instead of the state of the whole store, so a write to other events (an upload
being stored, every few seconds on a busy server) does not throw them away. The page reads:

- the event's own row (record, claims, documents, actors, timeline, review states): its
  ``updated_at``, rewritten by every write to the event, reviews, merges and splits included;
- its links, both ways, and the names of the events at their other end: how many there are,
  the newest link, the newest update of a linked event (a link resolved to a new event, or a
  linked event renamed, changes one of them);
- the reviewers' audit trail and revisions (shown on the page): the last audit entry of all;
- the reference datasets it is compared with: how many, and the last load.

One statement of index look-ups, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, text

__all__ = ["event_state"]

_STATE = text(
    "SELECT (SELECT updated_at FROM events WHERE id = :id),"
    " (SELECT count(*) FROM event_links WHERE event_id = :id OR target_event_id = :id),"
    " (SELECT max(id) FROM event_links WHERE event_id = :id OR target_event_id = :id),"
    " (SELECT max(o.updated_at) FROM event_links l JOIN events o ON o.id = CASE"
    "   WHEN l.event_id = :id THEN l.target_event_id ELSE l.event_id END"
    "   WHERE l.event_id = :id OR l.target_event_id = :id),"
    " (SELECT max(id) FROM audit_log),"
    " (SELECT count(*) FROM reference_sets),"
    " (SELECT max(loaded_at) FROM reference_sets)"
)


def event_state(engine: Engine, event_id: str) -> tuple[Any, ...] | None:
    """The state of the event ``event_id`` (see the module docstring); None when no event
    has that id (an old id of a merged event, a name, a prefix: their answers are not kept)."""
    with engine.connect() as conn:
        row = conn.execute(_STATE, {"id": event_id}).one()
    if row[0] is None:
        return None
    return (id(engine), str(engine.url), event_id, *row)
