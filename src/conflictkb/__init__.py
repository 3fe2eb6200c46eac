"""conflictkb: narrative reports of violent events to a source-attributed event database.

The library API (the CLI and the web service are thin layers over it)::

    read_document(path) -> Document
    extract_event(document) -> Event
    event_record(event) -> dict            # the JSON contract
    Store(path_or_url)                     # list_events, get_record, iter_records, ...
    ingest_paths(store, paths)
"""

from __future__ import annotations

import os

# spaCy's small models multiply small matrices, one parser step at a time: OpenBLAS's worker
# threads only contend for the cores (a sixth of the entity recogniser's time on this
# 2-core machine, more with --workers). One thread unless the user chose; it takes effect when
# numpy is first imported, so it is set before anything imports it (issue 17).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .errors import ConflictKBError, ExtractionError, InputError, NotFoundError, StoreError
from .model import Claim, Document, Event

if TYPE_CHECKING:
    from .assemble import Pipeline, compute_estimates, default_pipeline
    from .ingest import IngestReport, ingest_paths
    from .readers import read_bytes, read_document
    from .record import event_from_record, event_record
    from .store import EventFilter, Store

# imported on first use (PEP 562): the pipeline imports spaCy, the store SQLAlchemy
_WHERE = {"Pipeline": ".assemble", "compute_estimates": ".assemble",
          "default_pipeline": ".assemble", "IngestReport": ".ingest", "ingest_paths": ".ingest",
          "read_bytes": ".readers", "read_document": ".readers", "event_from_record": ".record",
          "event_record": ".record", "EventFilter": ".store", "Store": ".store"}  # fmt: skip


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_WHERE[name], __name__), name)


__all__ = [
    "Claim",
    "ConflictKBError",
    "Document",
    "Event",
    "EventFilter",
    "ExtractionError",
    "IngestReport",
    "InputError",
    "NotFoundError",
    "Pipeline",
    "Store",
    "StoreError",
    "compute_estimates",
    "default_pipeline",
    "event_from_record",
    "event_record",
    "extract_event",
    "ingest_paths",
    "read_bytes",
    "read_document",
]

__version__ = "0.1.0"


def extract_event(document: Document, pipeline: Pipeline | None = None) -> Event:
    """Run the default (or given) pipeline over one document."""
    from .assemble import default_pipeline

    return (pipeline or default_pipeline()).run(document)
