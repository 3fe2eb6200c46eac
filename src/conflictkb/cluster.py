"""Ingest on a Dask cluster (``conflictkb ingest --engine dask --scheduler ADDRESS``).

The client reads the inputs (files, dump pages) and sends the documents themselves to the
workers in partitions, so the workers need conflictkb installed but no shared filesystem. Each
worker extracts its partition and returns it as one Parquet file (one row per document: the
event record and the stored document as JSON, or the error). The client writes the partition to
the parts folder, reads it back and loads it into the store in input order, through the same
:class:`~conflictkb.ingest.IngestSink` as the other engines: same records, same checkpoints.

Without a scheduler address a :class:`distributed.LocalCluster` of ``workers`` processes is
started and stopped here. At most ``4 * workers`` partitions are in flight: results are stored
in input order, so a long partition at the head must not leave the other workers idle.
"""

from __future__ import annotations

import io
import json
import shutil
import tempfile
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from .assemble import Pipeline, default_pipeline, infobox_pipeline
from .errors import ConfigError, error_from_code
from .ingest import IngestReport, IngestSink, Progress, extract_source
from .readers import ReadOptions
from .readers.base import DEFAULT_MAX_BYTES
from .record import document_from_record, document_record, event_from_record, event_record
from .sources import Source
from .store import Store

__all__ = ["PART_SCHEMA", "extract_partition", "ingest_dask", "load_partition"]

PART_SCHEMA = pa.schema(
    [
        ("name", pa.string()),
        ("sha256", pa.string()),
        ("record", pa.string()),  # the event record (JSON contract), null on error
        ("documents", pa.string()),  # the stored documents, JSON list, null on error
        ("error_code", pa.string()),
        ("error", pa.string()),
    ]
)
_PIPELINES: dict[bool, Pipeline] = {}  # per worker process, built on first use


@dataclass
class _Part:
    number: int
    sources: list[Source]
    job: Any  # a distributed Future of the Parquet bytes, or None when nothing to extract


def extract_partition(sources: list[Source], infobox_only: bool, max_bytes: int) -> bytes:
    """Worker side: extract every source of a partition; the rows as Parquet bytes."""
    if infobox_only not in _PIPELINES:
        _PIPELINES[infobox_only] = infobox_pipeline() if infobox_only else default_pipeline()
    pipeline = _PIPELINES[infobox_only]
    rows: dict[str, list[str | None]] = {name: [] for name in PART_SCHEMA.names}
    for src in sources:
        event, error = extract_source(pipeline, src, max_bytes)
        rows["name"].append(src.name)
        rows["sha256"].append(src.sha256)
        rows["record"].append(json.dumps(event_record(event)) if event else None)
        docs = [document_record(d) for d in event.documents] if event else None
        rows["documents"].append(json.dumps(docs) if docs is not None else None)
        rows["error_code"].append(error.code if error else None)
        rows["error"].append(str(error) if error else None)
    buf = io.BytesIO()
    pq.write_table(pa.table(rows, schema=PART_SCHEMA), buf, compression="zstd")
    return buf.getvalue()


def load_partition(sink: IngestSink, path: Path, sources: list[Source]) -> None:
    """Store the rows of one Parquet partition in the order of its sources."""
    rows = {r["sha256"]: r for r in pq.read_table(path).to_pylist()} if path.exists() else {}
    for src in sources:
        row = rows.get(src.sha256) if src.error is None else None
        if sink.settled(src):  # unreadable, stored before, or an earlier copy in this input
            sink.settle(src)
        elif row is None:
            raise ConfigError(f"partition {path} has no row for {src.name}; "
                              "delete the parts folder and rerun")  # fmt: skip
        elif row["error_code"] is not None:
            sink.accept(src, None, error_from_code(row["error_code"], row["error"]))
        else:
            event = event_from_record(json.loads(row["record"]))
            event.documents = [document_from_record(d) for d in json.loads(row["documents"])]
            sink.accept(src, event, None)


@contextmanager
def _client(scheduler: str | None, workers: int) -> Iterator[Any]:
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - pinned dependency
        raise ConfigError(f"the Dask engine needs the 'distributed' package ({exc})") from None
    if scheduler:
        try:
            client = Client(scheduler, timeout="20s")  # type: ignore[no-untyped-call]
        except OSError as exc:
            raise ConfigError(f"cannot reach the Dask scheduler at {scheduler} ({exc}); "
                              "check the address and that it is running") from None  # fmt: skip
        with client:
            yield client
        return
    cluster = LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
    )
    with cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
        yield client


def _partitions(sources: Iterator[Source], size: int, max_bytes: int) -> Iterator[list[Source]]:
    """Batches of at most ``size`` sources, closed early once they hold ``max_bytes`` of text.

    Bytes, not counts, set how long a task runs: one long article is worth many short ones.
    """
    batch: list[Source] = []
    held = 0
    for src in sources:
        batch.append(src)
        held += len(src.data)
        if len(batch) >= size or held >= max_bytes:
            yield batch
            batch, held = [], 0
    if batch:
        yield batch


def ingest_dask(
    store: Store,
    paths: Iterable[str | Path],
    *,
    scheduler: str | None = None,
    workers: int = 2,
    infobox_only: bool = False,
    skip_errors: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    partition_size: int | None = None,
    partition_bytes: int | None = None,
    parts_dir: Path | None = None,
    on_progress: Progress | None = None,
    options: ReadOptions | None = None,
) -> IngestReport:
    """Like :func:`conflictkb.ingest.ingest_paths`, with extraction on a Dask cluster.

    ``parts_dir`` keeps the Parquet partitions (default: a temporary folder, removed at the end).
    A task (partition) closes at ``partition_size`` documents or ``partition_bytes`` bytes of
    text, whichever comes first: by default 4 documents or 64 KiB with the language model
    (a few seconds of work each, so every worker gets work) and 64 documents or 1 MiB for
    infobox-only ingests (the wikitext parser reads about 1 MB/s).
    """
    partition_size = partition_size or (64 if infobox_only else 4)
    partition_bytes = partition_bytes or (2**20 if infobox_only else 2**16)
    sink = IngestSink(store, skip_errors=skip_errors, on_progress=on_progress)
    keep = parts_dir is not None
    folder = parts_dir or Path(tempfile.mkdtemp(prefix="conflictkb-parts-"))
    folder.mkdir(parents=True, exist_ok=True)
    sources = sink.sources(paths, max_bytes=max_bytes, options=options)
    try:
        with _client(scheduler, workers) as client:
            slots = 4 * max(1, len(client.scheduler_info().get("workers", {})) or workers)
            window: deque[_Part] = deque()
            for number, batch in enumerate(_partitions(sources, partition_size, partition_bytes)):
                todo = [s for s in batch if not sink.settled(s)]
                job = client.submit(extract_partition, todo, infobox_only, max_bytes,
                                    pure=False) if todo else None  # fmt: skip
                window.append(_Part(number, batch, job))
                while len(window) >= slots or (window and _ready(window[0])):
                    _load_first(sink, window, folder)
            while window:
                _load_first(sink, window, folder)
    finally:
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)
    return sink.report


def _ready(part: _Part) -> bool:
    return part.job is None or part.job.done()


def _load_first(sink: IngestSink, window: deque[_Part], folder: Path) -> None:
    part = window.popleft()
    path = folder / f"part-{part.number:06d}.parquet"
    if part.job is not None:
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(part.job.result())
        tmp.replace(path)
    load_partition(sink, path, part.sources)
