"""Uploads are extracted off the request path, in a worker process of their own.

The server's process keeps its interpreter for reads: extraction (spaCy, the gazetteer) runs
in one worker process, started on the first upload and kept warm. The server then stores the
result through the same :class:`~conflictkb.ingest.IngestSink` as ``conflictkb ingest``.
Uploads go one at a time, at a lower CPU priority than the server. Each has the upload size
limit and a wall-time limit (``CONFLICTKB_UPLOAD_TIME_LIMIT``): past the limit the worker is
stopped, the upload is refused and nothing is stored.
"""

from __future__ import annotations

import multiprocessing
import os
import tempfile
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path

from ..assemble import Pipeline
from ..errors import InputError
from ..ingest import IngestReport, IngestSink, extract_source
from ..parallel import Outcome, extract_in_worker, init_worker
from ..settings import Settings
from ..sources import Source
from ..store import Store

__all__ = ["UploadWorker"]


UPLOAD_NICENESS = 10  # the extraction worker yields the CPU to the server's reads


def _background(infobox_only: bool) -> None:
    """The upload worker's start: a lower CPU priority (reads are interactive, extraction is
    not: on a machine of two cores it would otherwise take one from the readers), then the
    pipeline."""
    try:
        os.nice(UPLOAD_NICENESS)
    except OSError:
        pass  # not permitted here: extraction runs at the server's priority
    init_worker(infobox_only)


class UploadWorker:
    def __init__(self, store: Store, settings: Settings, pipeline: Pipeline | None = None) -> None:
        self.store, self.settings = store, settings
        self.pipeline = pipeline  # given (tests): extract in this process with it
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def ingest(self, name: str, body: bytes) -> IngestReport:
        """Extract and store one uploaded document (called from a worker thread)."""
        with self._lock, tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / name
            path.write_bytes(body)
            sink = IngestSink(self.store)
            for src in sink.sources([path], max_bytes=self.settings.upload_limit):
                if sink.settled(src):
                    sink.settle(src)
                else:
                    sink.accept(src, *self._run(src))
            return sink.report

    def _run(self, src: Source) -> Outcome:
        limit = self.settings.upload_time_limit
        if self.pipeline is not None:
            return extract_source(self.pipeline, src, self.settings.upload_limit)
        job = self._workers().submit(extract_in_worker, src, self.settings.upload_limit)
        try:
            return job.result(timeout=limit)
        except FutureTimeout:
            self.close()  # the worker is stopped; the next upload starts a new one
            raise InputError(f"extraction ran over the {limit:.0f}-second upload time limit; "
                             "nothing was stored (ingest it with `conflictkb ingest`)") from None  # fmt: skip

    def warm(self) -> None:
        """Start the worker now, so it loads its model before the first upload arrives."""
        if self.pipeline is None:
            self._workers().submit(int)

    def _workers(self) -> ProcessPoolExecutor:
        if self._pool is None:
            spawn = multiprocessing.get_context("spawn")  # no fork of a threaded server
            self._pool = ProcessPoolExecutor(1, mp_context=spawn, initializer=_background,
                                             initargs=(False,))  # fmt: skip
        return self._pool

    def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        for proc in list(getattr(pool, "_processes", {}).values()):  # a stuck job: stop it
            proc.terminate()
        pool.shutdown(wait=False, cancel_futures=True)
