"""Parallel ingest on one machine: documents are read and extracted in worker processes (one
Pipeline each, built once), and written by one writer, the parent, one transaction each.

The error policy is ingest's: stop at the first bad document, or log it and go on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .assemble import Pipeline, default_pipeline, infobox_pipeline
from .errors import ConflictKBError
from .ingest import IngestReport, expand_paths
from .model import Event
from .readers import read_document
from .store import IngestOutcome, Store

__all__ = ["ingest_parallel"]

log = logging.getLogger(__name__)
_PIPELINE: Pipeline | None = None


def _init(infobox_only: bool) -> None:
    global _PIPELINE  # one pipeline per worker process, built once
    _PIPELINE = infobox_pipeline() if infobox_only else default_pipeline()


def _extract(args: tuple[str, int]) -> tuple[str, Event | None, ConflictKBError | None]:
    path, max_bytes = args
    assert _PIPELINE is not None
    try:
        return path, _PIPELINE.run(read_document(path, max_bytes=max_bytes)), None
    except ConflictKBError as exc:
        return path, None, exc


def ingest_parallel(
    store: Store,
    paths: Iterable[str | Path],
    *,
    workers: int = 2,
    infobox_only: bool = False,
    skip_errors: bool = False,
    max_bytes: int = 20 * 1024 * 1024,
    on_progress: Callable[[Path, str], None] | None = None,
) -> IngestReport:
    """Like :func:`conflictkb.ingest.ingest_paths`, with extraction in ``workers`` processes."""
    files = [str(p) for p in expand_paths(paths)]
    report = IngestReport()
    with ProcessPoolExecutor(workers, initializer=_init, initargs=(infobox_only,)) as pool:
        for path, event, error in pool.map(_extract, [(f, max_bytes) for f in files], chunksize=2):
            if error is not None:
                if not skip_errors:
                    pool.shutdown(cancel_futures=True)
                    raise error
                log.warning("skipped %s", error)
                report.failed.append((path, str(error)))
            elif event is not None:
                outcome: IngestOutcome = store.save_event(event)
                (report.duplicates if outcome.status == "duplicate" else report.ingested).append(
                    outcome
                )
            if on_progress is not None:
                on_progress(Path(path), "failed" if error else "ok")
    return report
