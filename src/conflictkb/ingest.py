"""Ingest: files and folders in, events in the store. One transaction per document.

Error policy (per document): stop at the first bad document (default), or log it and go on
(``skip_errors=True``). A failed document leaves nothing in the store.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .assemble import Pipeline, default_pipeline
from .errors import ConflictKBError, InputError
from .readers import read_bytes, read_document
from .readers.base import DEFAULT_MAX_BYTES
from .readers.dump import Checkpoint, is_dump, iter_dump_pages
from .store import IngestOutcome, Store

__all__ = ["IngestReport", "expand_paths", "ingest_paths"]

log = logging.getLogger(__name__)
_SKIP_NAMES = {"NOTICE.md", "README.md", "LICENSE", "LICENSE.md"}
_SUFFIXES = {".txt", ".text", ".md", ".wiki", ".xml", ".bz2", ""}


@dataclass
class IngestReport:
    ingested: list[IngestOutcome] = field(default_factory=list)
    duplicates: list[IngestOutcome] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, message)

    @property
    def total(self) -> int:
        return len(self.ingested) + len(self.duplicates) + len(self.failed)


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, and the document files inside folders (sorted, recursive)."""
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            out.extend(
                f for f in sorted(p.rglob("*"))
                if f.is_file() and f.name not in _SKIP_NAMES and f.suffix.lower() in _SUFFIXES
                and not f.name.startswith(".")
            )  # fmt: skip
        elif p.exists():
            out.append(p)
        else:
            raise InputError("no such file or folder", path=str(p))
    return out


def ingest_paths(
    store: Store,
    paths: Iterable[str | Path],
    *,
    pipeline: Pipeline | None = None,
    skip_errors: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_progress: Callable[[Path, str], None] | None = None,
) -> IngestReport:
    """Read, extract and store every document; see the module docstring for errors."""
    pipeline = pipeline or default_pipeline()
    report = IngestReport()
    for path, outcome, error in _process(store, expand_paths(paths), pipeline, max_bytes):
        if error is not None:
            if not skip_errors:
                raise error
            log.warning("skipped %s", error)
            report.failed.append((str(path), str(error)))
        elif outcome is not None:
            (report.duplicates if outcome.status == "duplicate" else report.ingested).append(
                outcome
            )
        if on_progress is not None:
            on_progress(path, "failed" if error else outcome.status if outcome else "?")
    return report


def _process(
    store: Store, files: list[Path], pipeline: Pipeline, max_bytes: int
) -> Iterator[tuple[Path, IngestOutcome | None, ConflictKBError | None]]:
    for path in files:
        if is_dump(path):
            yield from _process_dump(store, path, pipeline, max_bytes)
            continue
        try:
            doc = read_document(path, max_bytes=max_bytes)
            if store.has_document(doc.id):
                yield path, IngestOutcome("", doc.id, "duplicate"), None
                continue
            yield path, store.save_event(pipeline.run(doc)), None
        except ConflictKBError as exc:
            yield path, None, exc


def _process_dump(
    store: Store, path: Path, pipeline: Pipeline, max_bytes: int
) -> Iterator[tuple[Path, IngestOutcome | None, ConflictKBError | None]]:
    """Event pages of a MediaWiki dump, each its own document and transaction; resumable."""
    checkpoint = Checkpoint(path.with_name(path.name + ".conflictkb-checkpoint.json"))
    pages = iter_dump_pages(path, checkpoint.load())
    while True:
        try:
            page = next(pages)
        except StopIteration:
            return
        except ConflictKBError as exc:  # a truncated or corrupt dump: what came before stays
            yield path, None, exc
            return
        where = Path(f"{path}#{page.title}")
        try:
            doc = read_bytes(
                page.text.encode("utf-8"), str(where), format="wikitext", max_bytes=max_bytes
            )
            if store.has_document(doc.id):
                yield where, IngestOutcome("", doc.id, "duplicate"), None
            else:
                yield where, store.save_event(pipeline.run(doc)), None
        except ConflictKBError as exc:
            yield where, None, exc
        checkpoint.save(page.page_id)
