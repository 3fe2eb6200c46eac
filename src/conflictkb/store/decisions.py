"""Users' decisions, each applied with its audit entry in the caller's transaction.

One function per kind of decision; the :class:`~.store.Store` methods open the transaction
and call these. Each checks the revision the user decided on (:func:`~.workbench.check_base`),
records the state before, applies the decision, rebuilds the event (its estimates) and records
the state after.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from ..errors import InputError, NotFoundError
from ..model import ReviewStatus
from ..textutil import fold
from . import schema as s
from .parts import PartWriter
from .workbench import ACTOR_ROLES, User, actor_target, audit, check_base

__all__ = ["ClaimEdit", "assign_actor", "merge", "review_claim", "split"]

_CLAIM_FIELDS = ("min", "max", "category", "side", "claimant", "review_status", "property",
                 "text", "document_id")  # fmt: skip
_LIMITS = {"category": 200, "claimant": 200, "comment": 4000}


@dataclass(frozen=True, slots=True)
class ClaimEdit:
    """A reviewer's decision on a claim. With ``status`` edited, each field given replaces
    extraction's (``side=0`` or an empty category or claimant clears it); ``None`` keeps it."""

    status: ReviewStatus
    min: int | None = None
    max: int | None = None
    category: str | None = None
    side: int | None = None
    claimant: str | None = None
    comment: str | None = None

    def check(self) -> None:
        if self.status is ReviewStatus.AUTO:
            raise InputError("a review decides: use confirmed, rejected or edited")
        fields = (self.min, self.max, self.category, self.side, self.claimant)
        if self.status is ReviewStatus.EDITED and all(f is None for f in fields):
            raise InputError("an edit changes something: give figures, category, side or claimant")
        for v in (self.min, self.max):
            if v is not None and not 0 <= v <= 10_000_000:
                raise InputError(f"figure {v}: give a count between 0 and 10,000,000")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise InputError(f"lower figure {self.min} is above the upper figure {self.max}")
        if self.side is not None and self.side not in (0, 1, 2, 3):
            raise InputError(f"side {self.side}: use 1, 2 or 3 (0 for no side)")
        for name, limit in _LIMITS.items():
            value = getattr(self, name)
            if value is not None and len(value) > limit:
                raise InputError(f"{name} is over {limit} characters")


def _claim_state(conn: Connection, claim_id: str) -> dict[str, Any] | None:
    c = s.claims.c
    row = conn.execute(select(c.event_id, *[c[f] for f in _CLAIM_FIELDS])
                       .where(c.id == claim_id)).mappings().first()  # fmt: skip
    return dict(row) if row is not None else None


def review_claim(conn: Connection, threshold: float, claim_id: str, edit: ClaimEdit, user: User,
                 base: int | None = None) -> dict[str, Any]:  # fmt: skip
    """Record a reviewer's decision on a claim; return the event's record, recomputed."""
    edit.check()
    before = _claim_state(conn, claim_id)
    if before is None:
        raise NotFoundError(f"no claim {claim_id!r}: its event may have been re-extracted, "
                            "merged or deleted meanwhile; reload the event")  # fmt: skip
    check_base(conn, claim_id, base)
    event_id = before.pop("event_id")
    edited = edit.status is ReviewStatus.EDITED
    conn.execute(delete(s.reviews).where(s.reviews.c.claim_id == claim_id))
    conn.execute(insert(s.reviews).values(
        claim_id=claim_id, status=edit.status.value, min=edit.min if edited else None,
        max=edit.max if edited else None, category=edit.category if edited else None,
        side=edit.side if edited else None, claimant=edit.claimant if edited else None,
        reviewer=user.name, comment=edit.comment, decided_at=datetime.now(UTC)))  # fmt: skip
    rec = PartWriter(conn, threshold).rebuild(event_id)
    assert rec is not None
    after = _claim_state(conn, claim_id) or {}
    after.pop("event_id", None)
    audit(conn, user, f"claim-{edit.status.value}", event_id, claim_id, before, after,
          edit.comment)  # fmt: skip
    return rec


