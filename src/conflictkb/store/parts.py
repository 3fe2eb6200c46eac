"""Events made of parts: resolution of a new document's parts against stored events, the
merged record, document versions, and users' merges and splits. Everything here runs inside
the caller's transaction (the store's one writer), so a failure leaves the store as it was.

docs/merging.md describes the rules; :mod:`conflictkb.assemble.sameevent` scores pairs and
:mod:`conflictkb.assemble.combine` builds the merged event.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, delete, insert, or_, select, update

from ..assemble.combine import combine
from ..assemble.sameevent import (
    Judgement,
    event_names,
    index_keys,
    is_encyclopedia,
    judge,
    name_key,
    query_keys,
)
from ..errors import InputError, NotFoundError
from ..extract.registry import ActorRegistry, load_registry
from ..extract.vocab import normalise_category
from ..model import ENCYCLOPEDIA_FORMATS, Actor, Claim, Document, Event, ReviewStatus
from ..record import document_from_meta, event_from_record, event_record
from ..resolve.claimants import normalise_claimant
from ..textutil import fold, slugify
from . import schema as s
from .search import unindex_event
from .writer import write_event

__all__ = ["PartWriter", "Placement"]

_MAX_CANDIDATES = 200
_KEY_CHUNK = 500


@dataclass(slots=True)
class Placement:
    """Where one part of a document went."""

    part_id: str
    event_id: str
    merged: bool  # joined an event stored before


def part_event(record: dict[str, Any]) -> Event:
    """A stored part as an Event, with what its record says of its document."""
    ev = event_from_record(record)
    ev.documents = [document_from_meta(m) for m in record.get("documents") or []][:1]
    return ev


def _chunks(items: Sequence[str], n: int = _KEY_CHUNK) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


class PartWriter:
    """Writes parts and rebuilds the events they make, on one open transaction."""

    def __init__(self, conn: Connection, threshold: float) -> None:
        self.conn = conn
        self.threshold = threshold
        self.touched: set[str] = set()  # events that lost a part and must be rebuilt
        self.orphans: list[str] = []  # review decisions a new version left without a claim

    # -- resolution -------------------------------------------------------------------------
    def candidates(self, part: Event, text: str) -> list[str]:
        """Stored events that share an index key with ``part`` (most keys in common first)."""
        hits: dict[str, int] = {}
        keys = query_keys(part, text)
        for chunk in _chunks(keys):
            q = (select(s.event_parts.c.event_id)
                 .join(s.resolution_keys, s.resolution_keys.c.part_id == s.event_parts.c.id)
                 .where(s.resolution_keys.c.key.in_(chunk)))  # fmt: skip
            for (event_id,) in self.conn.execute(q):
                hits[event_id] = hits.get(event_id, 0) + 1
        return sorted(hits, key=lambda e: -hits[e])[:_MAX_CANDIDATES]

    def kept_apart_from(self, doc_id: str) -> set[str]:
        """Events holding a document a user split away from ``doc_id``."""
        ka = s.kept_apart.c
        others = select(ka.other_document_id).where(ka.document_id == doc_id)
        q = select(s.event_parts.c.event_id).where(s.event_parts.c.document_id.in_(others))
        return set(self.conn.scalars(q))

    def parts_of(self, event_id: str) -> list[tuple[str, Event, dict[str, Any] | None]]:
        p = s.event_parts.c
        rows = self.conn.execute(select(p.id, p.record, p.resolution).where(p.event_id == event_id)
                                 .order_by(p.created_at, p.id))  # fmt: skip
        return [(r.id, part_event(s.json_value(r.record)), r.resolution) for r in rows]

    def combined(self, event_id: str) -> Event | None:
        """The stored event as combined from its parts (its names, best place, all figures)."""
        rec = self.conn.scalar(select(s.events.c.record).where(s.events.c.id == event_id))
        rec = s.json_value(rec) if rec else {}
        return part_event(rec) if rec.get("title") else None

    def _parts_of_many(self, event_ids: Sequence[str]) -> dict[str, list[Event]]:
        """:meth:`parts_of` of several events (the parts only), one query per chunk."""
        p = s.event_parts.c
        out: dict[str, list[Event]] = {e: [] for e in event_ids}
        for chunk in _chunks(event_ids):
            rows = self.conn.execute(select(p.event_id, p.record).where(p.event_id.in_(chunk))
                                     .order_by(p.event_id, p.created_at, p.id))  # fmt: skip
            for r in rows:
                out[r.event_id].append(part_event(s.json_value(r.record)))
        return out

    def _combined_many(self, event_ids: Sequence[str]) -> dict[str, Event]:
        """:meth:`combined` of several events (those that have one), one query per chunk."""
        e = s.events.c
        out: dict[str, Event] = {}
        for chunk in _chunks(event_ids):
            for r in self.conn.execute(select(e.id, e.record).where(e.id.in_(chunk))):
                rec = s.json_value(r.record) if r.record else {}
                if rec.get("title"):
                    out[r.id] = part_event(rec)
        return out

    def judge_event(self, part: Event, text: str, event_id: str) -> Judgement:
        """The best judgement of ``part`` against each part of the event and against the event
        as combined (a report may match the article's name and another report's place)."""
        others = [other for _pid, other, _res in self.parts_of(event_id)]
        whole = self.combined(event_id) if len(others) > 1 else None  # one part is the whole
        return self._best(part, text, others, whole)

    def _best(self, part: Event, text: str, others: list[Event], whole: Event | None) -> Judgement:
        best: Judgement | None = None
        for other in others + ([whole] if whole is not None else []):
            j = judge(part, other, text, self.threshold)
            rank = (j.kind == "same", j.kind != "distinct", j.score)
            if best is None or rank > (best.kind == "same", best.kind != "distinct", best.score):
                best = j
        return best or Judgement(0.0, "distinct", ["the event has no parts"])

    def resolve(
        self, part: Event, doc: Document
    ) -> tuple[str | None, dict[str, Any], list[tuple[str, Judgement]]]:
        """The stored event ``part`` belongs to (or None), the decision, and the typed
        relations found to other events."""
        blocked = self.kept_apart_from(doc.id)
        nearest: tuple[str, Judgement] | None = None  # the closest candidate that did not merge
        same: list[tuple[str, Judgement]] = []
        related: list[tuple[str, Judgement]] = []
        ids = [e for e in self.candidates(part, doc.text) if e not in blocked]
        parts = self._parts_of_many(ids)  # every candidate's parts at once, as judge_event reads
        wholes = self._combined_many([e for e in ids if len(parts[e]) > 1])
        for event_id in ids:
            j = self._best(part, doc.text, parts[event_id], wholes.get(event_id))
            if j.kind == "same":
                same.append((event_id, j))
            elif j.kind in ("part_of", "contains", "follows", "reaction_to"):
                related.append((event_id, j))
            elif nearest is None or j.score > nearest[1].score:
                nearest = (event_id, j)
        decision: dict[str, Any] = {"threshold": self.threshold, "candidates": len(ids),
                                    "kept_apart": sorted(blocked), "decided_by": "automatic"}  # fmt: skip
        best = self._most_specific(same)
        if best is None:
            decision.update(event=None, kind="new", score=None,
                            reasons=["no stored event scored above the threshold"])  # fmt: skip
            if nearest is not None:
                decision["nearest"] = {"event": nearest[0], **nearest[1].as_dict()}
            return None, decision, related
        decision.update(event=best[0], **best[1].as_dict())
        return best[0], decision, related

    def _most_specific(self, same: list[tuple[str, Judgement]]) -> tuple[str, Judgement] | None:
        """The best-scoring event, or a shorter one scoring within 3 of it: a report that fits
        both a battle and the campaign around it belongs to the battle."""
        if not same:
            return None
        top = max(j.score for _, j in same)
        close = [(e, j) for e, j in same if j.score >= top - 3]
        if len(close) == 1:
            return close[0]
        return min(close, key=lambda ej: (self._duration(ej[0]), -ej[1].score))

    def _duration(self, event_id: str) -> int:
        e = s.events.c
        row = self.conn.execute(select(e.start_date, e.end_date).where(e.id == event_id)).first()
        if row is None or row.start_date is None:
            return 10**6
        if row.end_date is None:  # an open end ("18 April 2022 – present")
            return 10**5
        return int((row.end_date - row.start_date).days)

    # -- writing parts ----------------------------------------------------------------------
    def free_event_id(self, wanted: str, doc_id: str) -> str:
        taken = select(s.events.c.id).where(s.events.c.id == wanted)
        moved = select(s.event_redirects.c.old_id).where(s.event_redirects.c.old_id == wanted)
        if self.conn.scalar(taken) is None and self.conn.scalar(moved) is None:
            return wanted
        return f"{wanted}-{doc_id[:8]}"

    def add_part(self, part: Event, doc: Document, seq: int, event_id: str | None = None,
                 decision: dict[str, Any] | None = None) -> Placement:  # fmt: skip
        """Store one part: in ``event_id`` when given, else where resolution puts it."""
        related: list[tuple[str, Judgement]] = []
        if event_id is None:
            event_id, decision, related = self.resolve(part, doc)
        merged = event_id is not None
        if event_id is None:
            event_id = self.free_event_id(part.id, doc.id)
            self._ensure_event_row(event_id, part.name)
        part_id = f"{doc.id}:{seq}"
        rec = event_record(part)
        self.conn.execute(insert(s.event_parts).values(
            id=part_id, document_id=doc.id, seq=seq, event_id=event_id, record=rec,
            resolution=decision, created_at=datetime.now(UTC)))  # fmt: skip
        keys = index_keys(part)
        if keys:
            self.conn.execute(insert(s.resolution_keys),
                              [{"key": k, "part_id": part_id} for k in keys])  # fmt: skip
        for other, j in related:
            # "contains": the stored event is part of the new one; the others point from it.
            src, dst = (other, event_id) if j.kind == "contains" else (event_id, other)
            kind = "part_of" if j.kind == "contains" else j.kind
            self.add_link(src, kind, dst, None, "automatic", j.as_dict())
        self._article_links(part, event_id)
        return Placement(part_id, event_id, merged)

    def _ensure_event_row(self, event_id: str, name: str) -> None:
        if self.conn.scalar(select(s.events.c.id).where(s.events.c.id == event_id)) is None:
            self.conn.execute(insert(s.events).values(
                id=event_id, name=name, record={}, updated_at=datetime.now(UTC)))  # fmt: skip

    # -- typed links ------------------------------------------------------------------------
    def event_named(self, key: str) -> str | None:
        q = (select(s.event_parts.c.event_id)
             .join(s.resolution_keys, s.resolution_keys.c.part_id == s.event_parts.c.id)
             .where(s.resolution_keys.c.key == f"n:{key}"))  # fmt: skip
        ids = set(self.conn.scalars(q))
        return next(iter(ids)) if len(ids) == 1 else None

    def add_link(self, event_id: str, kind: str, target: str | None, name: str | None,
                 origin: str, detail: dict[str, Any] | None = None) -> None:  # fmt: skip
        if target == event_id:
            return
        li = s.event_links.c
        key = name_key(name) if name else None
        same = select(li.id).where(li.event_id == event_id, li.kind == kind,
                                   li.target_event_id == target if target else li.target_key == key)  # fmt: skip
        if self.conn.scalar(same) is not None:
            return
        self.conn.execute(insert(s.event_links).values(
            event_id=event_id, kind=kind, target_event_id=target, target_name=name,
            target_key=key, origin=origin, detail=detail, created_at=datetime.now(UTC)))  # fmt: skip

    def _article_links(self, part: Event, event_id: str) -> None:
        """ "Part of" and "See also" of an article; names no stored event matches wait for one."""
        if not is_encyclopedia(part):
            return
        for name in split_names(part.conflict or ""):
            self.add_link(event_id, "part_of", self.event_named(name_key(name)), name, "infobox")
        for name in part.related:
            self.add_link(event_id, "see_also", self.event_named(name_key(name)), name, "see-also")
        li = s.event_links.c
        for key in event_names(part):
            self.conn.execute(update(s.event_links)
                              .where(li.target_key == key, li.target_event_id.is_(None),
                                     li.event_id != event_id)
                              .values(target_event_id=event_id))  # fmt: skip

    # -- the merged record ------------------------------------------------------------------
    def rebuild(self, event_id: str) -> dict[str, Any] | None:
        """Recompute an event from its parts and the reviews; delete it when no part is left."""
        parts = self.parts_of(event_id)
        if not parts:
            unindex_event(self.conn, event_id)  # first: its index row is found by its rowid
            self.conn.execute(delete(s.events).where(s.events.c.id == event_id))
            return None
        docs = self._documents([p.documents[0].id for _, p, _ in parts if p.documents])
        for _pid, p, _res in parts:
            p.documents = [docs[d.id] for d in p.documents if d.id in docs]
        events = [p for _, p, _ in parts]
        apply_reviews(self.conn, [c for p in events for c in p.claims])
        ev = combine(events, event_id)
        apply_actor_reviews(self.conn, event_id, ev.actors)
        resolutions = {p.documents[0].id: res for _, p, res in parts if p.documents}
        rec = event_record(ev)
        for meta in rec["documents"]:
            meta["resolution"] = resolutions.get(meta["sha256"])
        rc = s.review_carry.c
        rec["orphaned_reviews"] = [
            {"claim_id": r.old_claim_id, "document_id": r.old_document_id, **s.json_value(r.detail)}
            for r in self.conn.execute(select(rc.old_claim_id, rc.old_document_id, rc.detail)
                                       .where(rc.event_id == event_id, rc.new_claim_id.is_(None)))
        ]  # fmt: skip
        write_event(self.conn, ev, rec)
        return rec

    def _documents(self, ids: list[str]) -> dict[str, Document]:
        d = s.documents.c
        rows = self.conn.execute(select(d.id, d.path, d.format, d.title, d.text, d.published,
                                        d.url, d.source, d.language, d.claimant, d.pages)
                                 .where(d.id.in_(list(dict.fromkeys(ids)))))  # fmt: skip
        return {r.id: Document(id=r.id, path=r.path, format=r.format, title=r.title, text=r.text,
                               published=r.published, url=r.url, source=r.source,
                               language=r.language, claimant=r.claimant,
                               pages=list(r.pages or [])) for r in rows}  # fmt: skip

    # -- versions ---------------------------------------------------------------------------
    def previous_version(self, doc: Document) -> str | None:
        """A stored, current document this one is a new version of: the same URL, or the same
        title and publisher (published within a month of each other: "Weekly update" of another
        week is another report), or (encyclopedia articles) the same title."""
        d = s.documents.c
        same: list[Any] = []
        if doc.url:
            same.append(d.url == doc.url)
        if doc.source:  # the same headline of one publisher, and not months apart
            same_title = (d.title == doc.title) & (d.source == doc.source)
            if doc.published is not None:
                lo, hi = doc.published - timedelta(days=31), doc.published + timedelta(days=31)
                same_title &= d.published.is_(None) | d.published.between(lo, hi)
            same.append(same_title)
        if doc.encyclopedia and doc.title:
            same.append((d.title == doc.title) & d.format.in_(sorted(ENCYCLOPEDIA_FORMATS)))
        if not same:
            return None
        q = (select(d.id).where(or_(*same), d.superseded_by.is_(None), d.id != doc.id,
                                d.id.in_(select(s.event_parts.c.document_id)))
             .order_by(d.ingested_at.desc()))  # fmt: skip
        return self.conn.scalar(q)

    def replace_version(self, old_id: str, doc: Document, parts: list[Event]) -> list[Placement]:
        """The new version's parts take the old version's places; reviews are carried over.
        ``old_id == doc.id`` is a re-extraction of the same document (a new extractor)."""
        p = s.event_parts.c
        old = self.conn.execute(select(p.id, p.event_id, p.record).where(p.document_id == old_id)
                                .order_by(p.seq)).all()  # fmt: skip
        old_claims = [c for r in old for c in s.json_value(r.record).get("claims", [])]
        self.conn.execute(delete(s.resolution_keys).where(
            s.resolution_keys.c.part_id.in_([r.id for r in old])))  # fmt: skip
        self.conn.execute(delete(s.event_parts).where(p.document_id == old_id))
        self.conn.execute(
            delete(s.event_documents).where(s.event_documents.c.document_id == old_id)
        )
        same = old_id == doc.id
        if not same:
            self.conn.execute(update(s.documents).where(s.documents.c.id == old_id)
                              .values(superseded_by=doc.id))  # fmt: skip
            ka = s.kept_apart.c
            for row in self.conn.execute(select(s.kept_apart).where(ka.document_id == old_id)):
                self._keep_apart(doc.id, row.other_document_id, row.decision_id)
        placed = []
        for i, part in enumerate(parts):
            target = old[i].event_id if i < len(old) else None
            why = ("the same document extracted again" if same else
                   "a new version of a stored document (same URL, or title and publisher)")  # fmt: skip
            decision = {"event": target, "kind": "re-extraction" if same else "version",
                        "replaces": old_id, "reasons": [why],
                        "decided_by": "automatic"} if target else None  # fmt: skip
            placed.append(self.add_part(part, doc, i, target, decision))
        new_claims = [c for pt in parts for c in pt.claims]
        event_of = {
            c.id: pl.event_id for pt, pl in zip(parts, placed, strict=True) for c in pt.claims
        }
        self.orphans += carry_reviews(self.conn, old_claims, new_claims, old_id, doc.id, event_of,
                                      fallback_event=placed[0].event_id)  # fmt: skip
        self.touched |= {r.event_id for r in old}
        return placed

    def _keep_apart(self, a: str, b: str, decision_id: int) -> None:
        for x, y in ((a, b), (b, a)):
            q = select(s.kept_apart.c.document_id).where(s.kept_apart.c.document_id == x,
                                                          s.kept_apart.c.other_document_id == y)  # fmt: skip
            if self.conn.scalar(q) is None:
                self.conn.execute(insert(s.kept_apart).values(
                    document_id=x, other_document_id=y, decision_id=decision_id))  # fmt: skip

    # -- users' decisions -------------------------------------------------------------------
    def _decide(self, kind: str, event_id: str, other: str | None, doc_id: str | None,
                user: str | None, comment: str | None) -> int:  # fmt: skip
        res = self.conn.execute(insert(s.event_decisions).values(
            kind=kind, event_id=event_id, other_event_id=other, document_id=doc_id, user=user,
            comment=comment, decided_at=datetime.now(UTC)))  # fmt: skip
        return int(res.inserted_primary_key[0])  # type: ignore[index]

    def merge(self, keep: str, other: str, user: str | None, comment: str | None) -> dict[str, Any]:
        """A user's merge: every part of ``other`` joins ``keep``; ``other`` redirects."""
        p = s.event_parts.c
        keep_docs = set(self.conn.scalars(select(p.document_id).where(p.event_id == keep)))
        other_docs = set(self.conn.scalars(select(p.document_id).where(p.event_id == other)))
        ka = s.kept_apart.c
        self.conn.execute(delete(s.kept_apart).where(
            (ka.document_id.in_(keep_docs) & ka.other_document_id.in_(other_docs))
            | (ka.document_id.in_(other_docs) & ka.other_document_id.in_(keep_docs))))  # fmt: skip
        decision = self._decide("merge", keep, other, None, user, comment)
        self.conn.execute(update(s.event_parts).where(p.event_id == other).values(
            event_id=keep, resolution={"event": keep, "kind": "user-merge", "decision": decision,
                                       "decided_by": user or "user"}))  # fmt: skip
        li = s.event_links.c
        self.conn.execute(update(s.event_links).where(li.event_id == other).values(event_id=keep))
        self.conn.execute(update(s.event_links).where(li.target_event_id == other)
                          .values(target_event_id=keep))  # fmt: skip
        self.conn.execute(delete(s.event_links).where(li.event_id == keep,
                                                      li.target_event_id == keep))  # fmt: skip
        unindex_event(self.conn, other)
        self.conn.execute(delete(s.events).where(s.events.c.id == other))
        r = s.event_redirects.c
        self.conn.execute(
            update(s.event_redirects).where(r.event_id == other).values(event_id=keep)
        )
        self.conn.execute(insert(s.event_redirects).values(old_id=other, event_id=keep))
        rec = self.rebuild(keep)
        assert rec is not None
        return rec

    def split(self, event_id: str, doc_id: str, user: str | None,
              comment: str | None) -> tuple[str, dict[str, Any]]:  # fmt: skip
        """A user's split: the document's parts leave the event for a new one of their own,
        and no automatic pass joins them again."""
        p = s.event_parts.c
        rows = self.conn.execute(
            select(p.id, p.document_id, p.record).where(p.event_id == event_id)
        ).all()
        mine = [r for r in rows if r.document_id == doc_id]
        if not mine:
            raise NotFoundError(f"event {event_id!r} has no document {doc_id!r}; see its "
                                "documents with `conflictkb show`")  # fmt: skip
        if len(mine) == len(rows):
            raise InputError(
                f"{doc_id[:12]} is the only document of {event_id!r}: nothing to split"
            )
        decision = self._decide("split", event_id, None, doc_id, user, comment)
        for other in {r.document_id for r in rows} - {doc_id}:
            self._keep_apart(doc_id, other, decision)
        first = part_event(s.json_value(mine[0].record))
        new_id = self.free_event_id(slugify(first.name), doc_id)
        self._ensure_event_row(new_id, first.name)
        self.conn.execute(update(s.event_parts).where(p.id.in_([r.id for r in mine])).values(
            event_id=new_id, resolution={"event": new_id, "kind": "user-split", "decision": decision,
                                         "split_from": event_id, "decided_by": user or "user"}))  # fmt: skip
        self.rebuild(event_id)
        rec = self.rebuild(new_id)
        assert rec is not None
        return new_id, rec


