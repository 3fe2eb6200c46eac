"""Reader for plain text with no article structure: a news story, an NGO report, notes."""

from __future__ import annotations

from ..model import Document, Section
from .base import Decoded

__all__ = ["read_report"]


def read_report(decoded: Decoded, doc_id: str, path: str) -> Document:
    text = decoded.text
    first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    title = first[:200]
    return Document(
        id=doc_id,
        path=path,
        format="report",
        title=title,
        text=text,
        sections=[Section("Body", 1, 0, len(text))],
        infobox=[],
        encoding=decoded.encoding,
        warnings=list(decoded.warnings),
    )
