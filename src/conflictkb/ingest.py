"""Ingest: files, folders and dumps in, events in the store. One transaction per document.

Error policy (per document): stop at the first bad document (default), or log it and go on
(``skip_errors=True``). A failed document leaves nothing in the store. A document whose bytes
the store already holds is not extracted again. A dump's checkpoint (the last page stored) is
kept in the store, so an interrupted ingest resumes where it stopped.

:class:`IngestSink` is the one writer every engine (here, :mod:`conflictkb.parallel`,
:mod:`conflictkb.cluster`) hands its results to, in input order.
"""

from __future__ import annotations

import gc
import logging
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .assemble import Pipeline, default_pipeline
from .assemble.pipeline import BATCH, BATCH_CHARS
from .errors import ConflictKBError, ExtractionError
from .model import Document, Event
from .readers import ReadOptions
from .readers.base import DEFAULT_MAX_BYTES
from .sources import Source, expand_paths, iter_sources, scan_paths
from .store import IngestOutcome, Store

__all__ = ["IngestReport", "IngestSink", "Progress", "expand_paths", "ingest_paths"]

log = logging.getLogger(__name__)
Progress = Callable[[Source, str], None]  # called after each source with its status


@dataclass
class IngestReport:
    ingested: list[IngestOutcome] = field(default_factory=list)
    duplicates: list[IngestOutcome] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, message)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, why): not read at all

    @property
    def total(self) -> int:
        return len(self.ingested) + len(self.duplicates) + len(self.failed) + len(self.skipped)

    def summary(self) -> str:
        merged = sum(o.status == "merged" for o in self.ingested)
        versions = sum(o.status == "version" for o in self.ingested)
        again = sum(o.status == "re-extracted" for o in self.ingested)
        joined = f" ({merged} joined stored events, {versions} new versions)" if (
            merged or versions) else ""  # fmt: skip
        if again:
            joined += f" ({again} extracted again)"
        return (f"ingested {len(self.ingested)}{joined}, already present {len(self.duplicates)}, "
                f"failed {len(self.failed)}, skipped {len(self.skipped)}")  # fmt: skip


def settle_heap() -> None:
    """Collect, then move every object alive now (the language model, the registry, the
    lexicons: they live as long as the job) out of the garbage collector's sight, so its full
    collections no longer walk them: about 0.25 s of a corpus ingest. Before a fork, it also
    keeps the children's collections from writing to, and so copying, the pages they share
    with the parent (Python's documentation of :func:`gc.freeze`). A process that outlives the
    job uses :func:`frozen_heap` instead."""
    gc.collect()
    gc.freeze()


@contextmanager
def frozen_heap() -> Iterator[None]:
    """:func:`settle_heap` for the length of the block; after it, the collector sees those
    objects again, so that what the job leaves can be freed. A caller that had frozen objects
    of its own keeps them frozen (:func:`gc.unfreeze` cannot tell theirs from ours)."""
    ours = gc.get_freeze_count() == 0
    settle_heap()
    try:
        yield
    finally:
        if ours:
            gc.unfreeze()


def _planned_bytes(files: list[Path]) -> int | None:
    """The bytes the sources of ``files`` will hold, about: their sizes; None when one is
    compressed (a .bz2 dump holds several times its size) or cannot be read."""
    if any(f.name.lower().endswith(".bz2") for f in files):
        return None
    try:
        return sum(f.stat().st_size for f in files)
    except OSError:
        return None


