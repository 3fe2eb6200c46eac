"""The audit log out: CSV (one row per decision, before and after as JSON text) or JSON Lines."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any, BinaryIO

__all__ = ["AUDIT_COLUMNS", "AUDIT_FORMATS", "write_audit"]

AUDIT_COLUMNS = ("id", "at", "user", "role", "action", "event_id", "target", "before", "after",
                 "comment")  # fmt: skip
AUDIT_FORMATS = {"csv": "text/csv", "jsonl": "application/x-ndjson"}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    text = str(value)
    # a spreadsheet must not run a comment as a formula
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def write_audit(entries: Iterable[dict[str, Any]], out: BinaryIO, fmt: str = "csv") -> int:
    """Write audit entries (:meth:`Store.audit_log`) as ``csv`` or ``jsonl``; return the count."""
    if fmt not in AUDIT_FORMATS:
        raise ValueError(f"audit format {fmt!r}: use csv or jsonl")
    n = 0
    if fmt == "jsonl":
        for e in entries:
            out.write(json.dumps(e, ensure_ascii=False, default=str).encode() + b"\n")
            n += 1
        return n
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    w = csv.writer(text)
    w.writerow(AUDIT_COLUMNS)
    for e in entries:
        w.writerow([_cell(e.get(c)) for c in AUDIT_COLUMNS])
        n += 1
    text.detach()
    return n
