"""Readers: a file or bytes in, a :class:`~conflictkb.model.Document` out.

Formats are kept in a small registry keyed by name; :func:`read_bytes` sniffs the format when
none is given: by content first (a PDF header, an HTML start), then by name (``.md``, ``.html``),
then by shape (the article format, wikitext), else a plain report. Every reader gives a
Document whose spans index its ``text``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import InputError
from ..model import Document
from .article import looks_like_article, read_article
from .base import DEFAULT_MAX_BYTES, Decoded, RawDocument, ReadOptions, check_size
from .html import HTML_SUFFIXES, looks_like_html, read_html
from .markdown import MARKDOWN_SUFFIXES, looks_like_markdown, read_markdown
from .pdf import looks_like_pdf, read_pdf
from .report import read_report
from .wikitext import looks_like_wikitext, read_wikitext

__all__ = ["FORMATS", "READABLE_SUFFIXES", "ReadOptions", "read_bytes", "read_document",
           "sniff_format"]  # fmt: skip

Reader = Callable[[RawDocument], Document]


def _text_reader(read: Callable[[Decoded, str, str], Document]) -> Reader:
    def reader(raw: RawDocument) -> Document:
        return read(raw.decoded(), raw.doc_id, raw.path)

    return reader


FORMATS: dict[str, Reader] = {
    "article": _text_reader(read_article),
    "report": read_report,
    "markdown": read_markdown,
    "wikitext": _text_reader(read_wikitext),
    "html": read_html,
    "pdf": read_pdf,
}
# File endings a folder ingest reads (a dump's .xml/.bz2 is read by the dump reader).
READABLE_SUFFIXES = {".txt", ".text", ".wiki", ".pdf", *MARKDOWN_SUFFIXES, *HTML_SUFFIXES}


def sniff_format(data: bytes, path: str) -> str:
    """The reader for these bytes: content first, then the file name, then the text's shape."""
    if looks_like_pdf(data) or path.lower().endswith(".pdf"):
        return "pdf"  # a .pdf that is no PDF gets the PDF reader's clear refusal
    if looks_like_html(data, path):
        return "html"
    if looks_like_markdown(path):
        return "markdown"
    head = data[:65536].decode("utf-8", "replace")
    if looks_like_article(head):
        return "article"
    if looks_like_wikitext(head):
        return "wikitext"
    return "report"


def read_bytes(
    data: bytes,
    path: str = "<bytes>",
    *,
    format: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    options: ReadOptions | None = None,
) -> Document:
    """Read a document from raw bytes. Raises :class:`InputError` on bad input."""
    options = options or ReadOptions(max_bytes=max_bytes)
    check_size(len(data), options.max_bytes, path)
    fmt = format or sniff_format(data, path)
    reader = FORMATS.get(fmt)
    if reader is None:
        raise InputError(f"unknown format {fmt!r}; known: {', '.join(sorted(FORMATS))}", path=path)
    return reader(RawDocument(data, path, Document.hash_bytes(data), options))


def read_document(
    path: str | Path,
    *,
    format: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    options: ReadOptions | None = None,
) -> Document:
    """Read a document from a file."""
    p = Path(path)
    options = options or ReadOptions(max_bytes=max_bytes)
    try:
        check_size(p.stat().st_size, options.max_bytes, str(p))
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror})", path=str(p)) from None
    return read_bytes(data, str(p), format=format, options=options)