class IngestSink:
    """Stores results in the order given, records checkpoints, applies the error policy."""

    def __init__(self, store: Store, *, skip_errors: bool = False,
                 on_progress: Progress | None = None, reextract: bool = False) -> None:  # fmt: skip
        self.store = store
        self.skip_errors = skip_errors
        self.reextract = reextract
        self.on_progress = on_progress
        self.report = IngestReport()
        self.planned_bytes: int | None = None  # of the files :meth:`sources` reads, if known

    def sources(self, paths: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES,
                options: ReadOptions | None = None) -> Iterator[Source]:  # fmt: skip
        """The sources of ``paths`` in order (resuming dumps); skipped files go in the report."""
        scan = scan_paths(paths)
        self.report.skipped.extend(scan.skipped)
        self.planned_bytes = _planned_bytes(scan.files)
        return iter_sources(scan.files, resume=self.store.checkpoint, max_bytes=max_bytes,
                            options=options)  # fmt: skip

    def settled(self, src: Source) -> bool:
        """True when ``src`` needs no extraction: unreadable, or already in the store (unless
        re-extracting)."""
        if src.error is not None:
            return True
        return not self.reextract and self.store.has_document(src.sha256)

    def settle(self, src: Source) -> None:
        """Finish a source for which :meth:`settled` was true."""
        if src.error is not None:
            self.accept(src, None, src.error)
        else:
            self._finish(src, IngestOutcome("", src.sha256, "duplicate"))

    def accept(self, src: Source, event: Event | None, error: ConflictKBError | None) -> None:
        if error is not None:
            if not self.skip_errors:
                raise error
            log.warning("skipped %s", error)
            self.report.failed.append((src.name, str(error)))
            self._done(src, "failed")
        elif event is not None:
            self._finish(src, self.store.save_event(event, reextract=self.reextract))

    def _finish(self, src: Source, outcome: IngestOutcome) -> None:
        dup = outcome.status == "duplicate"
        (self.report.duplicates if dup else self.report.ingested).append(outcome)
        self._done(src, outcome.status)

    def _done(self, src: Source, status: str) -> None:
        if src.checkpoint is not None:
            self.store.set_checkpoint(*src.checkpoint)
        if self.on_progress is not None:
            self.on_progress(src, status)


def extract_source(
    pipeline: Pipeline | Callable[[], Pipeline],
    src: Source,
    max_bytes: int | None = None,
    time_limit: float | None = None,
) -> tuple[Event | None, ConflictKBError | None]:
    """Read and extract one source; bad input comes back as the error, not raised.

    ``pipeline`` may be a factory: it is called only once the document has been read, so bad
    input is refused before a language model loads. ``time_limit`` (seconds, main thread of a
    process) bounds reading and extracting the document: past it, an ExtractionError."""
    try:
        doc = src.read(max_bytes)
    except ConflictKBError as exc:
        return None, exc
    return extract_document(pipeline, doc, src.name, time_limit)


def extract_sources(
    pipeline: Pipeline | Callable[[], Pipeline],
    sources: list[Source],
    max_bytes: int | None = None,
    time_limit: float | None = None,
) -> list[tuple[Event | None, ConflictKBError | None]]:
    """:func:`extract_source` for several sources, their documents parsed together first
    (:meth:`Pipeline.prepare`); one outcome per source, in order. A factory ``pipeline`` is
    called only if some document could be read."""
    read: list[tuple[Document | None, ConflictKBError | None]] = []
    for src in sources:
        try:
            read.append((src.read(max_bytes), None))
        except ConflictKBError as exc:
            read.append((None, exc))
    docs = [doc for doc, _ in read if doc is not None]
    if not docs:  # no model is loaded for input that cannot be read
        return [(None, error) for _, error in read]
    try:
        built = pipeline if isinstance(pipeline, Pipeline) else pipeline()
    except ConflictKBError as exc:  # the pipeline cannot be built: every document fails with it
        return [(None, error or exc) for _, error in read]
    if len(docs) > 1:
        _prepare(built, docs, time_limit)
    return [
        (None, error) if doc is None else _extract(built.run, doc, src.name, time_limit)
        for src, (doc, error) in zip(sources, read, strict=True)
    ]


