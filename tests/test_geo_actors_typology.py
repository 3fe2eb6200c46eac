"""Where and who: offline geocoding, canonical actors, typology (issue #4)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conflictkb.assemble import Pipeline
from conflictkb.assemble.pipeline import infobox_step
from conflictkb.errors import InputError
from conflictkb.extract.registry import load_registry
from conflictkb.model import Document, Event, Place
from conflictkb.readers import read_bytes, read_document
from conflictkb.resolve.actors import ActorStep
from conflictkb.resolve.gazetteer import Gazetteer
from conflictkb.resolve.geocode import GeocodeStep, distance_km
from conflictkb.resolve.typology import typology_step
from conflictkb.textutil import fold

GEO = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "geo" / "geonames"


@pytest.fixture(scope="module")
def geocode() -> GeocodeStep:
    return GeocodeStep()


@pytest.fixture(scope="module")
def seed(seed_path: Path, geocode: GeocodeStep) -> Event:
    p = Pipeline([infobox_step, geocode, ActorStep()], final=[typology_step])
    return p.run(read_document(seed_path))


def test_seed_place(seed: Event) -> None:
    p = seed.place
    assert p is not None and p.raw == "Mourrah, Mali"
    assert (p.name, p.geonames_id, p.country_code) == ("Mora", 2453345, "ML")
    assert p.admin1 == "Mopti" and fold(p.admin2 or "") == fold("Djenné")
    assert distance_km(p.lat, p.lon, 14.33, -4.60) < 25  # type: ignore[arg-type]
    assert (p.where_prec, p.geo_precision) == (1, 1)
    assert any("admin2 derived" in f for f in p.flags)


@pytest.mark.parametrize(
    ("raw", "lead", "country", "admin1"),
    [
        ("Moura, Mopti Region", "", "ML", "Mopti"),
        ("the central Malian town of Moura", "", "ML", None),  # several Mouras: no region given
        ("Tongo Tongo, Tillabéri, Niger", "", "NE", "Tillaberi"),
        ("Raqqa, Raqqa Governorate, Syria", "", "SY", None),
        ("Mariupol, Donetsk Oblast, Ukraine", "", "UA", "Donetsk"),
    ],
)
def test_place_strings(
    geocode: GeocodeStep, raw: str, lead: str, country: str, admin1: str | None
) -> None:
    ev = Event(id="x", name="x", place=Place(raw=raw))
    doc = Document(id="d", path="p", format="report", title="t", text=lead, sections=[])
    geocode(doc, ev)
    assert ev.place is not None and ev.place.country_code == country
    assert ev.place.lat is not None
    if admin1:
        assert fold(ev.place.admin1 or "") == fold(admin1)


def test_unresolved_place_gets_no_pin(geocode: GeocodeStep) -> None:
    ev = Event(id="x", name="x", place=Place(raw="Boulkessi, Mali"))  # in no gazetteer file
    geocode(ev.documents[0] if ev.documents else Document("d", "p", "report", "t", ""), ev)
    assert ev.place is not None and ev.place.raw == "Boulkessi, Mali"
    assert ev.place.lat is None and ev.place.country_code == "ML" and ev.place.where_prec == 6


def test_written_coordinates_win_and_disagreement_is_flagged(geocode: GeocodeStep) -> None:
    ev = Event(
        id="x", name="x", place=Place(raw="Moura, Mali", lat=12.65, lon=-8.0, source="coordinates")
    )
    geocode(Document("d", "p", "report", "t", ""), ev)
    assert (ev.place.lat, ev.place.lon) == (12.65, -8.0)  # type: ignore[union-attr]
    assert any("km from the written coordinates" in f for f in ev.place.flags)  # type: ignore[union-attr]


def test_malformed_coordinates_are_kept_and_flagged() -> None:
    text = "= X =\n\nInfobox\n- Place: Moura, Mali\n- Coordinates: 914.3°N, 4.6°W\n\nBody."
    ev = Pipeline([infobox_step]).run(read_bytes(text.encode(), "x.txt"))
    assert ev.place is not None and ev.place.lat is None
    assert any("coordinates not understood" in f for f in ev.place.flags)


def test_actors_canonical_with_inter_codes(seed: Event) -> None:
    combatants = {a.name: a for a in seed.actors if a.role == "combatant"}
    assert combatants["Wagner Group"].inter_code == 8 and combatants["Wagner Group"].side == 1
    jnim = combatants["Jama'at Nasr al-Islam wal Muslimin"]
    assert jnim.inter_code == 2 and jnim.resolved
    registry = load_registry()
    for alias in ("JNIM", "GSIM", "Jama'at Nusrat al-Islam wal-Muslimin"):
        assert registry.match(alias).canonical == "Jama'at Nasr al-Islam wal Muslimin"  # type: ignore[union-attr]


def test_concatenated_combatants_split(corpus_dir: Path) -> None:
    doc = read_document(corpus_dir / "caucasus__2016_nagorno-karabakh_conflict.txt")
    ev = Pipeline([infobox_step, ActorStep()]).run(doc)
    side1 = {a.name for a in ev.actors if a.side == 1 and a.role == "combatant"}
    assert {"Artsakh Defence Army", "Armenia"} <= side1


def test_typology_with_reasons(seed: Event) -> None:
    t = seed.typology
    assert t is not None
    assert (t.event_type, t.sub_event_type, t.type_of_violence) == (
        "Violence against civilians",
        "Attack",
        3,
    )
    assert any("civilian victims" in r for r in t.reasons) and any(
        "one-sided" in r for r in t.reasons
    )


def test_battle_is_state_based(corpus_dir: Path, geocode: GeocodeStep) -> None:
    doc = read_document(corpus_dir / "ukraine__articles__siege_of_mariupol.txt")
    ev = Pipeline([infobox_step, geocode, ActorStep()], final=[typology_step]).run(doc)
    assert ev.typology is not None and ev.typology.type_of_violence == 1
    assert ev.place is not None and ev.place.country_code == "UA"


def test_gazetteer_add(tmp_path: Path) -> None:
    n = Gazetteer.add_file(GEO / "MR.txt", target=tmp_path)
    assert n > 1000
    g = Gazetteer(extra_dir=tmp_path)
    assert g.lookup("Nouakchott", "MR")
    # the added file has an index of its own, beside the bundled one's
    home = tmp_path / "home"
    g = Gazetteer(extra_dir=tmp_path, index_base=home)
    names = sorted(p.name.split("-")[0] for p in (home / "index").glob("*.sqlite"))
    assert names == ["gazetteer", "user"] and len(g) > 273_000 + n - 1
    bundled_only = Gazetteer(extra_dir=tmp_path / "none", index_base=home)
    assert len(g.lookup("Nouakchott", "MR")) > len(bundled_only.lookup("Nouakchott", "MR"))
    bad = tmp_path / "bad.txt"
    bad.write_text("not\ta\tgeonames\tfile\n")
    with pytest.raises(InputError, match="no populated places"):
        Gazetteer.add_file(bad, target=tmp_path / "x")


def test_gazetteer_index_is_built_once_and_read_by_every_later_process(tmp_path: Path) -> None:
    """Issue 17: the bundled gzip parts become one SQLite index on first use; later
    gazetteers open it as it is (no parsing), and a changed source gets a new index."""
    import tempfile

    from conflictkb.resolve import gazindex

    first = Gazetteer(extra_dir=tmp_path / "none", index_base=tmp_path)
    (built,) = (tmp_path / "index").glob("gazetteer-*.sqlite")
    stamp = built.stat().st_mtime_ns
    again = Gazetteer(extra_dir=tmp_path / "none", index_base=tmp_path)
    assert built.stat().st_mtime_ns == stamp and len(again) == len(first) == 273_963
    mora = again.lookup("Mora", "ML")
    assert [p.admin2_name for p in mora] == ["Djenne Cercle"]
    assert again.admin2_name(mora[0]) == "Djenne"
    assert mora[0] in again.near_spellings("Moura", "ML")  # one edit, inside Mali
    assert again.lookup("Nouakchott") and again.lookup("Kharkiv", "UA")  # the world, at once
    assert again.admin1_codes_named("Mopti Region") == ["ML.04"]
    # the fingerprint follows the sources' bytes
    assert gazindex.fingerprint([("a.tsv", b"1")]) != gazindex.fingerprint([("a.tsv", b"2")])
    not_a_folder = tmp_path / "a-file"  # the data folder cannot hold an index (even as root)
    not_a_folder.write_text("x")
    assert gazindex.index_dir(not_a_folder).parent == Path(tempfile.gettempdir())


def test_corpus_place_resolution(corpus_files: list[Path], geocode: GeocodeStep) -> None:
    """Share of articles whose place resolves to a country (docs/quality.md)."""
    resolved = 0
    for path in corpus_files:
        ev = Pipeline([infobox_step, geocode]).run(read_document(path))
        resolved += bool(ev.place and ev.place.country_code)
    assert resolved / len(corpus_files) >= 0.9


def test_a_country_written_last_is_no_admin_name(
    geocode: GeocodeStep, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "Mopti (Mopti, Mali)": GeoNames has a Mali prefecture in Guinea, but a text about Mali
    names the country there, so Mopti of Mali fits what is written and no near spelling is
    searched for, in Mali or Guinea; "Mokwa (Niger, Nigeria)" keeps Niger State."""
    from conflictkb.model import PlaceMention, Span
    from conflictkb.resolve.textplace import _candidates

    gaz = geocode.gazetteer
    assert any(c.startswith("GN.") for c in gaz.admin2_codes_named("Mali"))
    searched: list[str] = []
    near = gaz.near_spellings_scored
    monkeypatch.setattr(gaz, "near_spellings_scored",
                        lambda name, cc: searched.append(cc) or near(name, cc))  # fmt: skip
    mopti = PlaceMention("Mopti", Span(0, 5), "near", admins=("Mopti", "Mali"))
    found = _candidates(gaz, mopti, {"ML"}, {"ML"})
    assert {c.country for c in found} == {"ML"} and searched == []
    assert "Mopti" in {c.place.name for c in found if c.place}
    mokwa = PlaceMention("Mokwa", Span(0, 5), "in", admins=("Niger", "Nigeria"))
    niger_state = next(c for c in gaz.admin1_codes_named("Niger") if c.startswith("NG."))
    assert {c.admin1 for c in _candidates(gaz, mokwa, {"NG"}, {"NG"})} == {niger_state}
