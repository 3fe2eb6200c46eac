"""Measuring narrative extraction against each article's own infobox.

For every article that has an infobox: the infobox is read as the truth, then hidden, and the
text alone is run through the pipeline. Per field we count what the text-only extraction got:

* **date**: our date range overlaps the infobox's (for a day-precise date: lies within it);
* **country**: our country equals the infobox place's country;
* **place_25km**: for infoboxes with coordinates, our place (read from the text alone) lies
  within 25 km of them;
* **actors**: infobox combatants (canonicalised by the registry) found among text mentions
  (recall), and armed actors we mention that are infobox combatants (precision);
* **casualties**: infobox figures (deaths, injured, captured, missing) that the body writes at
  all (the number appears in the body) and that we extract with the same kind and figure
  (recall); of our figures whose number is an infobox figure, the share with the right kind
  (precision); and, where both name one, whether the claimants agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .assemble import Pipeline
from .assemble.pipeline import infobox_step, place_country_step
from .extract.registry import ActorRegistry
from .model import Claim, ClaimOrigin, Document, Event
from .readers import read_document
from .resolve.actors import ActorStep
from .resolve.claimants import ClaimantStep, same_claimant
from .resolve.geocode import distance_km
from .textutil import fold

__all__ = ["Counts", "EvaluationReport", "evaluate_documents", "evaluate_paths"]

_KINDS = ("deaths", "injured", "captured", "missing")
_ARMED = {"state_forces", "foreign_military", "rebel_group", "militia"}


@dataclass
class Counts:
    tp: int = 0  # true positives among the truth (recall)
    predicted: int = 0
    truth: int = 0
    tp_predicted: int | None = None  # true positives among our predictions, when they differ

    @property
    def precision(self) -> float | None:
        tp = self.tp if self.tp_predicted is None else self.tp_predicted
        return tp / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.tp / self.truth if self.truth else None

    def as_dict(self) -> dict[str, Any]:
        return {"tp": self.tp, "predicted": self.predicted, "truth": self.truth,
                "precision": self.precision, "recall": self.recall}  # fmt: skip


@dataclass
class EvaluationReport:
    documents: int = 0
    fields: dict[str, Counts] = field(default_factory=lambda: {
        k: Counts() for k in ("date", "country", "place_25km", "actors", "casualties",
                              "claimant")})  # fmt: skip
    figures_in_infobox: int = 0
    figures_written_in_body: int = 0
    per_document: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "fields": {k: v.as_dict() for k, v in self.fields.items()},
            "figures_in_infobox": self.figures_in_infobox,
            "figures_written_in_body": self.figures_written_in_body,
            "share_written_in_body": self.figures_written_in_body / self.figures_in_infobox
            if self.figures_in_infobox else None,
            "per_document": self.per_document,
        }  # fmt: skip


def _figures(claims: Iterable[Claim], origin: ClaimOrigin | None = None) -> list[Claim]:
    return [c for c in claims if c.parsed and c.property in _KINDS and _value(c) is not None
            and (origin is None or c.origin is origin)]  # fmt: skip


def _value(c: Claim) -> int | None:
    """The figure a claim states: its lower bound, or its upper one ("up to 276")."""
    return c.min if c.min is not None else c.max


_NOT_A_COUNT = re.compile(
    r"\s*(?:%|per ?cent|km|kilomet|miles?|days?|hours?|years?|mm\b|January|February|March|April|"
    r"May|June|July|August|September|October|November|December)",
    re.I,
)


def _written(n: int, body: str) -> bool:
    """Whether the body writes the figure as a count (not as a date, a percentage, a distance)."""
    for form in {str(n), f"{n:,}"}:
        for m in re.finditer(rf"(?<![\d,.]){re.escape(form)}(?![\d,])", body):
            before = body[max(0, m.start() - 12) : m.start()]
            if not _NOT_A_COUNT.match(body, m.end()) and not re.search(
                r"(?:[A-Z][a-z]+|=)\s*$", before
            ):
                return True
    return False


def _canon(name: str, registry: ActorRegistry) -> str:
    entry = registry.match(name)
    return fold(entry.canonical if entry else name)


def _score_event(truth: Event, ours: Event, doc: Document, registry: ActorRegistry,
                 report: EvaluationReport) -> dict[str, Any]:  # fmt: skip
    f = report.fields
    row: dict[str, Any] = {"path": doc.path}
    if truth.start_date is not None:
        f["date"].truth += 1
        if ours.start_date is not None:
            f["date"].predicted += 1
            t_end = truth.end_date or max(truth.start_date, ours.start_date)
            o_end = ours.end_date or ours.start_date
            hit = ours.start_date <= t_end and o_end >= truth.start_date  # the ranges overlap
            f["date"].tp += hit
            row["date"] = hit
    t_cc = truth.place.country_code if truth.place else None
    if truth.place is not None and any("from the lead" in f for f in truth.place.flags):
        t_cc = None  # the infobox named no country: nothing to score against
    o_cc = ours.place.country_code if ours.place else None
    if t_cc:
        f["country"].truth += 1
        if o_cc:
            f["country"].predicted += 1
            f["country"].tp += o_cc == t_cc
        row["country"] = (t_cc, o_cc)
    tp, op = truth.place, ours.place
    if tp is not None and tp.lat is not None and tp.lon is not None:
        f["place_25km"].truth += 1
        if op is not None and op.lat is not None and op.lon is not None:
            f["place_25km"].predicted += 1
            km = distance_km(tp.lat, tp.lon, op.lat, op.lon)
            f["place_25km"].tp += km <= 25
            row["place_km"] = round(km, 1)
    _score_actors(truth, ours, registry, f["actors"])
    _score_figures(truth, ours, doc, report, row)
    return row


def _score_actors(truth: Event, ours: Event, registry: ActorRegistry, c: Counts) -> None:
    gold = {_canon(a.name, registry) for a in truth.actors if a.role == "combatant"}
    found = {_canon(a.name, registry) for a in ours.actors}
    armed = {_canon(a.name, registry) for a in ours.actors if a.actor_type in _ARMED}
    c.truth += len(gold)
    c.tp += len(gold & found)
    c.predicted += len(armed)
    c.tp_predicted = (c.tp_predicted or 0) + len(armed & gold)


def _score_figures(truth: Event, ours: Event, doc: Document, report: EvaluationReport,
                   row: dict[str, Any]) -> None:  # fmt: skip
    body = doc.text[doc.sections[0].start :] if doc.sections else doc.text
    gold = _figures(truth.claims, ClaimOrigin.INFOBOX)
    mine = _figures(ours.claims, ClaimOrigin.NARRATIVE)
    report.figures_in_infobox += len(gold)
    written = [g for g in gold if _written(int(_value(g) or 0), body)]
    report.figures_written_in_body += len(written)
    cas, who = report.fields["casualties"], report.fields["claimant"]
    cas.truth += len(written)
    hits = 0
    for g in written:
        match = next(
            (m for m in mine if m.property == g.property and _value(g) in (m.min, m.max)), None
        )
        if match is None:
            continue
        hits += 1
        if g.claimant and match.claimant:
            who.truth += 1
            who.predicted += 1
            who.tp += same_claimant(g, match)
            row.setdefault("claimants", []).append([_value(g), g.claimant, match.claimant])
    cas.tp += hits
    numbers = {_value(g) for g in gold}
    comparable = [m for m in mine if _value(m) in numbers]
    right = [
        m
        for m in comparable
        if any(_value(g) == _value(m) and g.property == m.property for g in gold)
    ]
    cas.predicted += len(comparable)
    cas.tp_predicted = (cas.tp_predicted or 0) + len(right)
    row["figures"] = {"infobox": len(gold), "written": len(written), "found": hits}


def evaluate_documents(docs: Iterable[Document], narrative: Pipeline,
                       registry: ActorRegistry) -> EvaluationReport:  # fmt: skip
    """Score ``narrative`` (run on each document with its infobox hidden)."""
    truth_pipeline = Pipeline(
        [infobox_step, ActorStep(registry), place_country_step, ClaimantStep(registry)]
    )
    report = EvaluationReport()
    for doc in docs:
        if not doc.infobox:
            continue
        truth = truth_pipeline.run(doc)
        ours = narrative.run(replace(doc, infobox=[]))
        report.documents += 1
        report.per_document.append(_score_event(truth, ours, doc, registry, report))
    return report


def evaluate_paths(paths: Iterable[str | Path], narrative: Pipeline,
                   registry: ActorRegistry) -> EvaluationReport:  # fmt: skip
    files = []
    for p in paths:
        p = Path(p)
        files += sorted(p.glob("*.txt")) if p.is_dir() else [p]
    return evaluate_documents((read_document(f) for f in files), narrative, registry)
