"""Narrative extraction on the seed with its infobox hidden (issue #3)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conflictkb.assemble import Pipeline
from conflictkb.assemble.merge import merge_step
from conflictkb.extract.narrative import NarrativeStep, timeline_kind
from conflictkb.extract.narrative.timeexpr import DateResolver
from conflictkb.model import ClaimOrigin, DatePrecision, Event, VictimCategory
from conflictkb.readers import read_bytes, read_document


@pytest.fixture(scope="module")
def step() -> NarrativeStep:
    return NarrativeStep()


@pytest.fixture(scope="module")
def bare_seed(seed_path: Path, step: NarrativeStep) -> Event:
    doc = read_document(seed_path)
    doc.infobox = []  # hide the infobox: everything must come from the text
    return Pipeline([step, merge_step]).run(doc)


def test_claims_with_claimants(bare_seed: Event) -> None:
    hrw = [c for c in bare_seed.claims if c.claimant == "Human Rights Watch" and c.min == 300]
    assert hrw and all(c.max is None and c.property == "deaths" for c in hrw)
    assert hrw[0].category_norm is VictimCategory.CIVILIANS
    gov = [c for c in bare_seed.claims if c.min == 203]
    assert len(gov) == 1
    (gov_claim,) = gov
    assert gov_claim.claimant == "Malian government" and gov_claim.category == "terrorists"
    assert gov_claim.max is None and gov_claim.qualifier == "over"
    text = read_document(
        Path(__file__).parent.parent / "src/conflictkb/data/samples/moura_massacre.txt"
    ).text
    for c in bare_seed.claims:
        assert c.origin is ClaimOrigin.NARRATIVE
        assert text[c.span.start : c.span.end] == c.text


def test_event_dates_from_lead(bare_seed: Event) -> None:
    assert bare_seed.start_date == date(2022, 3, 27)
    assert bare_seed.end_date == date(2022, 3, 31)
    # issue 12: a five-day range carries UCDP's "2-6 days" precision, not "exact day"
    assert bare_seed.date_precision == DatePrecision.DAYS_2_6


def test_timeline(bare_seed: Event) -> None:
    by_date: dict[str, list] = {}  # type: ignore[type-arg]
    for t in bare_seed.timeline:
        by_date.setdefault(t.date.isoformat(), []).append(t)
    for day in ("2022-04-01", "2022-04-05", "2022-04-06", "2022-04-07", "2022-04-08",
                "2022-04-09", "2022-04-20", "2023-05-12"):  # fmt: skip
        assert day in by_date, day
        assert all(t.actors for t in by_date[day]), day
    assert by_date["2022-04-07"][0].kind == "investigation"  # "opened an inquiry the next day"
    assert "Malian government" in by_date["2022-04-07"][0].actors
    assert by_date["2022-04-05"][0].kind == "report"
    assert any(t.kind == "denial" for t in by_date["2022-04-08"])
    assert "OHCHR" in by_date["2023-05-12"][0].actors
    late = [t for t in bare_seed.timeline if t.text.startswith("In late April")]
    assert late and (late[0].date, late[0].end_date) == (date(2022, 4, 21), date(2022, 4, 30))
    assert late[0].precision == DatePrecision.MONTH


def test_corroboration_with_infobox(seed_path: Path, step: NarrativeStep) -> None:
    from conflictkb.assemble.pipeline import infobox_step

    ev = Pipeline([infobox_step, step, merge_step]).run(read_document(seed_path))
    infobox_hrw = next(
        c
        for c in ev.claims
        if c.origin is ClaimOrigin.INFOBOX and c.claimant == "Human Rights Watch"
    )
    restating = [c for c in ev.claims if c.corroborates == infobox_hrw.id]
    assert restating and all(c.origin is ClaimOrigin.NARRATIVE for c in restating)
    assert ev.estimates["deaths"].best == 505  # restatements are not counted twice


def test_news_report_without_structure(step: NarrativeStep) -> None:
    text = (
        b"Gunmen kill dozens in central Mali\n\n"
        b"BAMAKO, 3 July 2022 - Suspected jihadists killed at least 132 civilians in the villages of "
        b"Diallassagou and Dianweli, the government said on Monday. The attack began on 18 June. "
        b"Two days later, the army said it had killed 12 attackers. According to MINUSMA, 30 people "
        b"were wounded."
    )
    ev = Pipeline([step, merge_step]).run(read_bytes(text, "news.txt"))
    by_min = {c.min: c for c in ev.claims}
    assert by_min[132].claimant == "Malian government" or by_min[132].claimant == "government"
    assert by_min[132].category_norm is VictimCategory.CIVILIANS and by_min[132].max is None
    assert by_min[30].property == "injured" and by_min[30].claimant == "MINUSMA"
    assert by_min[12].property == "deaths"
    dates = {t.date.isoformat() for t in ev.timeline}
    assert {"2022-06-18", "2022-06-20"} <= dates
    # issue 12: the dateline dates the report (its publication date), not the attack
    assert ev.documents[0].published == date(2022, 7, 3)
    assert ev.start_date == date(2022, 6, 18)


def test_relative_and_vague_dates() -> None:
    r = DateResolver(2022)
    (d,) = r.dates_in("between 27 and 31 March 2022")
    assert (d.start, d.end) == (date(2022, 3, 27), date(2022, 3, 31))
    (d,) = r.dates_in("two days later")
    assert d.start == date(2022, 3, 29)
    (d,) = r.dates_in("early 2022")
    assert (d.start, d.end, d.precision) == (
        date(2022, 1, 1),
        date(2022, 4, 30),
        DatePrecision.LONGER,
    )


def test_kinds() -> None:
    assert timeline_kind("Russia described the reports as disinformation") == "denial"
    assert timeline_kind("The EU condemned the killings") == "condemnation"
    assert timeline_kind("The government opened an inquiry") == "investigation"


def test_bad_sentences_never_crash(step: NarrativeStep) -> None:
    junk = ("= X =\n\n" + "((( 12,,, killed by by by ;;; 31 February 2022 — the next day " * 50
            + "\n\n" + "0" * 5000 + " killed\n\n" + "\u202e\u0000".replace("\u0000", "") * 10)  # fmt: skip
    ev = Pipeline([step, merge_step]).run(read_bytes(junk.encode(), "junk.txt"))
    for c in ev.claims:
        assert c.span.end <= len(junk)


def test_guarded_patterns_match_as_written(corpus_files: list[Path]) -> None:
    """The act patterns, led by a lookahead for their first characters, find what the
    patterns as written find, over the corpus and the report fixtures, in both languages;
    patterns whose first characters cannot be told stay as they are."""
    import re

    from conflictkb.extract.lexicon import lexicon_for
    from conflictkb.textutil import first_char_guard

    from .conftest import REPORTS

    texts = [p.read_text(encoding="utf-8") for p in corpus_files]
    texts += [p.read_text(encoding="utf-8", errors="replace") for p in REPORTS.iterdir()]
    for code in ("en", "fr"):
        lex = lexicon_for(code)
        for (act, guarded), (_, raw) in zip(lex.act_patterns, lex.acts, strict=True):
            plain = re.compile(raw, re.I)
            assert guarded.pattern.startswith("(?=[")
            for text in texts:
                assert [m.span() for m in guarded.finditer(text)] == [
                    m.span() for m in plain.finditer(text)
                ], (code, act)
    for unknown in (r"\w+", r"(?<!\w)x", r"a*"):  # any first character; a lookbehind; empty
        assert first_char_guard(re.compile(unknown)).pattern == unknown