def assign_actor(conn: Connection, threshold: float, event_id: str, actor: str, *,
                 side: int | None, role: str | None, user: User, comment: str | None = None,
                 base: int | None = None) -> dict[str, Any]:  # fmt: skip
    """A reviewer's side (0: none) and role for one actor of an event."""
    if side is not None and side not in (0, 1, 2, 3):
        raise InputError(f"side {side}: use 1, 2 or 3 (0 for no side)")
    if role is not None and role not in ACTOR_ROLES:
        raise InputError(f"role {role!r}: use one of {', '.join(ACTOR_ROLES)}")
    a = s.actors.c
    rows = conn.execute(select(a.name, a.side, a.role).where(a.event_id == event_id)).all()
    found = next((r for r in rows if fold(r.name) == fold(actor)), None)
    if found is None:
        raise NotFoundError(f"event {event_id!r} has no actor {actor!r}; reload the event")
    target = actor_target(event_id, found.name)
    check_base(conn, target, base)
    before = {"name": found.name, "side": found.side, "role": found.role}
    ar = s.actor_reviews.c
    conn.execute(delete(s.actor_reviews).where(ar.event_id == event_id,
                                               ar.actor_key == fold(found.name)))  # fmt: skip
    conn.execute(insert(s.actor_reviews).values(
        event_id=event_id, actor_key=fold(found.name), name=found.name,
        side=found.side if side is None else side, role=role or found.role, reviewer=user.name,
        comment=comment, decided_at=datetime.now(UTC)))  # fmt: skip
    rec = PartWriter(conn, threshold).rebuild(event_id)
    assert rec is not None
    now: dict[str, Any] = next(
        (x for x in rec["actors"] if fold(x["name"]) == fold(found.name)), {}
    )
    after = {"name": found.name, "side": now.get("side"), "role": now.get("role")}
    audit(conn, user, "actor", event_id, target, before, after, comment)
    return rec


def _event_state(conn: Connection, event_id: str) -> dict[str, Any]:
    p = s.event_parts.c
    docs = sorted(set(conn.scalars(select(p.document_id).where(p.event_id == event_id))))
    e = s.events.c
    row = conn.execute(select(e.name, e.deaths_low, e.deaths_best, e.deaths_high)
                       .where(e.id == event_id)).first()  # fmt: skip
    return {"event": event_id, "name": row.name if row else None, "documents": docs,
            "deaths": [row.deaths_low, row.deaths_best, row.deaths_high] if row else None}  # fmt: skip


def merge(conn: Connection, threshold: float, keep: str, other: str, user: User,
          comment: str | None = None, base: int | None = None) -> dict[str, Any]:  # fmt: skip
    check_base(conn, f"event:{keep}", base)
    before = {"keep": _event_state(conn, keep), "other": _event_state(conn, other)}
    rec = PartWriter(conn, threshold).merge(keep, other, user.name, comment)
    # the other event's audit entries now belong to the merged event
    conn.execute(update(s.audit_log).where(s.audit_log.c.event_id == other).values(event_id=keep))
    _move_actor_reviews(conn, other, keep)
    audit(conn, user, "merge", keep, f"event:{keep}", before, _event_state(conn, keep), comment)
    return rec


def _move_actor_reviews(conn: Connection, old: str, new: str) -> None:
    """Actor decisions follow a merge; where both events had one on an actor, the kept
    event's stands (both stay in the audit log)."""
    ar = s.actor_reviews.c
    kept = set(conn.scalars(select(ar.actor_key).where(ar.event_id == new)))
    conn.execute(delete(s.actor_reviews).where(ar.event_id == old, ar.actor_key.in_(kept)))
    conn.execute(update(s.actor_reviews).where(ar.event_id == old).values(event_id=new))


def split(conn: Connection, threshold: float, event_id: str, doc_id: str, user: User,
          comment: str | None = None, base: int | None = None) -> tuple[str, dict[str, Any]]:  # fmt: skip
    check_base(conn, f"event:{event_id}", base)
    before = _event_state(conn, event_id)
    new_id, rec = PartWriter(conn, threshold).split(event_id, doc_id, user.name, comment)
    after = {"kept": _event_state(conn, event_id), "new": _event_state(conn, new_id)}
    audit(conn, user, "split", event_id, f"event:{event_id}", before, after, comment)
    return new_id, rec
