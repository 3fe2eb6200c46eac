"""Hostile input (issue #16): bz2 bombs stream in bounded chunks and are refused, every bad
upload is a 4xx in the one error shape, a store from a newer conflictkb is refused untouched."""

from __future__ import annotations

import bz2
import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from conflictkb.api.app import create_app
from conflictkb.assemble import infobox_pipeline
from conflictkb.errors import InputError, StoreError
from conflictkb.readers import dump
from conflictkb.settings import Settings
from conflictkb.store import SCHEMA_VERSION, Store

from .conftest import SEED

HEAD = (b'<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/"><siteinfo></siteinfo>'
        b"<page><title>Bomb</title><ns>0</ns><id>1</id><revision><id>1</id>"
        b'<text xml:space="preserve">{{Infobox military conflict | conflict = Bomb }} ')  # fmt: skip


def bomb(path: Path, mib: int) -> Path:
    """A dump whose one page is ``mib`` MiB of one letter, never closed (about 100 bytes)."""
    comp = bz2.BZ2Compressor(9)
    with path.open("wb") as out:
        out.write(comp.compress(HEAD))
        for _ in range(mib):
            out.write(comp.compress(b"a" * (1 << 20)))
        out.write(comp.flush())
    return path


def test_a_bz2_bomb_streams_in_bounded_chunks_and_is_refused(tmp_path: Path) -> None:
    path = bomb(tmp_path / "bomb.xml.bz2", 80)
    assert path.stat().st_size < 2000
    sizes = [len(chunk) for chunk, _ in dump._raw_chunks(path)]
    assert max(sizes) <= dump._OUT_MAX and sum(sizes) > 80 * 2**20  # never all at once
    with pytest.raises(InputError, match="runs over 64 MiB"):
        list(dump.iter_dump_pages(path))


@pytest.fixture()
def client(tmp_path: Path) -> TestClient:
    store = Store(str(tmp_path / "kb.sqlite"))
    settings = Settings(db=store.url, api_token="s3cret", upload_limit=200_000)
    app = create_app(settings, store, pipeline=infobox_pipeline())
    return TestClient(app, raise_server_exceptions=False)


NO_EVENT_DUMP = (b'<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/"><page><title>Paris'
                 b"</title><ns>0</ns><id>7</id><revision><id>1</id><text>Paris is a city."
                 b"</text></revision></page></mediawiki>")  # fmt: skip


@pytest.mark.parametrize(
    ("name", "body", "says"),
    [
        ("nothing.xml", NO_EVENT_DUMP, "no event"),
        ("empty.txt", b"", "empty"),
        ("noise.txt", bytes(range(256)) * 40, "binary"),
        ("bomb.xml.bz2", None, "64 MiB"),
        (
            "doctype.xml",
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "a">]><mediawiki/>',
            "DOCTYPE",
        ),
        ("cut.xml.bz2", bz2.compress(NO_EVENT_DUMP)[:60], "bz2"),
    ],
)
def test_every_bad_upload_is_a_4xx(client: TestClient, tmp_path: Path, name: str,
                                   body: bytes | None, says: str) -> None:  # fmt: skip
    if body is None:
        body = bomb(tmp_path / "b.xml.bz2", 70).read_bytes()
    got = client.post("/api/documents", content=body,
                      headers={"Authorization": "Bearer s3cret", "X-Filename": name})  # fmt: skip
    assert 400 <= got.status_code < 500, (got.status_code, got.text)
    error = got.json()["error"]
    assert says.lower() in error["message"].lower() and error["code"].startswith("CKB")
    assert client.get("/api/events").json()["total"] == 0  # nothing half-written


def test_a_store_from_a_newer_conflictkb_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    Store(str(path)).close()
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO schema_migrations VALUES (?, 'from the future', '2030-01-01')",
                     (SCHEMA_VERSION + 1,))  # fmt: skip
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer"):
        Store(str(path))
    assert path.read_bytes() == before


def test_the_seed_still_uploads(client: TestClient) -> None:
    got = client.post("/api/documents", content=SEED.read_bytes(),
                      headers={"Authorization": "Bearer s3cret", "X-Filename": SEED.name})  # fmt: skip
    assert got.status_code == 201 and got.json()["event_id"] == "moura-massacre"


