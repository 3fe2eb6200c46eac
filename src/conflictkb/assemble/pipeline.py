"""Document in, Event out: a list of steps, then estimates.

A *step* is any callable ``(Document, Event) -> None`` that adds to the event: claims, actors,
timeline entries, a resolved place. Steps run in order; each keeps spans into ``Document.text``.
Heavy resources (a spaCy model, a gazetteer) belong to the step object that uses them, so one
:class:`Pipeline` built per process serves many documents.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ConflictKBError, ExtractionError
from ..extract.citations import citations_step
from ..extract.infobox import read_infobox, related_events
from ..extract.language import language_step, set_language
from ..extract.narrative import NarrativeStep
from ..model import Document, Event, Place
from ..resolve.actors import ActorStep
from ..resolve.claimants import ClaimantStep
from ..resolve.countries import dominant_country, find_country
from ..resolve.geocode import GeocodeStep, lead_context
from ..resolve.typology import typology_step
from ..textutil import slugify
from .estimates import compute_estimates
from .incidents import incident_passages, masked
from .merge import merge_step

__all__ = [
    "Pipeline",
    "Step",
    "default_pipeline",
    "infobox_pipeline",
    "infobox_step",
    "place_country_step",
    "slugify",
]

Step = Callable[[Document, Event], None]


def infobox_step(doc: Document, event: Event) -> None:
    """Facts stated by the infobox, and related events from "See also"."""
    facts = read_infobox(doc)
    if facts.dates is not None:
        event.start_date, event.end_date = facts.dates.start, facts.dates.end
        event.date_precision = facts.dates.precision
        event.date_span = facts.date_span
    if facts.place is not None:
        event.place = facts.place
    event.conflict = facts.conflict
    event.result = facts.result
    event.actors.extend(facts.actors)
    event.claims.extend(facts.claims)
    event.related = related_events(doc)


def place_country_step(doc: Document, event: Event) -> None:
    """The country named in the place, else the one the lead names most, when nothing better
    resolved it. A country read from the lead is flagged as such."""
    if event.place is None:
        event.place = Place(raw="")
    if event.place.country_code:
        return
    code = find_country(event.place.raw, demonyms=True) if event.place.raw else None
    if code is None:
        text = lead_context(doc)
        code = dominant_country(text)
        if code is not None:
            event.place.flags.append("country read from the lead, not from a place")
    event.place.country_code = code


BATCH = 32  # documents prepared together
BATCH_CHARS = 400_000  # characters of text prepared together (parses are held until used)


@dataclass
class Pipeline:
    steps: list[Step] = field(default_factory=list)
    final: list[Step] = field(default_factory=list)  # run after the estimates (they read them)
    split_incidents: bool = True  # a report of several incidents gives one event per incident

    def run(self, doc: Document) -> Event:
        """Build the event record of one document. Raises ExtractionError on a failing step.

        A report of several incidents (see :mod:`.incidents`) also gets one event per incident
        in ``Event.incidents``, each read from its own passage."""
        event = self._run(doc)
        passages = incident_passages(doc, event) if self.split_incidents else []
        for n, passage in enumerate(passages, 1):
            part = self._run(masked(doc, passage))
            part.documents = [doc]
            where = part.place.name or part.place.raw if part.place else ""
            when = part.start_date.isoformat() if part.start_date else ""
            part.name = f"{doc.title}: {', '.join(x for x in (where, when) if x) or n}"
            part.id = slugify(part.name)
            event.incidents.append(part)
        return event

    def _run(self, doc: Document) -> Event:
        event = Event(id=slugify(doc.title), name=doc.title, documents=[doc])
        for step in self.steps:
            try:
                step(doc, event)
            except ConflictKBError:
                raise
            except (
                Exception
            ) as exc:  # a bug or a surprise in one step: name it, keep going no further
                name = getattr(step, "__name__", type(step).__name__)
                raise ExtractionError(f"step {name} failed: {exc!r}", path=doc.path) from exc
        if event.place is None:
            event.place = Place(raw="")
        event.estimates = compute_estimates(event.claims)
        for step in self.final:
            step(doc, event)
        return event

    def prepare(self, docs: Sequence[Document]) -> None:
        """Let the steps that can work on several documents at once do so (the narrative
        step parses them in one batch); :meth:`run` on each then finds that work done. Only
        an optimisation: a document not prepared, or whose preparation failed, is simply
        processed on its own."""
        for doc in docs:
            set_language(doc)
        for step in self.steps:
            ready = getattr(step, "prepare", None)
            if ready is not None:
                ready(docs)

    def run_many(self, docs: Iterable[Document], batch: int = BATCH) -> Iterator[Event]:
        """The events of ``docs`` in order, prepared ``batch`` documents (at most
        :data:`BATCH_CHARS` characters) at a time."""
        for group in batches(docs, batch):
            self.prepare(group)
            for doc in group:
                yield self.run(doc)


def batches(docs: Iterable[Document], size: int = BATCH) -> Iterator[list[Document]]:
    """``docs`` in groups of ``size`` documents and at most :data:`BATCH_CHARS` characters."""
    group: list[Document] = []
    chars = 0
    for doc in docs:
        if group and (len(group) >= size or chars + len(doc.text) > BATCH_CHARS):
            yield group
            group, chars = [], 0
        group.append(doc)
        chars += len(doc.text)
    if group:
        yield group


def infobox_pipeline() -> Pipeline:
    """Infobox facts only: no language model, fast; for structured articles and tests."""
    steps: list[Step] = [language_step, infobox_step, citations_step, place_country_step,
                         ClaimantStep()]  # fmt: skip
    return Pipeline(steps=steps)


def default_pipeline(actors_file: Path | None = None) -> Pipeline:
    """The standard pipeline: infobox facts, narrative extraction, merge, place resolution."""
    narrative = NarrativeStep(actors_file=actors_file)
    resolve: list[Step] = [GeocodeStep(), place_country_step, ActorStep(narrative.registry)]
    steps: list[Step] = [
        language_step,
        infobox_step,
        narrative,
        citations_step,
        *resolve,
        ClaimantStep(narrative.registry),  # needs the country; merge needs its claimants
        merge_step,
    ]
    return Pipeline(steps=steps, final=[typology_step])
