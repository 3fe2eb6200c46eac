"""Issue 12: reports as they come: HTML, PDF, front matter, Markdown, publication dates, French.

The documents are real (OHCHR's statement of 20 April 2022 on Moura, MINUSMA's briefing of
13 December 2018; see tests/fixtures/reports/NOTICE.md); the PDF is built from the statement's
text by tests/pdfmake.py.
"""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path

import pytest

from conflictkb.assemble import Pipeline, default_pipeline
from conflictkb.errors import InputError
from conflictkb.ingest import ingest_paths
from conflictkb.model import DatePrecision, Event
from conflictkb.readers import ReadOptions, read_bytes, read_document
from conflictkb.record import event_record
from conflictkb.store import Store

from .conftest import REPORTS

sys.path.insert(0, str(Path(__file__).parent))
from pdfmake import inflating_stream, make_pdf  # noqa: E402

MD = REPORTS / "ohchr-2022-04-20-moura.md"
HTML = REPORTS / "ohchr-2022-04-20-moura.html"
FR = REPORTS / "hcdh-2022-04-20-moura-fr.txt"
MINUSMA = REPORTS / "minusma-2018-12-13-point-de-presse-fr.txt"


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return default_pipeline()


def statement_paragraphs() -> list[str]:
    body = MD.read_text().split("---\n", 2)[2]
    return [p for p in body.strip().split("\n\n") if not p.startswith("#")]


def statement_pdf() -> bytes:
    paras = statement_paragraphs()
    return make_pdf([paras[:1], paras[1:]], title="Comment on Moura (OHCHR)",
                    created="D:20220420120000+02'00'", author="OHCHR")  # fmt: skip


def claims_by_figure(ev: Event) -> dict[int | None, list]:  # type: ignore[type-arg]
    out: dict[int | None, list] = {}  # type: ignore[type-arg]
    for c in ev.claims:
        out.setdefault(c.min if c.min is not None else c.max, []).append(c)
    return out


def assert_statement(ev: Event) -> None:
    """What OHCHR's statement says, whatever the format it came in."""
    doc = ev.documents[0]
    figures = claims_by_figure(ev)
    killed = figures[203][0]
    assert killed.property == "deaths" and killed.category_norm.value == "combatants"
    arrested = figures[51][0]
    assert arrested.property == "captured"
    for c in (killed, arrested):
        assert doc.text[c.span.start : c.span.end] == c.text
        assert str(c.min) in c.text
    assert killed.claimant_norm == "Malian government"  # "the Malian army has acknowledged"
    assert ev.place is not None and ev.place.country_code == "ML"
    # "from 23 to 31 March" in a statement of 20 April 2022; the dateline is not the event
    assert (ev.start_date, ev.end_date) == (date(2022, 3, 23), date(2022, 3, 31))
    assert ev.date_note and "publication date 2022-04-20" in ev.date_note


def test_html_page(pipeline: Pipeline) -> None:
    doc = read_document(HTML)
    assert doc.format == "html"
    assert doc.title.startswith("Comment by UN Human Rights Office spokesperson Seif Magango")
    assert doc.published == date(2022, 4, 20)
    assert doc.url and doc.url.startswith("https://www.ohchr.org/en/statements/2022/04/")
    assert (doc.source, doc.language) == ("OHCHR", "en")
    for junk in ("<", "alert", "dataLayer", "999 people", "2014", "Skip to main", "Countries"):
        assert junk not in doc.text, junk
    ev = pipeline.run(doc)
    assert_statement(ev)
    assert all("<" not in t.text and "2025" not in t.text for t in ev.timeline)
    rec = event_record(ev)
    assert rec["document"]["published"] == "2022-04-20" and rec["document"]["source"] == "OHCHR"


def test_front_matter_markdown(pipeline: Pipeline) -> None:
    doc = read_document(MD)
    assert doc.format == "markdown"
    assert doc.title.startswith("Comment by UN Human Rights Office") and doc.title != "---"
    assert (doc.published, doc.source, doc.claimant, doc.language) == (
        date(2022, 4, 20), "OHCHR", "OHCHR", "en")  # fmt: skip
    body_start = doc.text.index("# Comment")
    assert all(s.start >= body_start for s in doc.sections)  # the block is not body
    assert_statement(pipeline.run(doc))


def test_pdf_report_pages(pipeline: Pipeline) -> None:
    doc = read_bytes(statement_pdf(), "statement.pdf")
    assert doc.format == "pdf" and len(doc.pages) == 2
    assert doc.title == "Comment on Moura (OHCHR)"
    assert doc.published == date(2022, 4, 20)
    ev = pipeline.run(doc)
    assert_statement(ev)
    rec = event_record(ev)
    pages = {c["min"]: c["page"] for c in rec["claims"]}
    assert pages[203] == 2 and pages[51] == 2
    assert rec["document"]["pages"] == 2
    first = next(t for t in rec["timeline"] if "6 April" in t["text"])
    assert doc.page_at(first["span"][0]) == 2


