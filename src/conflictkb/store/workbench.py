"""Reviewers, their tokens and the audit log: the one write path of users' decisions.

Every decision (a claim's review, an actor's side and role, a merge, a split) is applied by
the store inside one transaction that also appends an :data:`~.schema.audit_log` row with who,
when, what, the state before and after, and why. A decision names the revision it was made on
(``base``: the id of the last audit entry on the same thing the user saw); when somebody else
decided on it meanwhile the decision is refused with :class:`ConflictError` and nothing is
written, so the second reviewer sees the first one's decision instead of overwriting it.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, delete, func, insert, or_, select

from ..errors import ConflictError, InputError, NotFoundError
from ..textutil import fold
from . import schema as s

__all__ = ["ACTOR_ROLES", "ROLES", "User", "actor_target", "audit", "audit_entries", "check_base", "revisions",
           "token_digest"]  # fmt: skip

ROLES = ("reviewer", "admin")
ACTOR_ROLES = ("combatant", "initiator", "target", "perpetrator", "commander", "leader",
               "supporter", "claimant", "mention")  # fmt: skip
_NAME = re.compile(r"^[\w.@-][\w .@-]{0,62}[\w.@-]$|^[\w]$", re.UNICODE)


@dataclass(frozen=True, slots=True)
class User:
    """Who makes a decision: a registered reviewer or admin, the operator (the server's
    ``CONFLICTKB_API_TOKEN``), or somebody at the command line of the store's machine."""

    name: str
    role: str  # reviewer, admin, operator, local

    @property
    def admin(self) -> bool:
        return self.role in ("admin", "operator", "local")


def actor_target(event_id: str, name: str) -> str:
    """The audit target of an actor of an event (by its case-folded name)."""
    return f"actor:{event_id}:{fold(name)}"


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def add_user(conn: Connection, name: str, role: str) -> str:
    """Register a user; return the token (shown once, only its digest is kept)."""
    if role not in ROLES:
        raise InputError(f"unknown role {role!r}; use one of {', '.join(ROLES)}")
    if not _NAME.match(name):
        raise InputError(f"user name {name!r}: use 1-64 letters, digits, spaces, '.', '@' or '-'")
    if conn.scalar(select(s.users.c.name).where(s.users.c.name == name)) is not None:
        raise InputError(f"user {name!r} exists; `conflictkb user remove {name}` first to renew")
    token = "ckb_" + secrets.token_urlsafe(24)
    conn.execute(insert(s.users).values(name=name, role=role, token_sha256=token_digest(token),
                                        created_at=datetime.now(UTC)))  # fmt: skip
    return token


def find_user(conn: Connection, token: str) -> User | None:
    """The user a token belongs to (looked up by its digest: the token is never stored)."""
    row = conn.execute(select(s.users.c.name, s.users.c.role)
                       .where(s.users.c.token_sha256 == token_digest(token))).first()  # fmt: skip
    return User(row.name, row.role) if row is not None else None


def list_users(conn: Connection) -> list[dict[str, Any]]:
    u = s.users.c
    q = select(u.name, u.role, u.created_at).order_by(u.name)
    return [dict(r) for r in conn.execute(q).mappings()]


def remove_user(conn: Connection, name: str) -> None:
    if conn.execute(delete(s.users).where(s.users.c.name == name)).rowcount == 0:
        raise NotFoundError(f"no user {name!r}; `conflictkb user list` shows them")


def revisions(conn: Connection, targets: Iterable[str]) -> dict[str, int]:
    """The id of the last audit entry on each target (0 when none): what a form sends back."""
    wanted = list(dict.fromkeys(targets))
    a = s.audit_log.c
    out = dict.fromkeys(wanted, 0)
    for i in range(0, len(wanted), 500):
        q = select(a.target, func.max(a.id)).where(a.target.in_(wanted[i : i + 500]))
        out.update({t: int(n) for t, n in conn.execute(q.group_by(a.target))})
    return out


def check_base(conn: Connection, target: str, base: int | None) -> None:
    """Refuse a decision made on an older revision of ``target`` than the stored one."""
    if base is None:
        return
    a = s.audit_log.c
    row = conn.execute(select(a.id, a.user, a.action, a.at).where(a.target == target)
                       .order_by(a.id.desc()).limit(1)).first()  # fmt: skip
    current = int(row.id) if row is not None else 0
    if current != base:
        who = f"{row.user} ({row.action}, {row.at:%Y-%m-%d %H:%M} UTC)" if row else "somebody"
        raise ConflictError(f"{who} changed this since you loaded it; nothing was saved: reload "
                            "to see their decision, then decide again")  # fmt: skip


def audit(conn: Connection, user: User, action: str, event_id: str, target: str,
          before: dict[str, Any] | None, after: dict[str, Any] | None,
          comment: str | None) -> int:  # fmt: skip
    res = conn.execute(insert(s.audit_log).values(
        at=datetime.now(UTC), user=user.name, role=user.role, action=action, event_id=event_id,
        target=target, before=before, after=after, comment=comment))  # fmt: skip
    return int(res.inserted_primary_key[0])  # type: ignore[index]


def audit_entries(conn: Connection, event_id: str | None = None) -> list[dict[str, Any]]:
    """Audit entries, oldest first (all, or those on one event and the events merged into it:
    one statement)."""
    a = s.audit_log.c
    q = select(s.audit_log).order_by(a.id)
    if event_id is not None:
        moved = s.event_redirects.c
        merged = select(moved.old_id).where(moved.event_id == event_id)
        q = q.where(or_(a.event_id == event_id, a.event_id.in_(merged)))
    out = []
    for r in conn.execute(q).mappings():
        row = dict(r)
        at = row["at"]
        if isinstance(at, datetime):  # SQLite hands back naive UTC
            row["at"] = (at if at.tzinfo else at.replace(tzinfo=UTC)).isoformat()
        for k in ("before", "after"):
            row[k] = s.json_value(row[k]) if row[k] is not None else None
        out.append(row)
    return out
