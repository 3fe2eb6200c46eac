"""The whole pipeline over every corpus article: no failure, spans that quote the source, no
claim twice, every claim's document and extractor recorded (the provenance principle)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conflictkb.assemble import default_pipeline
from conflictkb.readers import read_document
from conflictkb.store import Store


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
