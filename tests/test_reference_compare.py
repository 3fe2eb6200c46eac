"""Reference import (ACLED, UCDP GED) and comparison with our events (issue #6)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from conflictkb.assemble import infobox_pipeline
from conflictkb.compare import compare_store, summarise
from conflictkb.export import FORMATS
from conflictkb.ingest import ingest_paths
from conflictkb.reference import load_reference, parse_reference
from conflictkb.store import Store

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "src" / "conflictkb" / "data" / "samples"
UCDP = ROOT.parent / "shared" / "data" / "ucdp"


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    s = Store(str(tmp_path / "kb.sqlite"))
    ingest_paths(s, [SAMPLES], pipeline=infobox_pipeline())
    return s


def test_round_trip_every_event_matches_itself(store: Store, tmp_path: Path) -> None:
    ged = tmp_path / "ours.csv"
    buf = io.BytesIO()
    FORMATS["ucdp-ged"][0](store.iter_records(), buf)
    ged.write_bytes(buf.getvalue())
    result = load_reference(store, ged, "ours")
    assert result.format == "ucdp-ged" and result.errors == []
    for r in compare_store(store, "ours"):
        assert r.event_id in r.linked, (r.event_id, r.note)
        assert r.dates_agree


def test_compare_corpus_with_ucdp(tmp_path: Path, corpus_dir: Path) -> None:
    s = Store(str(tmp_path / "kb.sqlite"))
    ingest_paths(s, [corpus_dir], pipeline=infobox_pipeline())
    for part in ("train", "validation", "test"):
        assert load_reference(s, UCDP / f"{part}.jsonl").errors == []
    results = compare_store(s)
    summary = summarise(results)
    assert summary["events_linked"] >= 25
    by_id = {r.event_id: r for r in results}
    raqqa = by_id["battle-of-raqqa-2017"]
    assert len(raqqa.linked) > 30 and raqqa.dates_agree
    assert "2017-06-06" <= raqqa.ref_start and raqqa.ref_end <= "2017-10-17"
    assert all(r.reasons[x].startswith(("place names", "within")) or "km" in r.reasons[x]
               for r in results for x in r.linked)  # fmt: skip


ACLED = (
    "\ufeffevent_id_cnty,event_date,year,actor1,actor2,country,admin1,admin2,location,latitude,longitude,fatalities,extra\n"
    "#event+code,#date,#date+year,#group+name,#group+name,#country+name,#adm1,#adm2,#loc,#geo+lat,#geo+lon,#affected+killed,#x\n"
    "MLI1,27 March 2022,2022,Military Forces of Mali,Civilians (Mali),Mali,Mopti,Djenne,Moura,14.33,-4.6,300,x\n"
    "MLI2,2022-02-30,2022,A,B,Mali,Mopti,,X,14,-4,1,x\n"
    "MLI3,2022-03-28,2022,A,B,Mali,Mopti,,X,140,-4,1,x\n"
    "MLI4,2022-03-28,2022,A,B,Mali,Mopti,,X,14.3,-4.6,2,x\n"
)  # fmt: skip


def test_acled_with_bom_hxl_and_bad_rows(tmp_path: Path) -> None:
    path = tmp_path / "acled.csv"
    path.write_text(ACLED, encoding="utf-8")
    result = parse_reference(path)
    assert result.format == "acled"
    assert [e.ref_id for e in result.events] == ["MLI1", "MLI4"]
    assert [(e.line, "date" in e.message or "coordinates" in e.message) for e in result.errors] == [
        (4, True), (5, True)]  # fmt: skip
    moura = result.events[0]
    assert (
        moura.country_code == "ML" and moura.best == 300 and str(moura.date_start) == "2022-03-27"
    )


def test_wrong_encoding_and_unknown_layout(tmp_path: Path) -> None:
    path = tmp_path / "ged.csv"
    path.write_bytes(
        "id,date_start,date_end,country,best\n1,2022-03-27,2022-03-31,Côte d'Ivoire,5\n".encode(
            "cp1252"
        )
    )
    result = parse_reference(path)
    assert result.warnings and result.events[0].best == 5
    odd = tmp_path / "odd.csv"
    odd.write_text("a,b\n1,2\n")
    with pytest.raises(Exception, match="unknown layout"):
        parse_reference(odd)


def test_truncated_file_keeps_good_rows(tmp_path: Path, store: Store) -> None:
    lines = (UCDP / "test.jsonl").read_text().splitlines()[:20]
    path = tmp_path / "cut.jsonl"
    path.write_text("\n".join(lines[:-1]) + "\n" + lines[-1][:40])
    result = load_reference(store, path)
    assert len(result.events) == 19 and result.errors[0].line == 20


def test_comparison_on_event_page_and_api(store: Store, tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from conflictkb.api.app import create_app
    from conflictkb.settings import Settings

    client = TestClient(create_app(Settings(db=store.url), store))
    assert "Against reference datasets" not in client.get("/events/battle-of-raqqa-2017").text
    load_reference(store, UCDP / "train.jsonl")
    page = client.get("/events/battle-of-raqqa-2017").text
    assert "Against reference datasets" in page and "coded events linked" in page
    data = client.get("/api/events/battle-of-raqqa-2017/comparison").json()
    assert len(data["linked"]) > 10 and data["dates_agree"]
