"""Issue 14: one event from many reports. The Moura article and reports from other sources
become one event with each source's claims; a file as text and as HTML, and a revised article,
are versions; a roundup of two incidents gives two events; users' merges and splits hold."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from conflictkb.assemble import Pipeline, default_pipeline, infobox_pipeline
from conflictkb.assemble.sameevent import judge, referenced_names
from conflictkb.errors import InputError
from conflictkb.export import FORMATS
from conflictkb.ingest import ingest_paths
from conflictkb.model import ReviewStatus
from conflictkb.readers import read_document
from conflictkb.store import SCHEMA_VERSION, Store

from .conftest import REPORTS, SEED

OHCHR_MD = REPORTS / "ohchr-2022-04-20-moura.md"
OHCHR_HTML = REPORTS / "ohchr-2022-04-20-moura.html"
HRW = REPORTS / "hrw-2022-04-05-moura.md"
FRENCH = REPORTS / "hcdh-2022-04-20-moura-fr.txt"
ROUNDUP = REPORTS / "sahel-roundup-2022-06-20.md"
MINUSMA = REPORTS / "minusma-2018-12-13-point-de-presse-fr.txt"


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return default_pipeline()


@pytest.fixture()
def moura(tmp_path: Path, pipeline: Pipeline) -> Store:
    store = Store(str(tmp_path / "kb.sqlite"))
    report = ingest_paths(store, [SEED, HRW, OHCHR_MD], pipeline=pipeline)
    assert [o.status for o in report.ingested] == ["ingested", "merged", "merged"]
    return store


def _docs(rec: dict) -> set[str]:
    return {d["title"] for d in rec["documents"]}


def test_three_sources_make_one_event_with_each_sources_claims(moura: Store) -> None:
    assert moura.stats()["events"] == 1
    rec = moura.get_record("moura-massacre")
    assert rec["title"] == "Moura massacre"  # the article is the primary document
    assert rec["number_of_sources"] == 3 and len(rec["documents"]) == 3
    by_doc = {d["sha256"]: d for d in rec["documents"]}
    sources = {by_doc[c["document_id"]]["source"] for c in rec["claims"]}
    assert sources == {None, "Human Rights Watch", "OHCHR"}  # every document's claims are kept
    hrw = [c for c in rec["claims"] if by_doc[c["document_id"]]["source"] == "Human Rights Watch"]
    assert {c["min"] for c in hrw if c["property"] == "deaths"} >= {300, 203}
    for meta in rec["documents"][1:]:  # how each report joined: the score and its reasons
        res = meta["resolution"]
        assert res["kind"] == "same" and res["score"] >= res["threshold"]
        assert any("dates" in r or "same day" in r for r in res["reasons"])
    # The army's 203 is stated by the article, HRW and OHCHR: corroborated across sources.
    deaths_203 = next(
        x for x in rec["corroboration"] if x["property"] == "deaths" and x["min"] == 203
    )
    assert len(deaths_203["sources"]) >= 2
    # Estimates from all documents: the article's sided infobox figures still make the total.
    assert rec["estimates"]["deaths"]["best"] == 505


def test_the_exports_count_and_name_the_merged_sources(moura: Store) -> None:
    ged = _export(moura, "ucdp-ged")
    assert ged[0]["number_of_sources"] == "3"
    assert "Human Rights Watch" in ged[0]["source_office"] and "OHCHR" in ged[0]["source_office"]
    assert "hrw.org" in ged[0]["source_article"] and "2022-04-05" in ged[0]["source_date"]
    acled = _export(moura, "acled")
    assert "Human Rights Watch" in acled[0]["source"] and "OHCHR" in acled[0]["source"]


def _export(store: Store, fmt: str) -> list[dict[str, str]]:
    import csv

    writer, _media, _suffix = FORMATS[fmt]
    buf = io.BytesIO()
    writer(store.iter_records(), buf)
    return list(csv.DictReader(io.StringIO(buf.getvalue().decode("utf-8"))))


def test_the_same_statement_as_html_is_a_version_not_a_second_source(moura: Store,
                                                                      pipeline: Pipeline) -> None:  # fmt: skip
    report = ingest_paths(moura, [OHCHR_HTML], pipeline=pipeline)
    outcome = report.ingested[0]
    assert outcome.status == "version" and outcome.event_id == "moura-massacre"
    rec = moura.get_record("moura-massacre")
    assert rec["number_of_sources"] == 3 and len(rec["documents"]) == 3
    assert {d["format"] for d in rec["documents"]} == {"article", "markdown", "html"}
    assert outcome.replaces not in {d["sha256"] for d in rec["documents"]}
    again = ingest_paths(moura, [OHCHR_HTML], pipeline=pipeline)  # byte-identical: a no-op
    assert again.duplicates and moura.stats()["documents"] == 4


def test_a_revised_article_updates_its_event_and_keeps_its_reviews(tmp_path: Path,
                                                                   corpus_dir: Path) -> None:  # fmt: skip
    store = Store(str(tmp_path / "kb.sqlite"))
    original = corpus_dir / "syria__battle_of_raqqa_2017.txt"
    ingest_paths(store, [original], pipeline=infobox_pipeline())
    event_id = store.find_event_id("Battle of Raqqa (2017)")
    rec = store.get_record(event_id)
    sohr = next(c for c in rec["claims"] if c["claimant"] == "SOHR" and c["min"] == 690)
    gone = next(c for c in rec["claims"] if c["min"] == 1000 and c["property"] == "deaths")
    store.review_claim(sohr["id"], ReviewStatus.EDITED, min=700, max=700, reviewer="ana")
    store.review_claim(gone["id"], ReviewStatus.REJECTED, reviewer="ana")
    revised = tmp_path / "revised" / original.name
    revised.parent.mkdir()
    text = original.read_text(encoding="utf-8").replace(" 1,000 killed (per ISIL)", "")
    revised.write_text(
        text + "\nThe city was handed to the Raqqa Civil Council.\n", encoding="utf-8"
    )
    report = ingest_paths(store, [revised], pipeline=infobox_pipeline())
    assert report.ingested[0].status == "version" and report.ingested[0].event_id == event_id
    assert report.ingested[0].orphaned == [gone["id"]]
    after = store.get_record(event_id)
    assert store.stats()["events"] == 1 and len(after["documents"]) == 1
    kept = next(c for c in after["claims"] if c["claimant"] == "SOHR" and c["property"] == "deaths"
                and c["side"] == 1)  # fmt: skip
    assert kept["id"] != sohr["id"] and kept["review_status"] == "edited" and kept["min"] == 700
    orphan = after["orphaned_reviews"]
    assert [o["claim_id"] for o in orphan] == [gone["id"]] and orphan[0]["status"] == "rejected"


def test_a_roundup_of_two_incidents_gives_two_events(tmp_path: Path, pipeline: Pipeline) -> None:
    event = pipeline.run(read_document(ROUNDUP))
    assert len(event.incidents) == 2
    first, second = event.incidents
    assert (first.place.country_code, second.place.country_code) == ("BF", "ML")
    assert [c.min for c in first.claims if c.property == "deaths"] == [79]
    assert [c.min for c in second.claims if c.property == "deaths"] == [132]
    text = event.documents[0].text
    assert all(text[c.span.start : c.span.end] == c.text for i in event.incidents for c in i.claims)
    store = Store(str(tmp_path / "kb.sqlite"))
    outcome = store.save_event(event)
    assert len(outcome.events) == 2 and store.stats()["events"] == 2
    assert store.stats()["documents"] == 1
    # Single-incident reports stay whole.
    assert pipeline.run(read_document(OHCHR_MD)).incidents == []
    assert pipeline.run(read_document(MINUSMA)).incidents == []


def test_a_users_split_holds_and_a_merge_joins_again(moura: Store, pipeline: Pipeline) -> None:
    ohchr = next(
        d for d in moura.get_record("moura-massacre")["documents"] if d["source"] == "OHCHR"
    )
    new_id, rec = moura.split_document("moura-massacre", ohchr["sha256"][:12], user="ana",
                                       comment="a statement on access, not the massacre")  # fmt: skip
    assert rec["documents"][0]["sha256"] == ohchr["sha256"]
    assert moura.get_record("moura-massacre")["number_of_sources"] == 2
    # A later version of the split document follows it, never back into the Moura event.
    report = ingest_paths(moura, [OHCHR_HTML], pipeline=pipeline)
    assert report.ingested[0].event_id == new_id
    assert "OHCHR" not in {d["source"] for d in moura.get_record("moura-massacre")["documents"]}
    decisions = moura.decisions("moura-massacre")
    assert decisions[0]["kind"] == "split" and decisions[0]["user"] == "ana"
    with pytest.raises(InputError):
        moura.split_document(new_id, report.ingested[0].document_id)  # its only document
    merged = moura.merge_events("moura-massacre", new_id, user="ben")
    assert merged["number_of_sources"] == 3
    assert moura.find_event_id(new_id) == "moura-massacre"  # the old id redirects
    assert moura.get_record(new_id)["id"] == "moura-massacre"
    assert moura.decisions("moura-massacre")[0]["kind"] == "merge"
    _search_counts_agree(moura)


def _search_counts_agree(store: Store) -> None:
    """A search's count comes from the search index alone (issue 17): after merges, splits and
    new versions it still holds one row per event, under the event's rowid, so the count is the
    number of events found."""
    from conflictkb.store import EventFilter

    with store.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT count(*), count(DISTINCT event_id) FROM events_fts"
        ).one()
        aligned = conn.exec_driver_sql(  # each row under its event's rowid (migration 12)
            "SELECT count(*) FROM events_fts f JOIN events e ON e.rowid = f.rowid AND e.id = f.event_id"
        ).scalar()
    assert tuple(rows) == (store.stats()["events"],) * 2 == (aligned, aligned)
    for words in ("Moura", "massacre helicopters", "the", "Mariupol"):
        found = store.list_events(EventFilter(q=words, limit=1000))
        assert store.count_events(EventFilter(q=words)) == len(found), words


def test_a_high_threshold_keeps_reports_apart(tmp_path: Path, pipeline: Pipeline) -> None:
    store = Store(str(tmp_path / "kb.sqlite"), merge_threshold=100)
    ingest_paths(store, [SEED, HRW, OHCHR_MD], pipeline=pipeline)
    assert store.stats()["events"] == 3


def test_a_crash_during_resolution_leaves_the_store_as_before(moura: Store, pipeline: Pipeline,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    before = moura.stats()
    record = moura.get_record("moura-massacre")

    def boom(*_a: object, **_k: object) -> None:
        raise RuntimeError("resolution failed")

    monkeypatch.setattr("conflictkb.store.parts.combine", boom)
    with pytest.raises(RuntimeError):
        ingest_paths(moura, [FRENCH], pipeline=pipeline)
    assert moura.stats() == before and moura.get_record("moura-massacre") == record


def test_distinct_events_are_not_merged_on_date_and_place_alone(pipeline: Pipeline) -> None:
    seed = pipeline.run(read_document(SEED))
    minusma = pipeline.run(read_document(MINUSMA))
    verdict = judge(minusma, seed, "")
    assert verdict.kind == "distinct" and "days apart" in (verdict.veto or "")
    roundup = pipeline.run(read_document(ROUNDUP))
    seytenga, diallassagou = roundup.incidents
    apart = judge(diallassagou, seytenga)
    assert apart.kind == "distinct" and apart.veto in {"dates 6 days apart",
                                                       "different countries (ML, BF)"}  # fmt: skip
    # The same day and the same point, nothing else in common: 5 points, below the threshold.
    # (Two reports, so no encyclopedia rule decides it.)
    other = pipeline.run(read_document(SEED))
    other.name, other.actors, other.claims, other.typology = "Another raid", [], [], None
    bare = pipeline.run(read_document(SEED))
    bare.actors, bare.claims, bare.typology = [], [], None
    other.documents = bare.documents = []
    alone = judge(other, bare, "")
    assert (alone.kind, alone.score, alone.veto) == ("distinct", 5.0, None), alone.reasons


def test_a_report_naming_the_event_is_evidence() -> None:
    names = referenced_names("Survivors of the Moura massacre and of the Battle of Kyiv (2022).")
    assert set(names) == {"moura massacre", "battle of kyiv 2022"}


def test_merge_then_search_finds_the_reports_words(moura: Store) -> None:
    from conflictkb.store import EventFilter

    hits = moura.list_events(EventFilter(q="helicopters market"))  # words of the HRW report only
    assert [h["id"] for h in hits] == ["moura-massacre"]


def test_a_store_from_before_merging_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    store = Store(str(path))
    ingest_paths(store, [SEED], pipeline=infobox_pipeline())
    with store.engine.begin() as conn:  # back to schema 6: no parts, no index
        for table in ("resolution_keys", "event_parts", "event_links", "event_decisions",
                      "kept_apart", "event_redirects", "review_carry"):  # fmt: skip
            conn.exec_driver_sql(f"DROP TABLE {table}")
        conn.exec_driver_sql("DELETE FROM schema_migrations WHERE version = 7")
    store.close()
    again = Store(str(path))
    assert again.schema_version() == SCHEMA_VERSION
    with again.engine.connect() as conn:  # the stored event became one part, with its keys
        assert conn.exec_driver_sql("SELECT count(*) FROM event_parts").scalar() == 1
        keys = {k for (k,) in conn.exec_driver_sql("SELECT key FROM resolution_keys")}
    assert "n:moura massacre" in keys and "k:ML:2022-03" in keys
    # The backfilled part takes part in resolution: a revised copy is a version of it.
    revised = tmp_path / "moura_massacre.txt"
    revised.write_text(SEED.read_text(encoding="utf-8") + "\nA revision.\n", encoding="utf-8")
    report = ingest_paths(again, [revised], pipeline=infobox_pipeline())
    assert report.ingested[0].status == "version"
    assert report.ingested[0].event_id == "moura-massacre" and again.stats()["events"] == 1


def test_cli_merge_and_split(moura: Store, tmp_path: Path) -> None:
    import subprocess
    import sys

    db = moura.url.removeprefix("sqlite:///")
    cli = [sys.executable, "-m", "conflictkb", "--db", db]
    hrw = next(d for d in moura.get_record("moura-massacre")["documents"]
               if d["source"] == "Human Rights Watch")  # fmt: skip
    out = subprocess.run([*cli, "split", "moura-massacre", "--document", hrw["sha256"][:10],
                          "--user", "ana"], capture_output=True, text=True, timeout=120)  # fmt: skip
    assert out.returncode == 0, out.stderr
    new_id = out.stdout.split("event ")[-1].strip()
    out = subprocess.run([*cli, "merge", "moura-massacre", new_id], capture_output=True, text=True,
                         timeout=120)  # fmt: skip
    assert out.returncode == 0 and "3 source(s)" in out.stdout, out.stderr
    bad = subprocess.run([*cli, "merge", "moura-massacre", "moura-massacre"], capture_output=True,
                         text=True, timeout=120)  # fmt: skip
    assert bad.returncode == 1 and bad.stderr.startswith("Error:")
    shown = subprocess.run([*cli, "show", "moura-massacre"], capture_output=True, text=True,
                           timeout=120)  # fmt: skip
    assert "Documents (3; 3 source(s))" in shown.stdout


def test_api_merge_and_split_need_the_token(moura: Store) -> None:
    from fastapi.testclient import TestClient

    from conflictkb.api.app import create_app
    from conflictkb.settings import Settings

    client = TestClient(create_app(Settings(db=":memory:", api_token="s3cret"), moura))
    hrw = next(d["sha256"] for d in client.get("/api/events/moura-massacre").json()["documents"]
               if d["source"] == "Human Rights Watch")  # fmt: skip
    body = {"document": hrw[:12], "user": "ana", "comment": "<script>alert(1)</script>"}
    refused = client.post("/api/events/moura-massacre/split", json=body)
    assert refused.status_code == 401 and refused.json()["error"]["code"] == "CKB401"
    auth = {"Authorization": "Bearer s3cret"}
    split = client.post("/api/events/moura-massacre/split", json=body, headers=auth)
    assert split.status_code == 200, split.text
    new_id = split.json()["event_id"]
    assert client.get("/api/events/moura-massacre").json()["number_of_sources"] == 2
    decisions = client.get("/api/events/moura-massacre/decisions").json()
    assert decisions[0]["kind"] == "split" and decisions[0]["comment"] == body["comment"]
    bad = client.post("/api/events/moura-massacre/merge", json={"other": "no-such-event"},
                      headers=auth)  # fmt: skip
    assert bad.status_code == 404 and "error" in bad.json()
    merged = client.post("/api/events/moura-massacre/merge", json={"other": new_id}, headers=auth)
    assert merged.status_code == 200 and merged.json()["number_of_sources"] == 3
    page = client.get("/events/moura-massacre")
    assert page.status_code == 200 and "<script>alert(1)</script>" not in page.text
    assert "How it joined" in page.text and "Human Rights Watch" in page.text


def test_a_weekly_update_of_another_month_is_no_version(tmp_path: Path) -> None:
    def update(day: str, body: str) -> Path:
        path = tmp_path / f"update-{day}.md"
        path.write_text(f"---\ntitle: Weekly update\npublished: {day}\nsource: MINUSMA\n---\n\n"
                        f"# Weekly update\n\n{body}\n", encoding="utf-8")  # fmt: skip
        return path

    store = Store(str(tmp_path / "kb.sqlite"))
    first = update("2022-01-10", "On 8 January 2022, gunmen killed 12 civilians in Boni, Mali.")
    second = update(
        "2022-06-13", "On 11 June 2022, gunmen killed 20 civilians in Bandiagara, Mali."
    )
    fixed = update("2022-06-14", "On 11 June 2022, gunmen killed 22 civilians in Bandiagara, Mali.")
    report = ingest_paths(store, [first, second, fixed], pipeline=infobox_pipeline())
    assert [o.status for o in report.ingested] == ["ingested", "ingested", "version"]
    assert report.ingested[2].replaces == report.ingested[1].document_id


def test_a_later_protest_naming_the_event_is_a_reaction_to_it(moura: Store, tmp_path: Path,
                                                              pipeline: Pipeline) -> None:  # fmt: skip
    protest = tmp_path / "bamako-protest.md"
    protest.write_text(
        "---\ntitle: Protest in Bamako\npublished: 2022-05-21\nsource: conflictkb test data\n---\n\n"
        "# Protest in Bamako\n\nOn 20 May 2022, hundreds of people protested in Bamako, Mali, "
        "demanding justice for the victims of the Moura massacre.\n",
        encoding="utf-8",
    )
    outcome = ingest_paths(moura, [protest], pipeline=pipeline).ingested[0]
    assert outcome.status == "ingested"  # a new event, not a fourth source of the massacre
    links = moura.get_record(outcome.event_id)["links"]
    assert any(x["kind"] == "reaction_to" and x["event_id"] == "moura-massacre" for x in links)
    back = moura.get_record("moura-massacre")["links"]
    assert any(x["kind"] == "reactions" and x["event_id"] == outcome.event_id for x in back)


def test_candidates_parts_are_read_in_one_query(tmp_path: Path, pipeline: Pipeline) -> None:
    """Judging a report against many stored events of its place and month reads all their
    parts at once, not one query per candidate (issue 17: storing a short note cost more than
    extracting it)."""
    from sqlalchemy import event

    store = Store(str(tmp_path / "kb.sqlite"))
    days = [3, 9, 14, 20, 26, 30]
    for i, day in enumerate(days):
        note = tmp_path / f"note-{i}.txt"
        note.write_text(f"Attack near Djibo\n\nOn {day} May 2021, gunmen attacked a market near "
                        f"Djibo (Soum, Burkina Faso). {i + 4} civilians were killed, local "
                        "sources said.\n", encoding="utf-8")  # fmt: skip
    ingest_paths(store, sorted(tmp_path.glob("note-[0-4].txt")), pipeline=pipeline)
    assert len(list(store.iter_records())) == 5  # five attacks, days apart: five events
    statements: list[str] = []
    event.listen(store.engine, "before_cursor_execute",
                 lambda _c, _cur, sql, *_a: statements.append(sql))  # fmt: skip
    outcome = store.save_event(pipeline.run(read_document(tmp_path / "note-5.txt")))
    assert outcome.status == "ingested"  # a sixth attack of its own
    (rec,) = [r for r in store.iter_records() if r["id"] == outcome.event_id]
    assert rec["documents"][0]["resolution"]["candidates"] >= 4
    reads = [q for q in statements if "FROM event_parts" in q and "event_parts.record" in q]
    assert len(reads) == 2 and " IN (" in reads[0], reads  # the candidates', the new event's
