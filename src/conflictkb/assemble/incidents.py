"""Reports of several incidents: a weekly roundup, an NGO report on several villages.

After the whole report has been read once, its paragraphs are grouped into incidents:

* an **incident paragraph** has a dated operation (a timeline entry of kind ``operation``), a
  casualty figure and a place mention;
* it **opens a new incident** when it names none of the current incident's places, or its date
  is three days or more from the current incident's; other paragraphs (reactions, context)
  stay with the incident before them; paragraphs before the first incident belong to none.

With two or more incidents, each is read again on its own passage (the report's text with
everything else blanked out, so every offset still points into the unchanged text), and the
store keeps one event part per incident, each with the claims, sentences and actors of its own
passage. Encyclopedia articles are about one event and are never split.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from ..extract.narrative import PARAGRAPH
from ..model import Document, Event, Section
from ..textutil import fold
from .estimates import ESTIMATED_PROPERTIES

__all__ = ["Passage", "incident_passages", "masked"]

_CASUALTIES = set(ESTIMATED_PROPERTIES) - {"strength"}
_FAR_DAYS = 3


@dataclass(slots=True)
class Passage:
    start: int
    end: int
    day: date | None = None
    places: set[str] = field(default_factory=set)


def _paragraphs(text: str, skip_to: int) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in PARAGRAPH.finditer(text) if m.end() > skip_to]


def _title_end(doc: Document) -> int:
    """Where the report's first line (its title) ends."""
    return doc.text.find("\n") + 1 if "\n" in doc.text else 0


def _within(lo: int, hi: int, at: int) -> bool:
    return lo <= at < hi


def _signature(ev: Event, lo: int, hi: int) -> tuple[date | None, set[str], bool]:
    ops = [
        t for t in ev.timeline if t.kind == "operation" and t.date and _within(lo, hi, t.span.start)
    ]
    figures = any(c.property in _CASUALTIES and c.parsed and _within(lo, hi, c.span.start)
                  for c in ev.claims)  # fmt: skip
    places = {fold(m.name) for m in ev.place_mentions
              if _within(lo, hi, m.span.start) and not m.admin_level}  # fmt: skip
    return (ops[0].date if ops else None), places, bool(ops and figures and places)


def incident_passages(doc: Document, ev: Event) -> list[Passage]:
    """The incidents of a report, in reading order (one or none: not several incidents)."""
    if doc.encyclopedia:
        return []
    out: list[Passage] = []
    for lo, hi in _paragraphs(doc.text, _title_end(doc)):
        day, places, incident = _signature(ev, lo, hi)
        if out and not incident:
            out[-1].end = hi
            continue
        if not incident:
            continue
        cur = out[-1] if out else None
        far = cur is not None and cur.day is not None and day is not None and abs(
            (day - cur.day).days) >= _FAR_DAYS  # fmt: skip
        if cur is None or far or not (places & cur.places):
            out.append(Passage(lo, hi, day, set(places)))
        else:
            cur.end = hi
            cur.places |= places
    return out if len(out) >= 2 else []


def masked(doc: Document, passage: Passage) -> Document:
    """The report with everything but its title line and one passage blanked (newlines kept),
    read as one lead section: same length, same offsets."""
    keep_to = _title_end(doc)
    chars = [
        ch if i < keep_to or passage.start <= i < passage.end or ch == "\n" else " "
        for i, ch in enumerate(doc.text)
    ]
    text = "".join(chars)
    return replace(doc, text=text, sections=[Section("Lead", 1, 0, len(text))], warnings=[])
