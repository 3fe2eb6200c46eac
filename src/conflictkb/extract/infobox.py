"""The conflict-infobox family to event facts: dates, place, sides, figures, result, related.

Field names follow Wikipedia's ``Infobox military conflict`` / ``Infobox civilian attack``
(conflict, date, place, coordinates, partof, combatant1..3, commander1..3, strength1..3,
casualties1..3 and totals, result) as they appear once flattened to ``Key: value``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Actor, Claim, Document, InfoboxField, Place, Span
from .casualties import parse_figures
from .coords import parse_coordinates
from .dates import DateRange, parse_date_range

__all__ = ["InfoboxFacts", "clean_items", "read_infobox", "related_events"]

_SIDE_KEY = re.compile(
    r"^(combatant|commander|strength|casualties|units|leader|perpetrators?|perps)(\d)?$"
)
_TOTAL_KEYS = {"casualties", "casualtiestotal", "totalcasualties", "casualties4", "fatalities",
               "deaths", "injuries", "injured", "wounded", "missing", "victims"}  # fmt: skip
_DEBRIS = re.compile(
    # a file name is bounded (240 characters): unbounded, the lazy scan from every position
    # of a long value without commas is quadratic (a 300k-character value took minutes)
    r"(?:(?:(?:File|Image):)?[^,\n]{0,240}?\.(?:png|svg|jpe?g|gif|webp)\b\s*|\b\d{1,3}x?\d*px\b\s*|"
    r"\bborder\b\s*|\bflagicon\b\s*|\balt=[^,]*)",
    re.I,
)


@dataclass(slots=True)
class InfoboxFacts:
    name: str | None = None
    dates: DateRange | None = None
    date_span: Span | None = None
    place: Place | None = None
    conflict: str | None = None
    result: str | None = None
    actors: list[Actor] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)


def read_infobox(doc: Document) -> InfoboxFacts:
    """Everything the infobox of ``doc`` states, each with its span."""
    facts = InfoboxFacts()
    for f in doc.infobox:
        _read_field(doc, f, facts)
    return facts


def _read_field(doc: Document, f: InfoboxField, facts: InfoboxFacts) -> None:
    key = f.norm_key
    if key in {"conflict", "title", "name"} and facts.name is None:
        facts.name = _clean_text(f.value) or None
    elif key == "date":
        facts.dates = parse_date_range(f.value)
        if facts.dates is not None:
            facts.date_span = Span(
                f.span.start + facts.dates.span_start, f.span.start + facts.dates.span_end
            )
    elif key in {"place", "location"} and (facts.place is None or not facts.place.raw):
        _set_place(facts, f)
    elif key in {"coordinates", "coords", "coord"}:
        _set_coordinates(facts, f)
    elif key == "partof":
        facts.conflict = re.sub(r"^the\s+", "", _clean_text(f.value), flags=re.I) or None
    elif key == "result":
        facts.result = _clean_text(f.value) or None
    elif key in _TOTAL_KEYS:
        hint = "injuries" if key in {"injuries", "injured", "wounded"} else "casualties"
        facts.claims += _figures(doc, f, None, hint)
    else:
        _read_side_field(doc, f, key, facts)


def _read_side_field(doc: Document, f: InfoboxField, key: str, facts: InfoboxFacts) -> None:
    m = _SIDE_KEY.match(key)
    if m is None:
        return
    what, side = m.group(1), int(m.group(2)) if m.group(2) else None
    what = "perpetrator" if what == "perps" else what
    if what in {"casualties", "strength"}:
        facts.claims += _figures(doc, f, side, what)
    elif what in {"combatant", "commander", "leader", "perpetrator", "perpetrators"}:
        role = {"leader": "commander", "perpetrators": "perpetrator", "perps": "perpetrator"}.get(
            what, what
        )
        facts.actors += _actors(f, side, role)


# Lines of a combatant list that name no party: headers, notes, kinds of support.
_NOT_A_PARTY = re.compile(
    r"^(?:\(.*\)|supported by|support(?:ed)?|non-combat support|air ?strikes|air support|"
    r"allies|various .*|per \w+\)?|unknown)$",
    re.I,
)
_SUPPORTED = re.compile(r"\bsupported by\b:?", re.I)
_WHEN = re.compile(r"\s*\((?:from|until|since|after|before|to|in|unofficially)\b[^)]*\)?$", re.I)


def _actors(f: InfoboxField, side: int | None, role: str) -> list[Actor]:
    """The parties a combatant (commander, perpetrator) value lists. Items after "Supported
    by" are supporters, not combatants; "(until 7 May)" is no part of a name."""
    out: list[Actor] = []
    for text, span in clean_items(f.value, f.span.start, split_parens=role == "commander"):
        parts = _SUPPORTED.split(text, maxsplit=1) if role == "combatant" else [text]
        for i, part in enumerate(parts):
            if i == 1:
                role = "supporter"
            name = _WHEN.sub("", part).strip(" :,")
            if name and not _NOT_A_PARTY.match(name):
                at = text.find(name)
                own = Span(span.start + at, span.start + at + len(name)) if at >= 0 else span
                out.append(Actor(name=name, side=side, role=role, raw=text, span=own))
    return out


