"""Parallel ingest: the same store as a sequential run (issue #7)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conflictkb import parallel
from conflictkb.assemble import infobox_pipeline
from conflictkb.ingest import IngestSink, ingest_paths
from conflictkb.parallel import MIN_TASK_CHARS, TASK_CHARS, ingest_parallel, task_chars
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


def test_tasks_shrink_as_the_input_runs_out(
    tmp_path: Path, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Guided self-scheduling: full tasks while much is left, smaller ones towards the end so
    that both workers finish together; full ones throughout when the size is not known."""
    assert task_chars(None, 2) == TASK_CHARS == task_chars(10**9, 2)
    assert task_chars(100_000, 2) == 12_500 and task_chars(-5, 2) == MIN_TASK_CHARS
    sizes: list[int] = []
    real = parallel.task_chars
    monkeypatch.setattr(parallel, "task_chars", lambda r, w: sizes.append(real(r, w)) or sizes[-1])
    store = Store(str(tmp_path / "kb.sqlite"))
    report = ingest_parallel(store, [corpus_dir], workers=2, infobox_only=True)
    assert len(report.ingested) == len(list(corpus_dir.glob("*.txt")))
    assert sizes[0] == TASK_CHARS and sizes[-1] == MIN_TASK_CHARS
    assert sizes == sorted(sizes, reverse=True)
    sink = IngestSink(store)
    sink.sources([corpus_dir])
    assert sink.planned_bytes == sum(p.stat().st_size for p in corpus_dir.glob("*.txt"))
    dump = tmp_path / "pages.xml.bz2"
    dump.write_bytes(b"")
    sink.sources([dump])
    assert sink.planned_bytes is None  # a compressed dump holds more than its size


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


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(x) for x in text.split()]


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status  # a zombie has ended


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc (Linux)")
def test_workers_end_when_the_ingest_is_killed(tmp_path: Path, corpus_dir: Path) -> None:
    """Issue 17: the workers of a killed ingest (SIGKILL: no clean-up runs) end at once, by
    the kernel's parent-death signal, with no watcher thread in them."""
    import signal
    import subprocess
    import sys
    import time

    code = ("import sys; from conflictkb.parallel import ingest_parallel; "
            "from conflictkb.store import Store; "
            "ingest_parallel(Store(sys.argv[1]), [sys.argv[2]], workers=2)")  # fmt: skip
    parent = subprocess.Popen([sys.executable, "-c", code, str(tmp_path / "kb.sqlite"),
                               str(corpus_dir)])  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while len(workers := _children(parent.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(workers) >= 2, "the ingest started no workers"
        for w in workers:
            threads = len(list(Path(f"/proc/{w}/task").iterdir()))
            assert threads == 1  # no watcher thread: it alone would slow spaCy by a tenth
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 10
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(w) for w in workers)
    finally:
        parent.kill()


def test_the_heap_is_frozen_for_the_job_only(tmp_path: Path) -> None:
    """The model and what lives as long as it are out of the collector's sight during an
    ingest (and before the workers fork), and back in it afterwards, so a library user's
    process can free them."""
    import gc

    during: list[int] = []
    tick = lambda *_a: during.append(gc.get_freeze_count())  # noqa: E731
    assert gc.get_freeze_count() == 0
    ingest_paths(Store(str(tmp_path / "one.sqlite")), [SAMPLES / "moura_massacre.txt"],
                 on_progress=tick)  # fmt: skip
    assert during and min(during) > 10_000 and gc.get_freeze_count() == 0
    during.clear()
    ingest_parallel(Store(str(tmp_path / "two.sqlite")), [SAMPLES], workers=2,
                    infobox_only=True, on_progress=tick)  # fmt: skip
    assert during and min(during) > 0 and gc.get_freeze_count() == 0


def test_a_callers_frozen_objects_stay_frozen() -> None:
    """gc.unfreeze cannot tell the job's frozen objects from a caller's: a caller that froze
    its own before the job keeps them frozen after it; with none, all is seen again."""
    import gc

    from conflictkb.ingest import frozen_heap

    with frozen_heap():
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0
    gc.freeze()
    try:
        before = gc.get_freeze_count()
        with frozen_heap():
            pass
        assert gc.get_freeze_count() >= before > 0
    finally:
        gc.unfreeze()
