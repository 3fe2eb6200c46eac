"""Parallel ingest on one machine: documents are read by the parent, extracted in worker
processes (one Pipeline each, built once), and stored by the parent in input order through the
same :class:`~conflictkb.ingest.IngestSink` as a sequential run, so dumps resume alike.

At most ``4 * workers`` documents are in flight, so memory stays flat on a dump of any size.
"""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from .assemble import Pipeline, default_pipeline, infobox_pipeline
from .errors import ConflictKBError
from .ingest import IngestReport, IngestSink, Progress, extract_source
from .model import Event
from .readers import ReadOptions
from .readers.base import DEFAULT_MAX_BYTES
from .sources import Source
from .store import Store

__all__ = ["Outcome", "extract_in_worker", "ingest_parallel", "init_worker"]

_PIPELINE: Pipeline | None = None
Outcome = tuple[Event | None, ConflictKBError | None]


def init_worker(infobox_only: bool) -> None:
    global _PIPELINE  # one pipeline per worker process, built once
    _exit_with_parent(os.getppid())
    _PIPELINE = infobox_pipeline() if infobox_only else default_pipeline()


def _exit_with_parent(parent: int) -> None:
    """A worker whose parent was killed (SIGKILL, OOM) would wait forever: end it instead."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def extract_in_worker(src: Source, max_bytes: int, time_limit: float | None = None) -> Outcome:
    assert _PIPELINE is not None, "worker started without init_worker"
    return extract_source(_PIPELINE, src, max_bytes, time_limit)


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
    """Like :func:`conflictkb.ingest.ingest_paths`, with extraction in ``workers`` processes."""
    sink = IngestSink(store, skip_errors=skip_errors, on_progress=on_progress, reextract=reextract)
    window: deque[tuple[Source, Future[Outcome] | None]] = deque()
    sources = sink.sources(paths, max_bytes=max_bytes, options=options)
    with ProcessPoolExecutor(workers, initializer=init_worker, initargs=(infobox_only,)) as pool:
        try:
            for src in sources:
                job = (
                    None
                    if sink.settled(src)
                    else pool.submit(extract_in_worker, src, max_bytes, time_limit)
                )
                window.append((src, job))
                while window and (len(window) > 4 * workers or _ready(window[0][1])):
                    _store_first(sink, window)
            while window:
                _store_first(sink, window)
        except BaseException:
            pool.shutdown(cancel_futures=True)
            raise
    return sink.report


def _ready(job: Future[Outcome] | None) -> bool:
    return job is None or job.done()


def _store_first(sink: IngestSink, window: deque[tuple[Source, Future[Outcome] | None]]) -> None:
    src, job = window.popleft()
    if job is None:
        sink.settle(src)
    else:
        sink.accept(src, *job.result())