def _figures(doc: Document, f: InfoboxField, side: int | None, hint: str) -> list[Claim]:
    return parse_figures(f.value, f.span.start, prop_hint=hint, side=side, document_id=doc.id)


def _set_place(facts: InfoboxFacts, f: InfoboxField) -> None:
    text = _clean_text(f.value)
    if not text:
        return
    lead = f.value.find(text[:10]) if text else 0
    span = Span(f.span.start + max(lead, 0), f.span.start + max(lead, 0) + len(text))
    if facts.place is None:
        facts.place = Place(raw=text, span=span)
    else:
        facts.place.raw, facts.place.span = text, span


def _set_coordinates(facts: InfoboxFacts, f: InfoboxField) -> None:
    if facts.place is None:
        facts.place = Place(raw="")
    parsed = parse_coordinates(f.value)
    if parsed is None:
        facts.place.flags.append(f"coordinates not understood: {f.value!r}")
        return
    facts.place.lat, facts.place.lon = parsed
    facts.place.source = "coordinates"


def _clean_text(value: str) -> str:
    items = [t for t, _ in clean_items(value, 0)]
    return ", ".join(items)


def clean_items(value: str, offset: int, *, split_parens: bool = False) -> list[tuple[str, Span]]:
    """Split a list value at commas, drop rendering debris; each item keeps its span."""
    out: list[tuple[str, Span]] = []
    pattern = r"[^,;]+(?:\([^()]*\)[^,;]*)*" if not split_parens else r"[^,;()]+(?:\([^()]*\))?"
    for m in re.finditer(pattern, value):
        raw = m.group(0)
        cleaned = _DEBRIS.sub(" ", raw)
        text = " ".join(cleaned.split()).strip(" :,.")
        if not text or text.lower() in {"none", "n/a"}:
            continue
        pos = raw.find(text.split()[0])
        start = m.start() + max(pos, 0)
        end = m.start() + len(raw.rstrip(" :,."))
        if value[start:end] != text:
            end = max(start + 1, end)
        out.append((text, Span(offset + start, offset + end)))
    return out


def related_events(doc: Document) -> list[str]:
    """Names listed under "See also"."""
    names: list[str] = []
    for s in doc.sections:
        if s.name.strip().lower() != "see also":
            continue
        for line in doc.text[s.start : s.end].splitlines():
            m = re.match(r"^\s*[-*]\s+(.+)$", line)
            if m is None:
                continue
            name = re.split(r",\s|\s[–—-]\s", m.group(1), maxsplit=1)[0].strip()
            if name and name not in names:
                names.append(name)
    return names
