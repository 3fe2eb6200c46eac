"""The typed data model: documents, claims, events.

Every fact that comes out of a document carries a :class:`Span` (character offsets into
``Document.text``), so ``document.text[span.start:span.end]`` is always the quoted source.

The model is plain dataclasses; :func:`conflictkb.record.event_record` turns an event into the
JSON contract (``src/conflictkb/data/schema/event.schema.json``).
"""

from __future__ import annotations

import bisect
import builtins
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum

__all__ = [
    "ActCue",
    "Actor",
    "BREAKDOWN",
    "Citation",
    "Claim",
    "ClaimOrigin",
    "DatePrecision",
    "Document",
    "ENCYCLOPEDIA_FORMATS",
    "Estimate",
    "Event",
    "InfoboxField",
    "Place",
    "PlaceMention",
    "ReviewStatus",
    "Section",
    "Span",
    "TimelineEntry",
    "Typology",
    "VictimCategory",
]


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open character range ``[start, end)`` into a document's text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"invalid span ({self.start}, {self.end})")

    def of(self, text: str) -> str:
        return text[self.start : self.end]

    def shifted(self, offset: int) -> Span:
        return Span(self.start + offset, self.end + offset)

    def as_list(self) -> list[int]:
        return [self.start, self.end]


@dataclass(frozen=True, slots=True)
class Section:
    name: str
    level: int
    start: int  # start of the heading line
    end: int  # end of the section body (exclusive)


@dataclass(frozen=True, slots=True)
class InfoboxField:
    key: str  # as written, e.g. "Casualties3"
    value: str  # as written (unchanged)
    span: Span  # span of the value

    @property
    def norm_key(self) -> str:
        return "".join(self.key.lower().split()).replace("_", "")


@dataclass(slots=True)
class Citation:
    """A reference that supports a claim (from wikitext ``<ref>`` or a report's metadata)."""

    url: str | None = None
    title: str | None = None
    publisher: str | None = None
    date: str | None = None


ENCYCLOPEDIA_FORMATS = frozenset({"article", "wikitext"})  # reader names of articles


