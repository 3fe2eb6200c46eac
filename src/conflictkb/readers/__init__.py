"""Readers: a file or bytes in, a :class:`~conflictkb.model.Document` out.

Formats are kept in a small registry keyed by name; :func:`read_document` sniffs the format when
none is given. Every reader keeps the decoded text unchanged so spans stay valid.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import InputError
from ..model import Document
from .article import looks_like_article, read_article
from .base import DEFAULT_MAX_BYTES, Decoded, decode_bytes
from .report import read_report
from .wikitext import looks_like_wikitext, read_wikitext

__all__ = ["FORMATS", "read_bytes", "read_document", "sniff_format"]

Reader = Callable[[Decoded, str, str], Document]

FORMATS: dict[str, Reader] = {
    "article": read_article,
    "report": read_report,
    "wikitext": read_wikitext,
}


def sniff_format(text: str, path: str) -> str:
    if looks_like_article(text):
        return "article"
    if looks_like_wikitext(text):
        return "wikitext"
    return "report"


def read_bytes(
    data: bytes,
    path: str = "<bytes>",
    *,
    format: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Document:
    """Read a document from raw bytes. Raises :class:`InputError` on bad input."""
    decoded = decode_bytes(data, path, max_bytes)
    fmt = format or sniff_format(decoded.text, path)
    reader = FORMATS.get(fmt)
    if reader is None:
        raise InputError(f"unknown format {fmt!r}; known: {', '.join(sorted(FORMATS))}", path=path)
    return reader(decoded, Document.hash_bytes(data), path)


def read_document(
    path: str | Path, *, format: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Document:
    """Read a document from a file."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"file is {size:,} bytes, over the {max_bytes:,}-byte limit "
                "(raise it with --max-bytes or CONFLICTKB_MAX_BYTES)",
                path=str(p),
            )
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror})", path=str(p)) from None
    return read_bytes(data, str(p), format=format, max_bytes=max_bytes)