HANGS = {  # inputs that took 9-15 s each before (quadratic backtracking, deep recursion)
    "unclosed refs": ("<ref>" * 8000, None),
    "unclosed refs in text": ("'''Battle''' was fought.<ref>" * 2000, None),
    "unclosed comments": ("<!--" * 20000, None),
    "deeply nested templates": ("{{Infobox military conflict|x=" + "{{" * 5000 + "}}" * 5000,
                                "nested over 40 deep"),
    "unclosed infoboxes": ("{{Infobox military conflict|" * 3000, "nested over 40 deep"),
}  # fmt: skip


@pytest.mark.parametrize("name", list(HANGS))
def test_wikitext_that_hung_now_reads_or_is_refused_at_once(name: str) -> None:
    import time

    from conflictkb.readers import read_bytes

    text, refused = HANGS[name]
    start = time.perf_counter()
    if refused:
        with pytest.raises(InputError, match=refused):
            read_bytes(text.encode(), "hostile.wiki", format="wikitext")
    else:
        doc = read_bytes(text.encode(), "hostile.wiki", format="wikitext")
        infobox_pipeline().run(doc)
    assert time.perf_counter() - start < 3  # was 9-15 s: a bound on a hang, not a benchmark


def _server_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    import os

    return {**os.environ, "CONFLICTKB_DB": str(tmp_path / "kb.sqlite"),
            "CONFLICTKB_API_TOKEN": "s3cret", **extra}  # fmt: skip