@dataclass(slots=True)
class Document:
    id: str  # sha256 of the raw bytes
    path: str
    format: str  # reader name: "article", "report", "wikitext", ...
    title: str
    text: str  # decoded, otherwise unchanged
    sections: list[Section] = field(default_factory=list)
    infobox: list[InfoboxField] = field(default_factory=list)
    encoding: str = "utf-8"
    published: dt.date | None = None  # anchors partial dates (news, NGO reports)
    warnings: list[str] = field(default_factory=list)
    citations: dict[str, list[Citation]] = field(default_factory=dict)  # key "start:end" -> refs
    url: str | None = None  # canonical URL (HTML metadata, front matter)
    source: str | None = None  # publisher or site ("OHCHR", "Reuters")
    language: str | None = None  # ISO 639-1, from metadata or detected ("en", "fr")
    claimant: str | None = None  # who speaks in the report's own voice (front matter)
    pages: list[int] = field(default_factory=list)  # PDF: offset where each page starts
    dateline: Span | None = None  # "(Nairobi, April 5, 2022) –": the report's date, not the event's

    @staticmethod
    def hash_bytes(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()

    def infobox_value(self, norm_key: str) -> InfoboxField | None:
        for f in self.infobox:
            if f.norm_key == norm_key:
                return f
        return None

    @property
    def encyclopedia(self) -> bool:
        """An encyclopedia article (one article per event): the article and wikitext readers."""
        return self.format in ENCYCLOPEDIA_FORMATS

    def page_at(self, offset: int) -> int | None:
        """The 1-based page an offset falls on (PDF documents), else None."""
        if not self.pages:
            return None
        return bisect.bisect_right(self.pages, offset) or 1

    def section_at(self, offset: int) -> Section | None:
        best: Section | None = None
        for s in self.sections:
            if s.start <= offset < s.end and (best is None or s.level >= best.level):
                best = s
        return best


class DatePrecision(IntEnum):
    """UCDP GED ``date_prec``: how precisely the event's date is known."""

    DAY = 1
    DAYS_2_6 = 2
    WEEK = 3
    MONTH = 4
    LONGER = 5


class VictimCategory(StrEnum):
    CIVILIANS = "civilians"
    COMBATANTS = "combatants"
    UNKNOWN = "unknown"


class ClaimOrigin(StrEnum):
    INFOBOX = "infobox"
    NARRATIVE = "narrative"


class ReviewStatus(StrEnum):
    AUTO = "auto"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"
    EDITED = "edited"


BREAKDOWN = "a breakdown of the figure before it"  # Claim.note of "(including 3 soldiers)"


@dataclass(slots=True)
class Claim:
    """One figure as somebody states it, with the exact span it came from.

    ``min``/``max``: an exact figure has ``min == max``; "2+" or "at least 30" has ``max=None``;
    "up to 40" has ``min=None``. An unparsed claim has both ``None`` and ``parsed=False``.
    """

    property: str  # deaths, injured, captured, missing, displaced, strength, ...
    min: int | None
    max: int | None
    text: str
    span: Span
    origin: ClaimOrigin
    extractor: str
    extractor_version: str
    qualifier: str | None = None  # as written: "over", "at least", "~", "+", "hundreds", ...
    category: str | None = None  # victim category as stated ("civilians", "terrorists")
    category_norm: VictimCategory = VictimCategory.UNKNOWN
    side: int | None = None  # 1/2/3 as numbered in the infobox
    claimant: str | None = None  # who says so, as written; None when unattributed
    claimant_norm: str | None = None  # the party the claimant speaks for ("SOHR" -> its name)
    perpetrator: str | None = None
    parsed: bool = True
    review_status: ReviewStatus = ReviewStatus.AUTO
    document_id: str | None = None
    citations: list[Citation] = field(default_factory=list)
    corroborates: str | None = None  # id of the claim this one restates
    note: str | None = None  # e.g. the period a figure covers: "(1988–1994)"
    superseded_by: str | None = None  # a later figure of the same party (another document)
    key: str | None = None  # the identity as first extracted, kept when a reviewer edits

    @builtins.property
    def party(self) -> str | None:
        """Who the claim is by, for grouping: the party (``claimant_norm``), else as written."""
        return self.claimant_norm or self.claimant

    @builtins.property
    def id(self) -> str:
        """Stable identity: the same statement at the same place of the same document.

        The figures are not part of it, so a reviewer's edit keeps the claim's identity; an edit
        of the side or claimant keeps it too (``key``, set from the stored record)."""
        if self.key:
            return self.key
        key = f"{self.document_id}|{self.span.start}|{self.span.end}|{self.property}|{self.side}"
        key += f"|{self.claimant}|{self.origin}"
        return hashlib.sha1(key.encode()).hexdigest()[:16]

    @builtins.property
    def counts(self) -> bool:
        """Whether this claim feeds the estimates."""
        return (
            self.parsed
            and self.review_status is not ReviewStatus.REJECTED
            and self.corroborates is None
            and self.superseded_by is None
        )


@dataclass(slots=True)
class Estimate:
    low: int | None
    best: int | None
    high: int | None
    scopes: list[dict[str, object]] = field(default_factory=list)  # per (side, category) detail


@dataclass(slots=True)
class Place:
    raw: str  # as written
    span: Span | None = None
    name: str | None = None
    country_code: str | None = None  # ISO 3166-1 alpha-2
    admin1: str | None = None
    admin2: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    where_prec: int | None = None  # UCDP 1-7
    geo_precision: int | None = None  # ACLED 1-3
    source: str | None = None  # "coordinates", "gazetteer", "country-name", ...
    flags: list[str] = field(default_factory=list)


@dataclass(slots=True)
class PlaceMention:
    """A place expression of the text ("near Boulkessi (Mondoro, Mopti)"): a candidate for the
    event's place. ``admins`` are the admin names written with it; ``weight`` says how likely
    it is the event's place (set from its sentence: a violence verb, the report's first lines)."""

    name: str
    span: Span
    cue: str  # the word that introduced it ("in", "near", "between", "(")
    admins: tuple[str, ...] = ()
    near: bool = False  # "near X", "between X and Y": close to the place, not at it
    admin_level: bool = False  # "the Mopti region", "in Gao region": a region, not a town
    weight: float = 0.0


@dataclass(frozen=True, slots=True)
class ActCue:
    """An act named in the event's own sentences ("ambushed", "an IED", "tear gas")."""

    act: str  # the lexicon's act name: attack, kill, air, explosive, protest, force, ...
    sentence: int  # reading order of the sentence among the event's sentences (0 = first)
    span: Span
    text: str  # as written


@dataclass(slots=True)
class Actor:
    name: str  # canonical where resolved, else as written
    side: int | None
    role: str  # combatant, commander, perpetrator, claimant, ...
    raw: str | None = None
    span: Span | None = None
    actor_type: str | None = None
    inter_code: int | None = None  # ACLED inter 1-8
    country: str | None = None
    resolved: bool = False
    qualifier: str | None = None  # as written: "suspected", "presumed", "alleged"
    generic: str | None = None  # ACLED generic kind ("unidentified", "civilians", "ethnic:Fulani")


@dataclass(slots=True)
class TimelineEntry:
    date: dt.date | None
    precision: DatePrecision
    kind: str  # operation, announcement, report, investigation, condemnation, denial, other
    text: str
    span: Span
    end_date: dt.date | None = None
    actors: list[str] = field(default_factory=list)
    date_note: str | None = None  # how a partial date was completed ("anchored on ...")


@dataclass(slots=True)
class Typology:
    disorder_type: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    type_of_violence: int | None = None  # UCDP 1 state-based, 2 non-state, 3 one-sided
    reasons: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Event:
    id: str  # stable slug
    name: str
    documents: list[Document] = field(default_factory=list)
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    date_precision: DatePrecision | None = None
    date_span: Span | None = None
    date_note: str | None = None  # how the date was completed, e.g. anchored on publication
    place: Place | None = None
    conflict: str | None = None
    actors: list[Actor] = field(default_factory=list)
    result: str | None = None
    related: list[str] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    estimates: dict[str, Estimate] = field(default_factory=dict)
    timeline: list[TimelineEntry] = field(default_factory=list)
    typology: Typology | None = None
    aliases: list[str] = field(default_factory=list)  # names of the event in other documents
    field_documents: dict[str, str] = field(default_factory=dict)  # "date"/"place" -> doc id
    corroboration: list[dict[str, object]] = field(default_factory=list)  # figures 2+ sources
    incidents: list[Event] = field(default_factory=list)  # not stored: a report's incidents
    place_mentions: list[PlaceMention] = field(default_factory=list)  # not stored: geocoder input
    acts: list[ActCue] = field(default_factory=list)  # not stored: the typology's input