def split_names(text: str) -> list[str]:
    """The events a "Part of" field lists: "the A, the B (2016–2017), and the C"."""
    out, depth, cur = [], 0, ""
    for ch in text:
        depth += ch == "("
        depth -= ch == ")"
        if ch == "," and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    out.append(cur)
    names = []
    for piece in out:
        for name in piece.split(" and ") if piece.count("(") == 0 else [piece]:
            for link in _chain(name.strip().removeprefix("and ").strip()):
                link = link[4:] if link.lower().startswith("the ") else link
                if len(link) > 3:
                    names.append(link)
    return list(dict.fromkeys(names))


_CHAIN = re.compile(r"^(.+?\b(?:offensive|counteroffensive|campaign|war|invasion|conflict|"
                    r"operation|intervention|insurgency|crisis|siege))\s+of\s+(the\s+.+)$",
                    re.I)  # fmt: skip


def _chain(name: str) -> list[str]:
    """ "the Eastern Ukraine offensive of the 2022 Russian invasion of Ukraine" names two
    events, one inside the other; "Battle of the Shaer gas field" names one."""
    m = _CHAIN.match(name)
    if m is None or len(m.group(1).split()) < 2:
        return [name]
    return [m.group(1), *_chain(m.group(2))]


def _reviews(conn: Connection, claim_ids: Iterable[str]) -> dict[str, Any]:
    """The reviewer decisions on these claims, by claim id."""
    decided: dict[str, Any] = {}
    for chunk in _chunks(list(claim_ids)):
        for r in conn.execute(select(s.reviews).where(s.reviews.c.claim_id.in_(chunk))).mappings():
            decided[r["claim_id"]] = r
    return decided