def test_french_report(pipeline: Pipeline) -> None:
    doc = read_document(FR)
    ev = pipeline.run(doc)
    assert doc.language == "fr"
    assert doc.title.startswith("Commentaire du porte-parole du Haut-Commissariat")
    assert doc.published == date(2022, 4, 20)  # from the dateline "GENÈVE (20 avril 2022) –"
    assert any("dateline" in w for w in doc.warnings)
    figures = claims_by_figure(ev)
    killed = figures[203][0]
    assert (killed.property, killed.claimant) == ("deaths", "Malian Armed Forces")
    assert killed.text == "203 combattants"
    assert figures[51][0].property == "captured"
    up_to = figures[500][0]  # "jusqu'à 500 morts"
    assert (up_to.min, up_to.max, up_to.property) == (None, 500, "deaths")
    assert (ev.start_date, ev.end_date) == (date(2022, 3, 23), date(2022, 3, 31))
    assert ev.place is not None and ev.place.country_code == "ML" and ev.place.raw == "Moura"
    assert "HCDH" not in [a.name for a in ev.actors]  # the alias resolves to its canonical name


def test_french_briefing_dates_and_place(pipeline: Pipeline) -> None:
    ev = pipeline.run(read_document(MINUSMA))
    assert ev.documents[0].language == "fr"
    # "les 11 et 12 décembre 2018"; the title's "du 13 décembre 2018" dates the briefing
    assert (ev.start_date, ev.end_date) == (date(2018, 12, 11), date(2018, 12, 12))
    assert ev.date_precision == DatePrecision.DAYS_2_6
    assert ev.place is not None and ev.place.country_code == "ML"
    assert ev.place.admin1 == "Ménaka"


NOTE = ("On 31 August, unidentified gunmen attacked the village of Tessit in the Gao region, "
        "killing 12 civilians. A local official confirmed the toll on Thursday.")  # fmt: skip


def test_published_anchors_yearless_dates(pipeline: Pipeline) -> None:
    for published, year in ((date(2022, 9, 2), 2022), (date(2023, 3, 1), 2022)):
        doc = read_bytes(NOTE.encode(), "note.txt", options=ReadOptions(published=published))
        ev = pipeline.run(doc)
        assert ev.start_date == date(year, 8, 31), published
        assert "anchored" in (ev.date_note or "")
        said = [t for t in ev.timeline if t.date and t.date.weekday() == 3]
        assert said and said[0].date <= published  # "on Thursday": the latest one
    bare = pipeline.run(read_bytes(NOTE.encode(), "note.txt"))  # no publication date
    assert bare.start_date is None  # "31 August" of no known year is no date
    assert all(t.date_note is None for t in bare.timeline)  # nor is "on Thursday"


def test_dateline_is_not_the_event_date(pipeline: Pipeline) -> None:
    text = ("(Nairobi, April 5, 2022) – Malian armed forces and foreign soldiers executed "
            "about 300 civilian men in the central town of Moura in late March, Human Rights "
            "Watch said today.")  # fmt: skip
    ev = pipeline.run(read_bytes(text.encode(), "hrw.txt"))
    doc = ev.documents[0]
    assert doc.published == date(2022, 4, 5) and doc.dateline is not None
    assert ev.start_date == date(2022, 3, 21) and ev.end_date == date(2022, 3, 31)
    figure = claims_by_figure(ev)[300][0]
    assert figure.claimant == "Human Rights Watch"


def test_folder_ingest_accounts_for_every_file(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "statement.html").write_bytes(HTML.read_bytes())
    (folder / "statement.pdf").write_bytes(statement_pdf())
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage")
    (folder / "scan.pdf").write_bytes(make_pdf([[]]))
    (folder / "notes.docx").write_bytes(b"PK\x03\x04 not read")
    (folder / "README.md").write_text("about this folder")
    with Store(str(tmp_path / "s.sqlite")) as store:
        report = ingest_paths(store, [folder], skip_errors=True)
        assert len(report.ingested) == 2
        failed = dict(report.failed)
        assert "OCR" in failed[str(folder / "scan.pdf")]
        assert "PDF" in failed[str(folder / "broken.pdf")]
        skipped = dict(report.skipped)
        assert "unknown file type '.docx'" in skipped[str(folder / "notes.docx")]
        assert str(folder / "README.md") in skipped
        assert report.total == 6
        assert "skipped 2" in report.summary()
        paths = {store.get_document(o.document_id)["path"] for o in report.ingested}
        assert paths == {str(folder / "statement.html"), str(folder / "statement.pdf")}
        row = store.get_document(report.ingested[0].document_id)
        assert row["url"] and row["source"] == "OHCHR" and row["language"] == "en"


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (make_pdf([["Moura"]], encrypt=True), "enc.pdf", "encrypted"),
        (make_pdf([[]]), "scan.pdf", "OCR"),
        (make_pdf([[]], raw_streams=[inflating_stream(300)]), "bomb.pdf", "decompression bomb"),
        (make_pdf([["page"]] * 2001), "long.pdf", "2,001 pages"),
        (b"<!DOCTYPE html><html><body><p>not a pdf</p></body></html>", "lies.pdf", "not a PDF"),
        (b"%PDF-1.4\n" + b"\x00\xff" * 50, "cut.pdf", "cannot read the PDF"),
        (
            b"<html><head><script>alert(1)</script></head><body><script>x()</script></body></html>",
            "empty.html",
            "no main text",
        ),
        (b"---\ntitle: [unclosed\n---\nGunmen killed 3.", "fm.md", "front matter line"),
        (b"---\na: &x [1]\nb: *x\n---\nbody", "alias.txt", "aliases"),
        (b"---\npublished: last spring\n---\nbody text", "date.txt", "is not a date"),
        (b"---\ntitle: x\nno end of the block", "open.txt", "not closed"),
    ],
)
def test_bad_input_is_a_clear_error(data: bytes, name: str, message: str) -> None:
    with pytest.raises(InputError) as err:
        read_bytes(data, name)
    assert message in str(err.value) and name in str(err.value)


