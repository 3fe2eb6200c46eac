"""Infobox to claims (issue #2): the seed, the issue's examples, and the whole corpus."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflictkb.assemble import Pipeline, infobox_pipeline
from conflictkb.extract.casualties import parse_figures
from conflictkb.extract.infobox import read_infobox
from conflictkb.extract.numbers import find_quantities
from conflictkb.model import Claim, ClaimOrigin, VictimCategory
from conflictkb.readers import read_document


def _find(claims: list[Claim], **want: object) -> Claim:
    hits = [c for c in claims if all(getattr(c, k) == v for k, v in want.items())]
    assert len(hits) == 1, (want, [(c.property, c.min, c.max, c.side, c.claimant) for c in claims])
    return hits[0]


@pytest.fixture(scope="module")
def seed_event(seed_path: Path):  # type: ignore[no-untyped-def]
    doc = read_document(seed_path)
    return doc, infobox_pipeline().run(doc)


def test_seed_event_facts(seed_event) -> None:  # type: ignore[no-untyped-def]
    doc, ev = seed_event
    assert ev.name == "Moura massacre" and ev.id == "moura-massacre"
    assert ev.start_date.isoformat() == "2022-03-27"
    assert ev.place.country_code == "ML"
    assert ev.conflict == "Mali War"
    sides = {(a.name, a.side) for a in ev.actors if a.role == "combatant"}
    assert ("Wagner Group", 1) in sides
    assert ("Jama'at Nasr al-Islam wal Muslimin", 2) in sides
    assert ev.related[:2] == ["Wagner Group activities in Africa", "Hombori massacre"]


def test_seed_claims(seed_event) -> None:  # type: ignore[no-untyped-def]
    doc, ev = seed_event
    infobox = [c for c in ev.claims if c.origin is ClaimOrigin.INFOBOX]
    hrw = _find(infobox, property="deaths", claimant="Human Rights Watch")
    assert (hrw.min, hrw.max, hrw.side, hrw.category) == (300, 300, 3, "civilians")
    assert hrw.category_norm is VictimCategory.CIVILIANS
    un = _find(infobox, property="deaths", claimant="UN")
    assert (un.min, un.max, un.side) == (500, 500, 3)
    assert _find(infobox, property="deaths", side=2).min == 203
    assert _find(infobox, property="captured", side=2).min == 51
    two_plus = _find(infobox, property="deaths", side=1)
    assert (two_plus.min, two_plus.max, two_plus.qualifier) == (2, None, "+")
    about = _find(infobox, property="strength", side=1)
    assert (about.min, about.max, about.qualifier) == (100, 100, "~")
    at_least = _find(infobox, property="strength", side=2)
    assert (at_least.min, at_least.max) == (30, None)
    for c in infobox:
        quoted = doc.text[c.span.start : c.span.end]
        assert quoted == c.text
        assert str(c.min) in quoted.replace(",", "")
        assert c.extractor and c.extractor_version and c.document_id == doc.id


def test_debris_is_cleaned(seed_event) -> None:  # type: ignore[no-untyped-def]
    doc, ev = seed_event
    wagner = next(a for a in ev.actors if a.side == 1)
    assert wagner.name == "Wagner Group"
    assert doc.text[wagner.span.start : wagner.span.end] == "Wagner Group"


ARMENIAN = (
    "Per Armenian sources:, 91 troops killed (11 non-combat), 123 wounded, "
    "Azerbaijani claim:, 560 soldiers killed"
)


def test_claimant_prefixes() -> None:
    claims = parse_figures(ARMENIAN, 0, prop_hint="casualties", side=1)
    troops = _find(claims, property="deaths", min=91)
    assert (
        troops.claimant == "Armenian sources" and troops.category_norm is VictimCategory.COMBATANTS
    )
    assert troops.note == "11 non-combat"
    assert _find(claims, property="injured").claimant == "Armenian sources"
    assert _find(claims, property="deaths", min=560).claimant == "Azerbaijani"


@pytest.mark.parametrize(
    ("value", "prop", "lo", "hi", "qual"),
    [
        ("31–94 soldiers killed", "deaths", 31, 94, None),
        ("300+ killed", "deaths", 300, None, "+"),
        ("~11,000 killed", "deaths", 11000, 11000, "~"),
        ("hundreds captured", "captured", 200, 999, "hundreds"),
        ("dozens wounded", "injured", 24, 99, "dozens"),
        ("at least 30 killed", "deaths", 30, None, "at least"),
        ("up to 40 missing", "missing", None, 40, "up to"),
        (
            "Tens of thousands of civilians displaced",
            "displaced",
            20000,
            99999,
            "tens of thousands",
        ),
    ],
)
def test_figure_shapes(value: str, prop: str, lo: int | None, hi: int | None, qual: str) -> None:
    (claim,) = parse_figures(value, 10, prop_hint="casualties", side=2)
    assert (claim.property, claim.min, claim.max, claim.qualifier) == (prop, lo, hi, qual)
    assert claim.span.start >= 10 and claim.side == 2


def test_parenthesised_claimants_each_figure() -> None:
    value = "690 killed (per SOHR) 655 killed (per SDF) 1,000 killed (per ISIL)"
    claims = parse_figures(value, 0, prop_hint="casualties", side=1)
    assert [(c.min, c.claimant) for c in claims] == [(690, "SOHR"), (655, "SDF"), (1000, "ISIL")]


def test_trailing_claim_applies_to_group() -> None:
    value = "300 killed, hundreds captured, 14 vehicles destroyed, (government claim)"
    claims = parse_figures(value, 0, prop_hint="casualties", side=1)
    assert {c.claimant for c in claims} == {"government"}
    assert _find(claims, property="materiel").min == 14


def test_unparsed_is_kept_with_span() -> None:
    value = "Per Armenia:, Unspecified, Heavy"
    claims = parse_figures(value, 100, prop_hint="casualties", side=1)
    assert [c.text for c in claims] == ["Unspecified", "Heavy"]
    assert all(not c.parsed and c.min is None for c in claims)
    assert claims[0].span.start == 100 + value.index("Unspecified")


_FIGURE_WORDS = re.compile(r"\d|hundreds|dozens|thousands", re.I)


def test_corpus_casualty_claims(corpus_files: list[Path]) -> None:
    """Every article whose infobox has casualty figures yields casualty claims (issue #2)."""
    parsed = unparsed = 0
    for path in corpus_files:
        doc = read_document(path)
        facts = read_infobox(doc)
        has_figures = any(
            f.norm_key.startswith("casualties") and _FIGURE_WORDS.search(f.value)
            for f in doc.infobox
        )
        casualty = [c for c in facts.claims if c.property != "strength"]
        if has_figures:
            assert any(c.parsed and c.min is not None for c in casualty), path.name
        for c in facts.claims:
            assert doc.text[c.span.start : c.span.end] == c.text, path.name
            if c.parsed and c.min is not None:
                assert any(q.min == c.min for q in find_quantities(c.text)), (path.name, c.text)
        parsed += sum(c.parsed for c in casualty)
        unparsed += sum(not c.parsed for c in casualty)
    assert parsed > 300
    assert unparsed < parsed / 3


def test_pipeline_is_reusable(seed_path: Path) -> None:
    p: Pipeline = infobox_pipeline()
    a = p.run(read_document(seed_path))
    b = p.run(read_document(seed_path))
    assert [c.id for c in a.claims] == [c.id for c in b.claims]


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("0123456789,.;:()+~–- abcKkilledwounded per UN")), max_size=80
    )
)
def test_figure_parser_never_crashes_and_spans_hold(value: str) -> None:
    text = "xx" + value
    for c in parse_figures(value, 2, prop_hint="casualties", side=1):
        assert text[c.span.start : c.span.end] == c.text
        assert c.min is None or c.max is None or c.min <= c.max
