"""JSON and JSON Lines exports of event records (the JSON contract, unchanged)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, BinaryIO

__all__ = ["write_json", "write_jsonl"]


def write_jsonl(records: Iterable[dict[str, Any]], out: BinaryIO) -> int:
    n = 0
    for r in records:
        out.write(json.dumps(r, ensure_ascii=False).encode() + b"\n")
        n += 1
    return n


def write_json(records: Iterable[dict[str, Any]], out: BinaryIO) -> int:
    """A JSON array, written record by record (streams; never holds the whole list)."""
    n = 0
    out.write(b"[")
    for r in records:
        out.write((b",\n" if n else b"\n") + json.dumps(r, ensure_ascii=False).encode())
        n += 1
    out.write(b"\n]\n")
    return n
