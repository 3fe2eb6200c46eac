"""The whole pipeline over every corpus article: no failure, spans that quote the source, no
claim twice, every claim's document and extractor recorded (the provenance principle)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conflictkb.assemble import default_pipeline
from conflictkb.readers import read_document
from conflictkb.store import Store

from .conftest import REPORTS


@pytest.mark.slow
def test_every_corpus_article_goes_through_the_full_pipeline(corpus_files: list[Path],
                                                             tmp_path: Path) -> None:  # fmt: skip
    pipeline = default_pipeline()
    store = Store(str(tmp_path / "kb.sqlite"))
    narrative = 0
    for path in corpus_files:
        doc = read_document(path)
        event = pipeline.run(doc)  # raises ExtractionError on any failing step
        assert event.incidents == []  # an article is about one event
        assert store.save_event(event).status == "ingested", path.name  # no false merge
        ids = [c.id for c in event.claims]
        assert len(ids) == len(set(ids)), path.name
        for c in event.claims:
            assert doc.text[c.span.start : c.span.end] == c.text, (path.name, c.text)
            assert c.document_id == doc.id and c.extractor, (path.name, c.text)
            narrative += c.origin.value == "narrative"
    assert narrative > 300  # the narrative step found figures across the corpus
    assert store.stats()["events"] == len(corpus_files)


@pytest.mark.slow
def test_batched_parsing_gives_the_same_records(corpus_files: list[Path],
                                                monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """Issue 17: documents parsed together in batches, with part-of-speech tags for the lead's
    paragraphs only and the entity recogniser on the sentences that need it only, give the
    records that one document at a time with every component on every paragraph gives: field
    by field, over the whole corpus and the report fixtures."""
    from conflictkb.extract import narrative
    from conflictkb.record import event_record

    paths = [
        *corpus_files,
        *sorted(p for p in REPORTS.iterdir() if p.suffix in {".txt", ".md", ".html"}),
    ]
    pipeline = default_pipeline()
    step = next(s for s in pipeline.steps if isinstance(s, narrative.NarrativeStep))
    calls: list[int] = []
    parse = step._parse
    monkeypatch.setattr(
        step, "_parse", lambda nlp, items: calls.append(len(items)) or parse(nlp, items)
    )
    after = [event_record(e) for e in pipeline.run_many(read_document(p) for p in paths)]
    assert len(calls) < len(paths) / 3 and not step._prepared  # batches, each parse used
    monkeypatch.undo()
    monkeypatch.setattr(narrative, "_TAGGERS", ())  # every component on every paragraph
    monkeypatch.setattr(narrative, "SELECT_ENTITIES", False)
    before = [pipeline.run(read_document(p)) for p in paths]
    assert len(after) == len(before) == len(paths)
    for path, old, new in zip(paths, (event_record(e) for e in before), after, strict=True):
        differ = sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))
        assert not differ, (path.name, differ)
