"""Parallel ingest on one machine: documents are read by the parent, extracted in worker
processes (one Pipeline each, built once), and stored by the parent in input order through the
same :class:`~conflictkb.ingest.IngestSink` as a sequential run, so dumps resume alike.

At most ``4 * workers`` tasks (runs of up to :data:`TASK_DOCUMENTS` documents or
:data:`TASK_CHARS` bytes, fewer bytes as the input runs out: :func:`task_chars`) are in flight,
so memory stays flat on a dump of any size.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from .assemble import Pipeline, default_pipeline, infobox_pipeline
from .errors import ConflictKBError
from .ingest import (
    IngestReport,
    IngestSink,
    Progress,
    extract_source,
    extract_sources,
    frozen_heap,
    settle_heap,
)
from .model import Event
from .readers import ReadOptions
from .readers.base import DEFAULT_MAX_BYTES
from .sources import Source
from .store import Store

__all__ = [
    "Outcome",
    "extract_batch_in_worker",
    "extract_in_worker",
    "ingest_parallel",
    "init_worker",
]

_PIPELINE: Pipeline | None = None
_PR_SET_PDEATHSIG = 1  # linux/prctl.h
Outcome = tuple[Event | None, ConflictKBError | None]


def init_worker(infobox_only: bool, forked_here: bool = False) -> None:
    """Build the worker's pipeline. ``forked_here``: the pool's workers are started by the
    thread that uses the pool and outlives it (:func:`ingest_parallel`), so the kernel may end
    them with it (see :func:`_exit_with_parent`)."""
    global _PIPELINE  # one pipeline per worker process, built once
    _exit_with_parent(os.getppid(), forked_here)
    _PIPELINE = infobox_pipeline() if infobox_only else default_pipeline()
    settle_heap()


def _exit_with_parent(parent: int, forked_here: bool) -> None:
    """A worker whose parent was killed (SIGKILL, OOM) would wait forever: end it instead.

    With ``forked_here``, on Linux, the kernel ends it (``PR_SET_PDEATHSIG``, which fires
    when the thread that started the worker ends: a server's request thread may end long
    before its worker, so the upload worker does not ask for it). Otherwise a thread watches
    the parent; a second thread alone makes spaCy's parsing about 11 % slower in that process
    (measured: a thread blocked on a lock, never running, does it too)."""
    if forked_here and _die_with_parent():
        if os.getppid() != parent:  # it died before the signal was asked for
            os._exit(1)
        return

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _die_with_parent() -> bool:
    """Ask the kernel for SIGKILL when the parent dies; False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def extract_in_worker(src: Source, max_bytes: int, time_limit: float | None = None) -> Outcome:
    assert _PIPELINE is not None, "worker started without init_worker"
    return extract_source(_PIPELINE, src, max_bytes, time_limit)


def extract_batch_in_worker(sources: list[Source], max_bytes: int,
                            time_limit: float | None = None) -> list[Outcome]:  # fmt: skip
    assert _PIPELINE is not None, "worker started without init_worker"
    return extract_sources(_PIPELINE, sources, max_bytes, time_limit)


TASK_CHARS = 64 * 1024  # bytes of input per task: enough to batch short reports, and long
TASK_DOCUMENTS = 32  # articles still spread over the workers
MIN_TASK_CHARS = 8 * 1024  # the last tasks: still a batch of two dozen short notes


def task_chars(remaining: int | None, workers: int) -> int:
    """Bytes of input for the next task: :data:`TASK_CHARS`, less as the input runs out (a
    quarter of what remains per worker, not under :data:`MIN_TASK_CHARS`), so that the
    workers finish together and the last results to store are few: guided self-scheduling.
    ``remaining``: the bytes still to read, None when not known."""
    if remaining is None:
        return TASK_CHARS
    return max(MIN_TASK_CHARS, min(TASK_CHARS, remaining // (4 * workers)))


Task = tuple[list[Source], "Future[list[Outcome]] | None"]


def ingest_parallel(
    store: Store,
    paths: Iterable[str | Path],
    *,
    workers: int = 2,
    infobox_only: bool = False,
    skip_errors: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_progress: Progress | None = None,
    options: ReadOptions | None = None,
    reextract: bool = False,
    time_limit: float | None = None,
) -> IngestReport:
    """Like :func:`conflictkb.ingest.ingest_paths`, with extraction in ``workers`` processes.

    Each task is a run of consecutive sources (up to :data:`TASK_DOCUMENTS` or
    :func:`task_chars`), parsed together in the worker as a sequential ingest parses its
    batches; the parent stores the outcomes in input order."""
    sink = IngestSink(store, skip_errors=skip_errors, on_progress=on_progress, reextract=reextract)
    window: deque[Task] = deque()
    batch: list[Source] = []
    sources = sink.sources(paths, max_bytes=max_bytes, options=options)
    read = 0  # bytes of the sources so far, against sink.planned_bytes
    with frozen_heap(), ProcessPoolExecutor(workers, initializer=init_worker,
                                            initargs=(infobox_only, True)) as pool:  # fmt: skip
        # frozen before the workers fork, so what they share stays shared

        def submit() -> None:
            if batch:
                job = pool.submit(extract_batch_in_worker, list(batch), max_bytes, time_limit)
                window.append((list(batch), job))
                batch.clear()

        try:
            for src in sources:
                read += len(src.data)
                if sink.settled(src):
                    submit()  # in input order: what comes before is stored before it
                    window.append(([src], None))
                else:
                    batch.append(src)
                    remaining = None if sink.planned_bytes is None else sink.planned_bytes - read
                    if len(batch) >= TASK_DOCUMENTS or sum(
                        len(s.data) for s in batch
                    ) >= task_chars(remaining, workers):
                        submit()
                while window and (len(window) > 4 * workers or _ready(window[0][1])):
                    _store_first(sink, window)
            submit()
            while window:
                _store_first(sink, window)
        except BaseException:
            pool.shutdown(cancel_futures=True)
            raise
    return sink.report


def _ready(job: Future[list[Outcome]] | None) -> bool:
    return job is None or job.done()


def _store_first(sink: IngestSink, window: deque[Task]) -> None:
    srcs, job = window.popleft()
    if job is None:
        for src in srcs:
            sink.settle(src)
        return
    for src, outcome in zip(srcs, job.result(), strict=True):
        sink.accept(src, *outcome)
