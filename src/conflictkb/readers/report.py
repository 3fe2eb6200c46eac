"""Reader for plain text with no article structure: a news story, an NGO report, notes.

A YAML front-matter block at the top is metadata (see :mod:`.frontmatter`); the body follows.
"""

from __future__ import annotations

from ..model import Document, Section
from .base import RawDocument
from .frontmatter import apply_front_matter, split_front_matter

__all__ = ["read_report"]


def read_report(raw: RawDocument) -> Document:
    decoded = raw.decoded()
    text = decoded.text
    meta, body = split_front_matter(text, raw.path)
    first = next((ln.strip() for ln in text[body:].splitlines() if ln.strip()), "")
    doc = Document(
        id=raw.doc_id,
        path=raw.path,
        format="report",
        title=first[:200],
        text=text,
        sections=[Section("Body", 1, body, len(text))] if text[body:].strip() else [],
        infobox=[],
        encoding=decoded.encoding,
        warnings=list(decoded.warnings),
    )
    return apply_front_matter(doc, meta, raw)
