"""Raw wikitext with its citations (issue #7, first part)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conflictkb import extract_event, read_bytes
from conflictkb.assemble import default_pipeline
from conflictkb.model import ClaimOrigin, Event
from conflictkb.readers.wikitext import clean_in_place

WIKI = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "wikitext"


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    if not WIKI.is_dir():
        pytest.skip("../shared/data/wikitext is not beside the repo")
    return {p["title"]: p["text"] for p in json.loads((WIKI / "civil_attack.json").read_text())}


@pytest.fixture(scope="module")
def events(pages: dict[str, str]) -> dict[str, Event]:
    pipeline = default_pipeline()
    return {t: pipeline.run(read_bytes(pages[t].encode(), f"{t}.wiki"))
            for t in ("November 2015 Paris attacks", "7 July 2005 London bombings")}  # fmt: skip


def test_paris_infobox_claims_carry_their_references(
    events: dict[str, Event], pages: dict[str, str]
) -> None:
    ev = events["November 2015 Paris attacks"]
    text = pages["November 2015 Paris attacks"]
    assert ev.documents[0].format == "wikitext" and ev.start_date.isoformat() == "2015-11-13"  # type: ignore[union-attr]
    assert ev.place is not None and ev.place.country_code == "FR" and ev.place.lat is not None
    deaths = next(
        c for c in ev.claims if c.origin is ClaimOrigin.INFOBOX and c.property == "deaths"
    )
    injured = next(
        c for c in ev.claims if c.origin is ClaimOrigin.INFOBOX and c.property == "injured"
    )
    assert (deaths.min, injured.min) == (137, 413)
    assert text[deaths.span.start : deaths.span.start + 3] == "137"  # spans point into the wikitext
    urls = {c.url for c in deaths.citations}
    assert any("rte.ie" in (u or "") for u in urls)
    assert all(c.url and c.url.startswith("http") for c in injured.citations) and injured.citations


def test_narrative_casualty_claims_cite(events: dict[str, Event]) -> None:
    for ev in events.values():
        cited = [
            c
            for c in ev.claims
            if c.origin is ClaimOrigin.NARRATIVE and c.property == "deaths" and c.citations
        ]
        assert cited, ev.name
        assert all(x.url for c in cited for x in c.citations)


def test_clean_in_place_keeps_offsets() -> None:
    raw = "56 ([[Bataclan (theatre)|Bataclan]])<ref>{{cite web|url=http://x.org|title=T}}</ref><br />{{start date|2015|11|13}}"
    clean = clean_in_place(raw)
    assert len(clean) == len(raw)
    assert raw.index("[[") <= clean.index("Bataclan") < raw.index("]]")  # inside its link's span
    assert "2015-11-13" in clean and "http" not in clean


def test_broken_markup_never_crashes() -> None:
    junk = (
        "{{Infobox civilian attack\n| fatalities = 12<ref>{{cite web|url=http://a\n| injuries = [[[[ {{{{\n"
        * 3
    )
    ev = extract_event(read_bytes(junk.encode(), "junk.wiki"))
    assert ev.documents[0].format == "wikitext"
