"""Which country an event is in, from place strings and from the lead (text-only articles)."""

from __future__ import annotations

import pytest

from conflictkb.model import Document, Event, Place
from conflictkb.resolve.countries import country_scores, dominant_country, find_country
from conflictkb.resolve.geocode import GeocodeStep


@pytest.fixture(scope="module")
def geocode() -> GeocodeStep:
    return GeocodeStep()


def _country(geocode: GeocodeStep, raw: str, lead: str) -> str | None:
    ev = Event(id="x", name="x", place=Place(raw=raw))
    doc = Document(id="d", path="p", format="report", title="t", text=lead, sections=[])
    geocode(doc, ev)
    return ev.place.country_code if ev.place else None


def test_an_occupier_or_backer_is_not_the_place() -> None:
    assert find_country("Nova Kakhovka, Russian-occupied Kherson Oblast", demonyms=True) is None
    lead = "Russian-backed separatists and Russian-backed forces held a town in eastern Ukraine."
    assert dominant_country(lead) == "UA"  # counted, the backer would tie and come first
    assert (
        dominant_country("US-based Human Rights Watch documented killings by Malian soldiers")
        == "ML"
    )


def test_region_names_place_the_event(geocode: GeocodeStep) -> None:
    assert _country(geocode, "Nova Kakhovka, Russian-occupied Kherson Oblast", "") == "UA"
    # Corpus leads (Battle of Markada; Battle of Huliaipole) that name a region of the country
    # and another country more often.
    markada = ("The Battle of Markada was a military confrontation between two jihadist groups, "
               "over the town of Markada in the Al-Hasakah Governorate, in March 2014. The "
               "strategic importance of the town lay in its position on the group's weapons "
               "supply route from Iraq.")  # fmt: skip
    assert _country(geocode, "", markada) == "SY"
    huliaipole = ("The Battle of Huliaipole is an ongoing military conflict between the Armed "
                  "Forces of Russia and the Armed Forces of Ukraine in the city of Huliaipole, in "
                  "central Zaporizhzhia Oblast.")  # fmt: skip
    assert _country(geocode, "", huliaipole) == "UA"  # GeoNames spells it Zaporizhzhya


def test_theatre_phrases_outweigh_the_invader() -> None:
    lead = ("The battle of Vasylkiv was a military engagement between the Russian Federation and "
            "Ukraine on 26 February 2022, during the 2022 Russian invasion of Ukraine.")  # fmt: skip
    assert dominant_country(lead) == "UA"
    scores = country_scores("The offensive was part of the Syrian civil war; Lebanon was near.")
    assert scores["SY"] > scores["LB"]


@pytest.mark.parametrize(
    ("text", "code"),
    [("Nigerian troops", "NG"), ("Congolese rebels", "CD"), ("Burkinabè soldiers", "BF"),
     ("South Sudanese forces", "SS"), ("Yemeni officials", "YE"), ("Colombian army", "CO")],
)  # fmt: skip
def test_demonyms_of_every_region(text: str, code: str) -> None:
    assert find_country(text, demonyms=True) == code