@lru_cache(maxsize=1)
def _registry() -> ActorRegistry:
    return load_registry()


def apply_reviews(conn: Connection, claims: list[Claim]) -> None:
    """Reviewer decisions win over what extraction says. An edit may change the figures, the
    victim category, the side and the claimant; the claim keeps its identity."""
    decided = _reviews(conn, (c.id for c in claims))
    for c in claims:
        got = decided.get(c.id)
        if got is None:
            continue
        c.key = c.id
        c.review_status = ReviewStatus(got["status"])
        if c.review_status is not ReviewStatus.EDITED:
            continue
        if got["min"] is not None or got["max"] is not None:
            c.min, c.max, c.parsed = got["min"], got["max"], True
        if got.get("category") is not None:
            c.category = got["category"] or None
            c.category_norm = normalise_category(c.category)
        if got.get("side") is not None:
            c.side = got["side"] or None
        if got.get("claimant") is not None:
            c.claimant = got["claimant"] or None
            c.claimant_norm = normalise_claimant(c.claimant, _registry()) if c.claimant else None


def apply_actor_reviews(conn: Connection, event_id: str, actors: list[Actor]) -> None:
    """A reviewer's side and role for an actor win over extraction's."""
    ar = s.actor_reviews.c
    decided = {r.actor_key: r for r in conn.execute(select(s.actor_reviews)
                                                    .where(ar.event_id == event_id))}  # fmt: skip
    for a in actors:
        got = decided.get(fold(a.name))
        if got is not None:
            a.side = got.side or None
            a.role = got.role or a.role


