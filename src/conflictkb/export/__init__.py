"""Exports: store in, a file format out. One module per format, registered by name.

A writer takes an iterable of event records and a binary stream; :data:`FORMATS` maps the
format name used by ``conflictkb export --format`` and the API to ``(writer, media type)``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, BinaryIO

from .acled import write_acled
from .geojson import write_geojson
from .jsonout import write_json, write_jsonl
from .ucdp import write_ged

__all__ = ["FORMATS", "ExportFormat", "Writer"]

Writer = Callable[[Iterable[dict[str, Any]], BinaryIO], int]
ExportFormat = tuple[Writer, str, str]  # writer, media type, file suffix


def write_parquet(records: Iterable[dict[str, Any]], out: BinaryIO) -> int:
    """:func:`.parquet.write_parquet`, imported on first use: pyarrow starts a native thread
    (jemalloc's) when it loads, and any second thread makes every allocation of the process
    take a lock, which slowed a one-process ingest by about 10 %."""
    from .parquet import write_parquet as write

    return write(records, out)


FORMATS: dict[str, ExportFormat] = {
    "json": (write_json, "application/json", ".json"),
    "jsonl": (write_jsonl, "application/x-ndjson", ".jsonl"),
    "geojson": (write_geojson, "application/geo+json", ".geojson"),
    "ucdp-ged": (write_ged, "text/csv", ".csv"),
    "acled": (write_acled, "text/csv", ".csv"),
    "parquet": (write_parquet, "application/vnd.apache.parquet", ".parquet"),
}