def extract_document(
    pipeline: Pipeline | Callable[[], Pipeline],
    doc: Document,
    name: str,
    time_limit: float | None = None,
) -> tuple[Event | None, ConflictKBError | None]:
    """Extract one document read already; its error comes back, not raised."""
    try:
        run = (pipeline if isinstance(pipeline, Pipeline) else pipeline()).run
    except ConflictKBError as exc:
        return None, exc
    return _extract(run, doc, name, time_limit)


def _extract(run: Callable[[Document], Event], doc: Document, name: str,
             time_limit: float | None) -> tuple[Event | None, ConflictKBError | None]:  # fmt: skip
    try:
        with _deadline(time_limit, name):
            return run(doc), None
    except ConflictKBError as exc:
        return None, exc


class _OverTime(BaseException):  # not an Exception: no step's error handler may swallow it
    pass


@contextmanager
def _deadline(seconds: float | None, name: str) -> Iterator[None]:
    """Interrupt the block after ``seconds`` of wall time (SIGALRM; only in the main thread,
    elsewhere the block runs unbounded: worker processes have their own main thread)."""
    if (
        not seconds
        or not hasattr(signal, "setitimer")
        or (threading.current_thread() is not threading.main_thread())
    ):
        yield
        return

    def expire(_signum: int, _frame: object) -> None:
        raise _OverTime

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _OverTime:
        raise ExtractionError(f"extraction ran over the {seconds:g}-second limit per document "
                              "(--time-limit); the document was not stored", path=name) from None  # fmt: skip
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def ingest_paths(
    store: Store,
    paths: Iterable[str | Path],
    *,
    pipeline: Pipeline | None = None,
    skip_errors: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_progress: Progress | None = None,
    options: ReadOptions | None = None,
    reextract: bool = False,
    time_limit: float | None = None,
    batch: int = BATCH,
) -> IngestReport:
    """Read, extract and store every document in this process; see the module docstring.

    ``options`` carry read limits and the metadata (publication date, language) to fill in for
    documents that state none. The pipeline is built on the first document that needs it.
    ``reextract`` extracts stored documents again (after an extractor change): their reviews
    are re-attached to the new claims (docs/review.md). ``time_limit`` bounds each document's
    extraction, in seconds (past it the document fails like bad input). Documents are read
    ``batch`` at a time and parsed together (:meth:`Pipeline.prepare`), then extracted and
    stored one by one, in order."""
    built: list[Pipeline] = [pipeline] if pipeline is not None else []
    heap = ExitStack()

    def get_pipeline() -> Pipeline:
        if not built:
            built.append(default_pipeline())
            heap.enter_context(frozen_heap())  # until return: the pipeline may then be freed
        return built[0]

    sink = IngestSink(store, skip_errors=skip_errors, on_progress=on_progress, reextract=reextract)
    window: list[Source] = []

    def flush() -> None:  # parsed together in one batch; then each is extracted alone
        for src, outcome in zip(window, extract_sources(get_pipeline, window, None, time_limit),
                                strict=True):  # fmt: skip
            sink.accept(src, *outcome)
        window.clear()

    with heap:
        for src in sink.sources(paths, max_bytes=max_bytes, options=options):
            if sink.settled(src) or any(w.sha256 == src.sha256 for w in window):
                flush()  # in input order; a copy within the window is then seen as stored
                if sink.settled(src):
                    sink.settle(src)
                    continue
            window.append(src)
            if len(window) >= batch or sum(len(w.data) for w in window) > BATCH_CHARS:  # bytes
                flush()
        flush()
    return sink.report


def _prepare(pipeline: Pipeline, docs: list[Document], time_limit: float | None) -> None:
    """Batch work on ``docs``, bounded by the time limit of them all; a failure here only
    costs the batching (each document is then processed, and fails, on its own)."""
    try:
        with _deadline(time_limit * len(docs) if time_limit else None, "a batch of documents"):
            pipeline.prepare(docs)
    except ConflictKBError as exc:
        log.warning("batch preparation skipped: %s", exc)
