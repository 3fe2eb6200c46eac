"""Parallel ingest: the same store as a sequential run (issue #7)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conflictkb.assemble import infobox_pipeline
from conflictkb.ingest import ingest_paths
from conflictkb.parallel import ingest_parallel
from conflictkb.store import Store

SAMPLES = Path(__file__).resolve().parent.parent / "src" / "conflictkb" / "data" / "samples"


def test_two_workers_give_the_same_records(tmp_path: Path) -> None:
    one = Store(str(tmp_path / "one.sqlite"))
    ingest_paths(one, [SAMPLES], pipeline=infobox_pipeline())
    two = Store(str(tmp_path / "two.sqlite"))
    report = ingest_parallel(two, [SAMPLES], workers=2, infobox_only=True)
    assert len(report.ingested) == len(list(SAMPLES.glob("*.txt")))
    a = {r["id"]: r for r in one.iter_records()}
    b = {r["id"]: r for r in two.iter_records()}
    assert a.keys() == b.keys()
    for key in a:
        assert a[key]["claims"] == b[key]["claims"] and a[key]["estimates"] == b[key]["estimates"]
    again = ingest_parallel(two, [SAMPLES], workers=2, infobox_only=True)
    assert again.ingested == [] and len(again.duplicates) == len(a)


def test_bad_file_with_skip_errors(tmp_path: Path) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    store = Store(str(tmp_path / "kb.sqlite"))
    report = ingest_parallel(store, [bad, SAMPLES / "moura_massacre.txt"], workers=2,
                             infobox_only=True, skip_errors=True)  # fmt: skip
    assert len(report.failed) == 1 and len(report.ingested) == 1


def test_two_workers_on_a_dump(tmp_path: Path) -> None:
    import subprocess
    import sys

    from conflictkb.readers.dump import iter_dump_pages
    from conflictkb.sources import dump_key

    root = Path(__file__).resolve().parent.parent
    if not (root.parent / "shared" / "data" / "wikitext").is_dir():
        pytest.skip("../shared/data/wikitext is not beside the repo")
    dump = tmp_path / "d.xml.bz2"
    subprocess.run([sys.executable, str(root / "scripts" / "make_test_dump.py"), str(dump),
                    "--filler", "300", "--repeat", "2"], check=True, capture_output=True)  # fmt: skip
    pages = list(iter_dump_pages(dump))
    one = Store(str(tmp_path / "one.sqlite"))
    ingest_paths(one, [dump], pipeline=infobox_pipeline())
    two = Store(str(tmp_path / "two.sqlite"))
    report = ingest_parallel(two, [dump], workers=2, infobox_only=True)
    assert len(report.ingested) == len(pages) > 20
    assert [r for r in two.iter_records()] == [r for r in one.iter_records()]
    assert two.checkpoint(dump_key(dump)) == pages[-1].page_id