def test_reads_are_answered_while_an_upload_is_extracted(tmp_path: Path) -> None:
    """The upload is extracted in a worker process: a bounded loop of reads on loopback goes
    on being answered meanwhile (the first upload also starts the worker and loads spaCy)."""
    import threading
    import time

    import httpx

    from .conftest import REPORTS
    from .serving import serving

    with serving(_server_env(tmp_path)) as url:
        done: dict[str, object] = {}

        def upload() -> None:
            done["response"] = httpx.post(f"{url}/api/documents", timeout=300,
                                          content=(REPORTS / "hrw-2022-04-05-moura.md").read_bytes(),
                                          headers={"Authorization": "Bearer s3cret",
                                                   "X-Filename": "hrw.md"})  # fmt: skip

        worker = threading.Thread(target=upload)
        worker.start()
        took = []
        with httpx.Client(base_url=url, timeout=10) as client:
            while worker.is_alive() and len(took) < 3000:
                start = time.perf_counter()
                assert client.get("/api/events", params={"limit": 5}).status_code == 200
                took.append(time.perf_counter() - start)
        worker.join()
    response = done["response"]
    assert isinstance(response, httpx.Response) and response.status_code == 201, response
    took.sort()
    assert len(took) >= 20  # the reads ran during the upload
    assert took[int(len(took) * 0.95)] < 0.1 and took[-1] < 1.0, (took[len(took) // 2], took[-1])


def test_several_server_processes_serve_one_store(tmp_path: Path) -> None:
    """`serve --workers 2`: after an upload and the store-state interval (GENERATION_TTL,
    1 s), every read on a fresh connection (the kernel spreads them over the processes) sees
    the new event."""
    import time

    import httpx

    from .conftest import REPORTS
    from .serving import serving

    with serving(_server_env(tmp_path), "--workers", "2") as url:
        with httpx.Client(base_url=url, timeout=300) as client:
            for _ in range(100):  # both processes up
                if client.get("/api/events").status_code == 200:
                    break
                time.sleep(0.2)
            assert client.get("/api/events").json()["total"] == 0
            up = client.post("/api/documents", content=(REPORTS / "hrw-2022-04-05-moura.md").read_bytes(),
                             headers={"Authorization": "Bearer s3cret", "X-Filename": "hrw.md"})  # fmt: skip
            assert up.status_code == 201, up.text
            time.sleep(1.2)
            totals = {client.get("/api/events", headers={"Connection": "close"}).json()["total"]
                      for _ in range(20)}  # fmt: skip
    assert totals == {1}


def test_an_upload_over_its_time_limit_is_refused_and_stores_nothing(tmp_path: Path) -> None:
    import httpx

    from .serving import serving

    with serving(_server_env(tmp_path, CONFLICTKB_UPLOAD_TIME_LIMIT="0.2")) as url:
        got = httpx.post(f"{url}/api/documents", content=SEED.read_bytes(), timeout=60,
                         headers={"Authorization": "Bearer s3cret", "X-Filename": SEED.name})  # fmt: skip
        assert got.status_code == 400 and "time limit" in got.json()["error"]["message"]
        assert httpx.get(f"{url}/api/events").json()["total"] == 0


def test_long_paragraphs_reach_spacy_in_pieces_and_long_documents_get_our_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """spaCy refuses a text over its max_length with its own error (E088): no paragraph is
    handed over longer than MAX_PIECE characters, and a document with more running text than
    MAX_DOCUMENT gets our input error instead."""
    from conflictkb.assemble import default_pipeline
    from conflictkb.extract import narrative
    from conflictkb.readers import read_bytes

    sentence = "Gunmen killed 12 civilians in Mopti on 3 May 2022, officials said. "
    body = ("Attack in Mopti\n\n" + sentence * 700).encode()  # one paragraph of 47,000 characters
    pipeline = default_pipeline()
    monkeypatch.setattr(narrative, "MAX_PIECE", 5_000)
    ev = pipeline.run(read_bytes(body, "long.txt", format="report"))
    text = ev.documents[0].text
    figures = [c for c in ev.claims if c.origin.value == "narrative" and c.min == 12]
    assert figures and all(text[c.span.start : c.span.end] == c.text for c in figures)
    monkeypatch.setattr(narrative, "MAX_DOCUMENT", 20_000)
    with pytest.raises(InputError, match="over the language model's 20,000"):
        pipeline.run(read_bytes(body, "long.txt", format="report"))


class _Stalls:
    """A pipeline that never finishes one document (a stand-in for a hang in an extractor)."""

    def __init__(self, stall_on: str) -> None:
        self.base, self.stall_on = infobox_pipeline(), stall_on

    def prepare(self, docs: list[object]) -> None:
        """Batch parsing stalls too: it is bounded by the limit of the whole batch."""
        for doc in docs:
            self._stall(doc)

    def run(self, doc: object) -> object:
        self._stall(doc)
        return self.base.run(doc)  # type: ignore[arg-type]

    def _stall(self, doc: object) -> None:
        import time

        if self.stall_on in getattr(doc, "path", ""):
            while True:
                time.sleep(0.05)


def test_a_document_over_the_time_limit_fails_and_the_ingest_goes_on(tmp_path: Path) -> None:
    import time

    from conflictkb.errors import ExtractionError
    from conflictkb.ingest import ingest_paths

    from .conftest import SAMPLES

    store = Store(str(tmp_path / "kb.sqlite"))
    other = SAMPLES / "syria__battle_of_idlib_2015.txt"
    start = time.perf_counter()
    report = ingest_paths(store, [SEED, other], pipeline=_Stalls("moura"),  # type: ignore[arg-type]
                          skip_errors=True, time_limit=3)  # fmt: skip
    assert time.perf_counter() - start < 20  # the batch (2 x 3 s), then the document (3 s)
    assert [o.event_id for o in report.ingested] == ["battle-of-idlib-2015"]
    assert len(report.failed) == 1 and "3-second limit" in report.failed[0][1]
    with pytest.raises(ExtractionError, match="limit per document"):
        ingest_paths(store, [SEED], pipeline=_Stalls("moura"), time_limit=1)  # type: ignore[arg-type]
    assert store.stats()["documents"] == 1  # nothing half-written


def test_a_pdf_page_of_many_text_boxes_is_read_at_once() -> None:
    """Found by the fuzzer: 900 quote characters inserted into a PDF's content stream make
    hundreds of text boxes, and pdfminer's reading-order grouping (quadratic) took 8-23 s."""
    import time

    from conflictkb.readers import read_bytes

    from .pdfmake import make_pdf

    pdf = make_pdf(["Gunmen killed 12 civilians in Mopti on 3 May 2022, officials said.",
                    "The army said 5 attackers were killed."])  # fmt: skip
    at = int(0.3125 * len(pdf))
    hostile = pdf[:at] + b"'''" * 300 + pdf[at:]
    start = time.perf_counter()
    try:
        read_bytes(hostile, "hostile.pdf", format="pdf")
    except InputError:
        pass
    assert time.perf_counter() - start < 3  # was 8-23 s
