"""Reference sets in the store: load one file in one transaction, query by date window."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, select

from ..store import Store
from ..store import schema as s
from .parse import ParseResult, RefEvent, parse_reference

__all__ = ["load_reference", "reference_sets", "window"]


def load_reference(store: Store, path: str | Path, name: str | None = None) -> ParseResult:
    """Read a file and replace the reference set ``name`` (default: the file's stem)."""
    result = parse_reference(path)
    set_name = name or Path(path).stem
    rows = []
    seen: set[str] = set()
    for ev in result.events:
        if ev.ref_id in seen:
            continue
        seen.add(ev.ref_id)
        row = asdict(ev)
        row["set_name"] = set_name
        rows.append(row)
    with store.engine.begin() as conn:
        conn.execute(delete(s.reference_events).where(s.reference_events.c.set_name == set_name))
        conn.execute(delete(s.reference_sets).where(s.reference_sets.c.name == set_name))
        conn.execute(
            insert(s.reference_sets).values(
                name=set_name, path=str(path), format=result.format, rows=len(rows),
                loaded_at=datetime.now(UTC),
            )
        )  # fmt: skip
        for i in range(0, len(rows), 1000):
            conn.execute(insert(s.reference_events), rows[i : i + 1000])
    return result


def reference_sets(store: Store) -> list[dict[str, Any]]:
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(s.reference_sets)).mappings()]


def window(store: Store, start: date, end: date, set_name: str | None = None) -> list[RefEvent]:
    """Reference events whose dates overlap [start, end]."""
    t = s.reference_events
    q = select(t).where(t.c.date_start <= end, t.c.date_end >= start)
    if set_name:
        q = q.where(t.c.set_name == set_name)
    with store.engine.connect() as conn:
        rows = conn.execute(q).mappings().all()
    fields = RefEvent.__dataclass_fields__
    return [RefEvent(**{k: r[k] for k in fields}) for r in rows]
