"""Parquet: one row per event, flat columns for analysis, claims as a nested list.

Load with ``pandas.read_parquet`` or ``pyarrow.parquet.read_table``.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from typing import Any, BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq

__all__ = ["SCHEMA", "write_parquet"]

_CLAIM = pa.struct(
    [("id", pa.string()), ("property", pa.string()), ("min", pa.int64()), ("max", pa.int64()),
     ("qualifier", pa.string()), ("category", pa.string()), ("category_norm", pa.string()),
     ("side", pa.int64()), ("claimant", pa.string()), ("text", pa.string()),
     ("span_start", pa.int64()), ("span_end", pa.int64()), ("origin", pa.string()),
     ("parsed", pa.bool_()), ("review_status", pa.string())]
)  # fmt: skip

SCHEMA = pa.schema(
    [("id", pa.string()), ("title", pa.string()), ("start_date", pa.string()),
     ("end_date", pa.string()), ("date_precision", pa.int64()), ("conflict", pa.string()),
     ("place", pa.string()), ("country_code", pa.string()), ("admin1", pa.string()),
     ("admin2", pa.string()), ("lat", pa.float64()), ("lon", pa.float64()),
     ("event_type", pa.string()), ("type_of_violence", pa.int64()),
     ("side_a", pa.string()), ("side_b", pa.string()),
     ("deaths_low", pa.int64()), ("deaths_best", pa.int64()), ("deaths_high", pa.int64()),
     ("document_sha256", pa.string()), ("claims", pa.list_(_CLAIM)), ("record", pa.string())]
)  # fmt: skip


def _row(r: dict[str, Any]) -> dict[str, Any]:
    place = r.get("place") or {}
    typ = r.get("typology") or {}
    deaths = (r.get("estimates") or {}).get("deaths") or {}
    sides = {
        s: ", ".join(a["name"] for a in r.get("actors", []) if a.get("side") == s and a.get("role") == "combatant") or None
        for s in (1, 2)
    }  # fmt: skip
    return {
        "id": r.get("id"), "title": r.get("title"), "start_date": r.get("start_date"),
        "end_date": r.get("end_date"), "date_precision": r.get("date_precision"),
        "conflict": r.get("conflict"), "place": place.get("name") or place.get("raw"),
        "country_code": place.get("country_code"), "admin1": place.get("admin1"),
        "admin2": place.get("admin2"), "lat": place.get("lat"), "lon": place.get("lon"),
        "event_type": typ.get("event_type"), "type_of_violence": typ.get("type_of_violence"),
        "side_a": sides[1], "side_b": sides[2], "deaths_low": deaths.get("low"),
        "deaths_best": deaths.get("best"), "deaths_high": deaths.get("high"),
        "document_sha256": (r.get("document") or {}).get("sha256"),
        "claims": [
            {**{k: c.get(k) for k in _CLAIM.names if k not in ("span_start", "span_end")},
             "span_start": c["span"][0], "span_end": c["span"][1]}
            for c in r.get("claims", [])
        ],
        "record": json.dumps(r, ensure_ascii=False),
    }  # fmt: skip


def write_parquet(records: Iterable[dict[str, Any]], out: BinaryIO, batch: int = 500) -> int:
    """Write in row groups of ``batch`` events (bounded memory for big stores)."""
    buffer = io.BytesIO()
    n = 0
    with pq.ParquetWriter(buffer, SCHEMA) as writer:
        rows: list[dict[str, Any]] = []
        for r in records:
            rows.append(_row(r))
            n += 1
            if len(rows) >= batch:
                writer.write_table(pa.Table.from_pylist(rows, schema=SCHEMA))
                rows = []
        if rows or n == 0:
            writer.write_table(pa.Table.from_pylist(rows, schema=SCHEMA))
    out.write(buffer.getvalue())
    return n