def _match_key(c: dict[str, Any] | Claim) -> tuple[Any, ...]:
    if isinstance(c, Claim):
        return (c.property, c.side, fold(c.claimant or ""), fold(c.text))
    return (c["property"], c.get("side"), fold(c.get("claimant") or ""), fold(c["text"]))


def _closest(old: dict[str, Any], new: list[Claim], taken: set[str]) -> Claim | None:
    """The new claim a decision on ``old`` is about: the same property, side, claimant and
    quoted text; else the same property, side and claimant with nearly the same quote."""
    key = _match_key(old)
    exact = [c for c in new if c.id not in taken and _match_key(c) == key]
    if exact:
        return exact[0]
    near = [(difflib.SequenceMatcher(None, key[3], _match_key(c)[3]).ratio(), c) for c in new
            if c.id not in taken and _match_key(c)[:3] == key[:3]]  # fmt: skip
    near = [x for x in near if x[0] >= 0.85]
    return max(near, key=lambda x: x[0])[1] if near else None


def carry_reviews(conn: Connection, old_claims: list[dict[str, Any]], new_claims: list[Claim],
                  old_doc: str, new_doc: str, event_of: dict[str, str],
                  fallback_event: str) -> list[str]:  # fmt: skip
    """Copy each decision on an old version's claim to the claim it became; return the ids of
    the decisions that found no claim (orphaned: recorded, shown, never dropped)."""
    by_id = {c["id"]: c for c in old_claims}
    taken: set[str] = set()
    orphans = []
    for r in _reviews(conn, by_id).values():
        old = by_id[r["claim_id"]]
        match = _closest(old, new_claims, taken)
        if match is not None:
            taken.add(match.id)
            conn.execute(delete(s.reviews).where(s.reviews.c.claim_id == match.id))
            conn.execute(insert(s.reviews).values(
                claim_id=match.id, status=r["status"], min=r["min"], max=r["max"],
                category=r["category"], side=r["side"], claimant=r["claimant"],
                reviewer=r["reviewer"], comment=r["comment"], decided_at=r["decided_at"]))  # fmt: skip
        else:
            orphans.append(r["claim_id"])
        detail = {"property": old["property"], "side": old.get("side"),
                  "claimant": old.get("claimant"), "text": old["text"], "min": old.get("min"),
                  "max": old.get("max"), "status": r["status"], "reviewer": r["reviewer"],
                  "comment": r["comment"]}  # fmt: skip
        conn.execute(delete(s.review_carry).where(s.review_carry.c.old_claim_id == r["claim_id"]))
        conn.execute(insert(s.review_carry).values(
            old_claim_id=r["claim_id"], new_claim_id=match.id if match else None,
            event_id=event_of.get(match.id, fallback_event) if match else fallback_event,
            old_document_id=old_doc, new_document_id=new_doc, detail=detail,
            carried_at=datetime.now(UTC)))  # fmt: skip
    return orphans
