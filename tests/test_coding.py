"""Short reports coded the way ACLED's coders do (issue: place, sides, type, fatalities).

The notes are written by us from real events (UCDP GED, CC BY 4.0, and public reports): the
Boko Haram raid on Toumour (Niger, 23 March 2018), the JNIM ambush between Koro and Dioungani
(Mali, 10 October 2018), the clash near Akabar (Mali, 7 March 2018).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from conflictkb.assemble import Pipeline, default_pipeline
from conflictkb.errors import InputError
from conflictkb.evaluate_coded import evaluate_acled, read_acled_rows
from conflictkb.export.acled import acled_row
from conflictkb.export.ucdp import ged_row
from conflictkb.extract.registry import load_registry
from conflictkb.model import Event
from conflictkb.readers import ReadOptions, read_bytes, read_document
from conflictkb.record import event_record
from conflictkb.resolve.countries import dominant_country, find_country
from conflictkb.resolve.geocode import distance_km

ACLED = Path(__file__).parent / "fixtures" / "acled" / "sahel_notes.csv"


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return default_pipeline()


def _run(pipeline: Pipeline, text: str, **meta: object) -> Event:
    doc = read_bytes(text.encode(), "note.txt", format="report", options=ReadOptions(**meta))  # type: ignore[arg-type]
    return pipeline.run(doc)


def _deaths(ev: Event) -> int | None:
    est = ev.estimates.get("deaths")
    return est.low if est else None


def test_a_place_named_without_its_country(pipeline: Pipeline) -> None:
    ev = _run(pipeline, "On 23 March 2018, Boko Haram militants raided Toumour and killed "
                        "five civilians, according to local officials.")  # fmt: skip
    assert ev.place is not None and ev.place.country_code == "NE"
    assert ev.place.name == "Toumour" and ev.place.admin1 == "Diffa"
    assert ev.place.lat is not None and ev.place.where_prec == 1
    assert _deaths(ev) == 5
    five = next(c for c in ev.claims if c.min == 5)
    assert five.claimant == "local officials"  # "according to ..." in the figure's sentence


def test_the_parenthetical_gives_the_region_and_near_is_coded(pipeline: Pipeline) -> None:
    ev = _run(pipeline, "On 7 March 2018, Malian soldiers clashed with ISGS militants near "
                        "Akabar (Menaka, Gao), killing five militants.")  # fmt: skip
    assert ev.place is not None and ev.place.name == "Akabar" and ev.place.country_code == "ML"
    assert (ev.place.where_prec, ev.place.geo_precision) == (2, 2)  # "near"
    # a name the gazetteer lacks still gets its region from the parenthetical
    ev = _run(pipeline, "On 5 March 2022, JNIM militants ambushed a FAMa patrol near "
                        "Boulkessi (Mondoro, Mopti).")  # fmt: skip
    assert ev.place is not None and (ev.place.country_code, ev.place.admin1) == ("ML", "Mopti")
    assert ev.place.lat is None and ev.place.where_prec == 4


def test_homonyms_town_and_region(pipeline: Pipeline) -> None:
    town = _run(pipeline, "On 6 April 2018, JNIM militants attacked a camp in Gao.")
    assert town.place is not None and town.place.name == "Gao" and town.place.where_prec == 1
    assert town.place.admin1 == "Gao" and town.place.lat == pytest.approx(16.27, abs=0.05)
    region = _run(pipeline, "On 6 April 2018, JNIM militants attacked soldiers in the Gao region.")
    assert region.place is not None and region.place.where_prec == 4 and region.place.lat is None


def test_nationality_of_forces_and_lowercase_words_are_no_country() -> None:
    # the old rule counted the French and the Malian alike and took the first named
    assert dominant_country("French forces attacked a Malian village") == "ML"
    assert dominant_country("French forces attacked militants") == "FR"  # nothing else named
    assert find_country("they fled by car") is None
    assert find_country("fighting in the CAR") == "CF"


def test_generic_actors_get_roles_sides_and_the_country(pipeline: Pipeline) -> None:
    ev = _run(pipeline, "On 11 July 2015, unidentified gunmen shot dead two civilians in Diffa.")
    sides = {a.side: a for a in ev.actors if a.side}
    assert sides[1].name == "Unidentified Armed Group (Niger)" and sides[1].role == "initiator"
    assert sides[2].name == "Civilians (Niger)" and sides[2].role == "target"
    assert _deaths(ev) == 2  # "shot dead"
    row = acled_row(event_record(ev))
    assert (row["actor1"], row["actor2"], row["event_type"]) == (
        "Unidentified Armed Group (Niger)",
        "Civilians (Niger)",
        "Violence against civilians",
    )
    suspected = _run(pipeline, "On 10 October 2018, suspected JNIM militants ambushed a FAMa "
                               "convoy between Koro and Dioungani, killing three soldiers.")  # fmt: skip
    first = next(a for a in suspected.actors if a.side == 1)
    assert first.name == "Jama'at Nasr al-Islam wal Muslimin" and first.qualifier == "suspected"
    assert any(a.side == 2 and a.name == "Malian Armed Forces" for a in suspected.actors)
    assert suspected.typology is not None and suspected.typology.event_type == "Battles"


@pytest.mark.parametrize(("text", "deaths", "injured"), [
    ("On 3 May 2019, gunmen killed a civilian in Titao.", 1, None),  # singular victim
    ("On 3 May 2019, militants ambushed a patrol near Titao, killing one soldier and wounding "
     "three others.", 1, 3),  # two verbs, two figures
    ("On 3 May 2019, gunmen killed thirty-one soldiers in Titao.", 31, None),  # number word
    ("On 3 May 2019, soldiers clashed with militants near Titao; one soldier and four militants "
     "were killed.", 5, None),  # groups summed
    ("On 3 May 2019, gunmen killed 12 people (including 3 soldiers) in Titao.", 12, None),
    ("On 3 May 2019, gunmen killed 4 civilians in Titao. Since 2015, more than 700 people "
     "have been killed in the region.", 4, None),  # the background statistic left out
])  # fmt: skip
def test_fatalities_as_a_coder_reads_them(pipeline: Pipeline, text: str, deaths: int,
                                          injured: int | None) -> None:  # fmt: skip
    ev = _run(pipeline, text)
    assert _deaths(ev) == deaths
    est = ev.estimates.get("injured")
    assert (est.low if est else None) == injured


def test_the_report_own_voice(pipeline: Pipeline) -> None:
    text = ("---\ntitle: Mali killings\nclaimant: Human Rights Watch\npublished: 2022-04-05\n---\n"
            "Malian soldiers executed 300 civilians in Moura, Mali, in late March.\n")  # fmt: skip
    ev = _run(pipeline, text)
    c = next(c for c in ev.claims if c.min == 300)
    assert c.claimant == "Human Rights Watch"
    # a monitor publishing the report speaks in its own voice; a news agency does not
    for source, voice in (("Human Rights Watch", "Human Rights Watch"), ("Reuters", None)):
        text = (f"---\ntitle: Mali killings\nsource: {source}\npublished: 2022-04-05\n---\n"
                "Malian soldiers executed 300 civilians in Moura, Mali, in late March.\n")  # fmt: skip
        c = next(c for c in _run(pipeline, text).claims if c.min == 300)
        assert c.claimant == voice


def test_evaluate_on_an_acled_export(pipeline: Pipeline) -> None:
    report = evaluate_acled(ACLED, pipeline, load_registry())
    assert report.events == 12  # the HXL row is no event
    assert {k: report.right[k] for k in report.right} == {
        "date": 12, "country": 12, "admin1": 12, "location_25km": 11, "fatalities": 8,
        "event_type": 12, "actor1": 11}  # fmt: skip
    assert report.scored["fatalities"] == 8  # rows where people died
    types = {e["ours"]["event_type"] for e in report.per_event}
    assert types == {"Battles", "Violence against civilians", "Explosions/Remote violence",
                     "Protests", "Riots", "Strategic developments"}  # all six  # fmt: skip
    by_id = {e["id"]: e["ours"] for e in report.per_event}
    assert by_id["KBT9"]["actor1"] == "Rioters (Mali)"
    # French: the registry name stays one subject though the small model splits sentences
    assert by_id["KBT12"]["actor1"] == "Dan Na Ambassagou"
    # "13 US soldiers" places nothing in the United States; "Kabul airport (Kabul, Kabul)"
    assert (by_id["KBT6"]["country"], by_id["KBT6"]["fatalities"]) == ("AF", 183)


def test_an_unclaimed_attack_is_by_an_unidentified_armed_group(pipeline: Pipeline) -> None:
    ev = _run(pipeline, "On 5 March 2022, an IED struck a FAMa vehicle near Boni (Douentza, "
                        "Mopti), killing one soldier.")  # fmt: skip
    first = next(a for a in ev.actors if a.side == 1)
    assert first.name == "Unidentified Armed Group (Mali)" and first.qualifier == "unclaimed"
    assert first.span is not None  # quoted at the act that names the attack
    assert ev.typology is not None and ev.typology.sub_event_type == (
        "Remote explosive/landmine/IED"
    )
    row = ged_row(event_record(ev))  # UCDP puts the state on side A
    assert (row["side_a"], row["side_b"]) == ("Malian Armed Forces",
                                              "Unidentified Armed Group (Mali)")  # fmt: skip


def test_a_weapon_after_a_ground_attack_is_no_remote_violence(pipeline: Pipeline) -> None:
    ev = _run(pipeline, "On 3 May 2019, JNIM militants attacked a military camp in Boni with "
                        "rockets and small arms, killing two soldiers.")  # fmt: skip
    assert ev.typology is not None and ev.typology.event_type == "Battles"


@pytest.mark.parametrize(("text", "country", "side1", "side2", "event_type", "deaths"), [
    ("Le 23 mars 2018, des hommes armés ont tué cinq civils à Toumour, dans la région de "
     "Diffa, selon des sources locales.", "NE", "Unidentified Armed Group (Niger)",
     "Civilians (Niger)", "Violence against civilians", 5),
    ("Le 10 octobre 2018, des jihadistes présumés ont tendu une embuscade à un convoi de "
     "l'armée malienne entre Koro et Dioungani, tuant trois soldats et en blessant deux autres.",
     "ML", "Unidentified Armed Group (Mali)", "Malian Armed Forces", "Battles", 3),
    ("Le 27 novembre 2021, des manifestants ont bloqué un convoi militaire français à Téra. Les "
     "forces de sécurité ont tiré pour les disperser et deux manifestants ont été tués, selon le "
     "gouvernement nigérien.", "NE", "Protesters (Niger)", "Nigerien Armed Forces", "Protests", 2),
])  # fmt: skip
def test_french_notes(pipeline: Pipeline, text: str, country: str, side1: str, side2: str,
                      event_type: str, deaths: int) -> None:  # fmt: skip
    ev = _run(pipeline, text)
    assert ev.documents[0].language == "fr"
    assert ev.place is not None and ev.place.country_code == country and ev.place.lat is not None
    sides = {a.side: a.name for a in ev.actors if a.side}
    assert (sides.get(1), sides.get(2)) == (side1, side2)
    assert ev.typology is not None and ev.typology.event_type == event_type
    assert _deaths(ev) == deaths


@pytest.mark.parametrize("name", ["syria__battle_of_tabqa.txt", "syria__battle_of_raqqa_2017.txt",
                                  "ukraine__articles__battle_of_bakhmut.txt",
                                  "ukraine__articles__siege_of_mariupol.txt"])  # fmt: skip
def test_an_article_place_from_its_text_alone(pipeline: Pipeline, corpus_dir: Path,
                                              name: str) -> None:  # fmt: skip
    doc = read_document(corpus_dir / name)
    truth = pipeline.run(doc).place
    ours = pipeline.run(replace(doc, infobox=[])).place
    assert truth is not None and truth.lat is not None and truth.lon is not None
    assert ours is not None and ours.lat is not None and ours.lon is not None
    assert distance_km(truth.lat, truth.lon, ours.lat, ours.lon) <= 25
    assert any("place read from the text" in f for f in ours.flags)


@pytest.mark.parametrize(("text", "event_type", "actor1", "actor2", "fatalities"), [
    # UCDP GED: Government of Burkina Faso vs JNIM, Aribinda, 20 November 2019, 1 + 18 dead
    ("On 20 November 2019, Burkinabe soldiers and VDP clashed with JNIM militants in Aribinda "
     "(Soum, Sahel). 1 VDP and 18 militants were killed.", "Battles", "Burkinabe Armed Forces",
     "Jama'at Nasr al-Islam wal Muslimin", 19),
    # the same event told as an attack repelled: the responders are side 2
    ("On 20 November 2019, JNIM militants attacked Aribinda (Soum, Sahel). Burkinabe forces "
     "repelled the attack, killing 18 militants. One soldier was killed.", "Battles",
     "Jama'at Nasr al-Islam wal Muslimin", "Burkinabe Armed Forces", 19),
    # UCDP GED: JNIM vs civilians, Ouahigouya, 7 May 2019, 1 dead
    ("On 7 May 2019, suspected JNIM militants shot and killed a civilian man in Ouahigouya "
     "(Yatenga, Nord).", "Violence against civilians", "Jama'at Nasr al-Islam wal Muslimin",
     "Civilians (Burkina Faso)", 1),
    # the sit-in against a French convoy in Kaya, 20 November 2021 (public reports)
    ("On 20 November 2021, a sit-in was held in Kaya (Sanmatenga, Centre-Nord) against the "
     "passage of a French military convoy.", "Protests", "Protesters (Burkina Faso)", None, None),
])  # fmt: skip
def test_acled_style_notes(pipeline: Pipeline, text: str, event_type: str, actor1: str,
                           actor2: str | None, fatalities: int | None) -> None:  # fmt: skip
    row = acled_row(event_record(_run(pipeline, text)))
    assert (row["event_type"], row["actor1"], row["actor2"], row["fatalities"]) == (
        event_type,
        actor1,
        actor2,
        fatalities,
    )


def test_written_admins_choose_among_spellings_and_regions(pipeline: Pipeline) -> None:
    # Moura (HRW, UN: 27-31 March 2022) is GeoNames' "Mora" of the Djenné cercle, not another
    # place of the Mopti region whose alternate name is "Moura"
    ev = _run(pipeline, "Between 27 and 31 March 2022, FAMa and Wagner forces killed 300 "
                        "civilians in Moura (Djenne, Mopti).")  # fmt: skip
    assert ev.place is not None and (ev.place.name, ev.place.admin2) == ("Mora", "Djenne")
    # Akabar (UCDP GED, 7 March 2018): GeoNames still files it under Gao, the note under
    # Ménaka, the region carved out of Gao: the point is kept, the admin1 is the note's
    ev = _run(pipeline, "On 7 March 2018, Malian soldiers clashed with ISGS militants near "
                        "Akabar (Menaka, Menaka), killing five militants.")  # fmt: skip
    assert ev.place is not None and ev.place.name == "Akabar" and ev.place.lat is not None
    assert ev.place.admin1 == "Ménaka"


def test_a_neighbour_named_once_does_not_move_the_place(pipeline: Pipeline) -> None:
    ev = _run(pipeline, "On 11 July 2015, unidentified gunmen shot dead two civilians in Diffa. "
                        "The army said the attackers fled towards Nigeria.")  # fmt: skip
    assert ev.place is not None and (ev.place.name, ev.place.country_code) == ("Diffa", "NE")


def test_an_export_without_notes_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "acled.csv"
    path.write_text("event_id_cnty,event_date,fatalities\nMLI1,05 March 2022,3\n", "utf-8")
    with pytest.raises(InputError, match="no column notes"):
        list(read_acled_rows(path))
