"""One event from the parts several documents give of it, by a written rule.

* **Primary part**: the first encyclopedia article among the parts, else the first part stored.
  The event keeps the primary's name, type and actors; the other parts' names become aliases.
* **Date and place**: from the part that states them most precisely (date precision, then
  UCDP ``where_prec``), the primary on ties; ``field_documents`` says which document.
* **Claims**: all of them, each with its own document, span and side as numbered in that
  document. For the estimates, sides of other documents are aligned on the primary's through
  the actors they share (a side that cannot be aligned is unsided).
* **A later figure of the same party supersedes its earlier one**: among documents with known
  publication dates, the claims of a party (by property and victim category) in an older
  document get ``superseded_by`` when a newer document has that party's figure; a reviewer's
  confirmed or edited claim is never superseded.
* **Corroboration**: a figure stated by two or more independent sources (publishers).
* **Timeline**: every entry, sorted by date, the same entry once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from datetime import date

from ..model import Actor, Claim, Document, Event, ReviewStatus, TimelineEntry
from ..record import source_key
from ..textutil import fold
from .estimates import compute_estimates, effective_category
from .sameevent import is_encyclopedia

__all__ = ["combine", "primary_index"]

_REVIEWED = (ReviewStatus.CONFIRMED, ReviewStatus.EDITED)


def primary_index(parts: list[Event]) -> int:
    return next((i for i, p in enumerate(parts) if is_encyclopedia(p)), 0)


def _doc(part: Event) -> Document | None:
    return part.documents[0] if part.documents else None


def _best(parts: list[Event], key: Callable[[Event], tuple[int, bool]],
          has: Callable[[Event], bool]) -> Event | None:  # fmt: skip
    usable = [p for p in parts if has(p)]
    return min(usable, key=key) if usable else None


def _side_map(primary: Event, part: Event) -> dict[int, int]:
    """Sides of ``part`` as the primary numbers them, through actor names in common."""
    ours = {fold(a.name): a.side for a in primary.actors if a.side is not None}
    found: dict[int, set[int]] = defaultdict(set)
    for a in part.actors:
        side = ours.get(fold(a.name))
        if a.side is not None and side is not None:
            found[a.side].add(side)
    return {s: next(iter(v)) for s, v in found.items() if len(v) == 1}


def _aligned(
    claims: list[Claim], maps: dict[str, dict[int, int]], primary_doc: str | None
) -> list[Claim]:
    out = []
    for c in claims:
        if c.document_id == primary_doc or c.side is None:
            out.append(c)
        else:
            out.append(replace(c, side=maps.get(c.document_id or "", {}).get(c.side)))
    return out


def _supersede(claims: list[Claim], published: dict[str, date | None]) -> None:
    groups: dict[tuple[str, str, str], list[Claim]] = defaultdict(list)
    for c in claims:
        c.superseded_by = None
        when = published.get(c.document_id or "")
        if (
            c.party
            and when is not None
            and c.parsed
            and c.review_status is not ReviewStatus.REJECTED
        ):
            groups[(c.property, fold(c.party), effective_category(c))].append(c)
    for group in groups.values():
        latest = max(published[c.document_id or ""] for c in group)  # type: ignore[type-var]
        newer = [c for c in group if published[c.document_id or ""] == latest]
        for c in group:
            if published[c.document_id or ""] != latest and c.review_status not in _REVIEWED:
                c.superseded_by = newer[0].id


def _corroboration(claims: list[Claim], docs: list[Document]) -> list[dict[str, object]]:
    """Figures stated by two or more independent sources (:func:`source_key`), each source
    named by its publisher, else its title."""
    key = {d.id: source_key(d) for d in docs}
    name = {d.id: d.source or d.title or d.id for d in docs}
    by_figure: dict[tuple[str, int, int | None], list[Claim]] = defaultdict(list)
    for c in claims:
        if c.counts and c.min is not None and c.corroborates is None:
            by_figure[(c.property, c.min, c.max)].append(c)
    out: list[dict[str, object]] = []
    for (prop, lo, hi), group in sorted(by_figure.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        by_source = {key.get(c.document_id or ""): name.get(c.document_id or "", "") for c in group}
        srcs = list(dict.fromkeys(by_source.values()))
        if len(by_source) >= 2:
            out.append({"property": prop, "min": lo, "max": hi, "claims": [c.id for c in group],
                        "sources": srcs})  # fmt: skip
    return out


def _actors(primary: Event, parts: list[Event], maps: dict[str, dict[int, int]]) -> list[Actor]:
    actors = list(primary.actors)
    seen = {fold(a.name) for a in actors}
    for part in parts:
        if part is primary:
            continue
        doc = _doc(part)
        side_of = maps.get(doc.id if doc else "", {})
        for a in part.actors:
            if fold(a.name) not in seen:
                seen.add(fold(a.name))
                actors.append(replace(a, side=side_of.get(a.side) if a.side else None))
    return actors


def _timeline(parts: list[Event]) -> list[TimelineEntry]:
    seen: set[tuple[object, str, str]] = set()
    out: list[TimelineEntry] = []
    for part in parts:
        for t in part.timeline:
            key = (t.date, t.kind, fold(t.text)[:80])
            if key not in seen:
                seen.add(key)
                out.append(t)
    return sorted(out, key=lambda t: (t.date is None, t.date or date.min))


def combine(parts: list[Event], event_id: str) -> Event:
    """The event the parts describe (see the module docstring); parts keep their order."""
    primary = parts[primary_index(parts)]
    docs = [d for p in [primary, *parts] if (d := _doc(p)) is not None]
    docs = list({d.id: d for d in docs}.values())
    dated = _best(parts, lambda p: (int(p.date_precision or 5), p is not primary),
                  lambda p: p.start_date is not None) or primary  # fmt: skip
    placed = _best(parts, lambda p: ((p.place.where_prec if p.place else None) or 9, p is not primary),
                   lambda p: p.place is not None and p.place.lat is not None) or primary  # fmt: skip
    maps = {d.id: _side_map(primary, p) for p in parts if (d := _doc(p)) is not None}
    claims = [c for p in parts for c in p.claims]
    _supersede(claims, {d.id: d.published for d in docs})
    primary_doc = _doc(primary)
    ev = Event(id=event_id, name=primary.name, documents=docs,
               start_date=dated.start_date, end_date=dated.end_date,
               date_precision=dated.date_precision, date_span=dated.date_span,
               date_note=dated.date_note, place=placed.place or primary.place,
               conflict=primary.conflict or next((p.conflict for p in parts if p.conflict), None),
               actors=_actors(primary, parts, maps), result=primary.result,
               related=list(dict.fromkeys(r for p in parts for r in p.related)), claims=claims,
               timeline=_timeline([primary, *parts]), typology=primary.typology or next(
                   (p.typology for p in parts if p.typology), None))  # fmt: skip
    ev.aliases = list(dict.fromkeys(p.name for p in parts if p.name != ev.name))
    ev.field_documents = {k: d.id for k, p in (("date", dated), ("place", placed))
                          if (d := _doc(p)) is not None}  # fmt: skip
    ev.estimates = compute_estimates(
        _aligned(claims, maps, primary_doc.id if primary_doc else None)
    )
    ev.corroboration = _corroboration(claims, docs)
    return ev