def test_pdf_over_the_limit_is_refused_before_parsing() -> None:
    with pytest.raises(InputError, match="over the 5-page limit"):
        read_bytes(make_pdf([["x"]] * 6), "six.pdf", options=ReadOptions(max_pages=5))


def test_unsupported_language_gets_metadata_only(pipeline: Pipeline) -> None:
    text = ("Bewaffnete Männer haben am Montag in einem Dorf im Zentrum Malis mindestens 30 "
            "Zivilisten getötet, teilte die Regierung mit. Die Vereinten Nationen verurteilten "
            "den Angriff und forderten eine unabhängige Untersuchung.")  # fmt: skip
    ev = pipeline.run(read_bytes(text.encode(), "de.txt"))
    assert ev.documents[0].language == "de"
    assert ev.claims == [] and ev.timeline == []
    assert any("not supported" in w for w in ev.documents[0].warnings)


def test_language_model_is_unpacked_once_and_reads_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The identifier read from the unpacked copy scores every fixture as py3langid's own
    reading of the packed file; the copy is made once; an unwritable home reads it packed."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from conflictkb.extract import language

    monkeypatch.setenv("CONFLICTKB_HOME", str(tmp_path / "home"))
    language._identifier.cache_clear()
    ours = language._identifier()
    (copy,) = (tmp_path / "home" / "langid").iterdir()
    made = copy.stat().st_mtime_ns
    theirs = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    texts = [p.read_text(encoding="utf-8", errors="replace")[:5000] for p in REPORTS.iterdir()]
    assert len(texts) > 5
    for text in texts:
        assert ours.classify(text) == theirs.classify(text)
        assert ours.rank(text)[:5] == theirs.rank(text)[:5]
    language._identifier.cache_clear()
    language._identifier()
    assert copy.stat().st_mtime_ns == made  # read, not made again
    (tmp_path / "blocked").write_text("a file where the home's folder would be")
    monkeypatch.setenv("CONFLICTKB_HOME", str(tmp_path / "blocked"))
    language._identifier.cache_clear()
    try:
        assert language._identifier().classify(texts[0]) == theirs.classify(texts[0])
    finally:
        language._identifier.cache_clear()


def test_no_markup_reaches_spans(pipeline: Pipeline) -> None:
    ev = pipeline.run(read_document(HTML))
    text = ev.documents[0].text
    for span_text in [c.text for c in ev.claims] + [t.text for t in ev.timeline]:
        assert not re.search(r"<[a-z/!]", span_text)
        assert span_text in text


def test_cli_published_and_language(tmp_path: Path) -> None:
    import json
    import subprocess

    note = tmp_path / "note.txt"
    note.write_text(NOTE)
    cli = [sys.executable, "-m", "conflictkb", "--db", str(tmp_path / "kb.sqlite")]
    out = subprocess.run([*cli, "extract", str(note), "--published", "2022-09-02"],
                         capture_output=True, text=True, timeout=300)  # fmt: skip
    rec = json.loads(out.stdout)
    assert rec["start_date"] == "2022-08-31" and rec["document"]["published"] == "2022-09-02"
    bad = subprocess.run([*cli, "extract", str(note), "--published", "2 Sept"],
                         capture_output=True, text=True, timeout=300)  # fmt: skip
    assert bad.returncode == 1 and "YYYY-MM-DD" in bad.stderr
    out = subprocess.run([*cli, "ingest", str(REPORTS), "--published", "2022-09-02"],
                         capture_output=True, text=True, timeout=600)  # fmt: skip
    assert out.returncode == 0, out.stderr
    summary = " ".join(out.stdout.split())
    # NOTICE.md skipped; the three Moura reports make one event (the OHCHR statement as HTML
    # and as Markdown are versions of one document); the roundup gives two (issue 14).
    assert (
        "ingested 6 (2 joined stored events, 1 new versions), already present 0, failed 0, "
        "skipped 1" in summary
    )
    with Store(str(tmp_path / "kb.sqlite")) as store:
        assert store.stats()["events"] == 4
