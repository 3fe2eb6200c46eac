"""Markdown: ATX headings (``## Section``) become sections; the first ``# Title`` is the title.

The text is kept as written (spans index it). Also used for the main text the HTML reader gets
from trafilatura, which writes headings the same way.
"""

from __future__ import annotations

import re

from ..model import Document, Section
from .base import RawDocument
from .frontmatter import apply_front_matter, split_front_matter

__all__ = ["looks_like_markdown", "markdown_sections", "read_markdown"]

_ATX = re.compile(r"^(?P<hashes>#{1,6})[ \t]+(?P<name>[^\n]*?)[ \t]*#*[ \t]*$", re.M)
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown")


def looks_like_markdown(path: str) -> bool:
    return path.lower().endswith(MARKDOWN_SUFFIXES)


def markdown_sections(text: str, start: int = 0) -> tuple[str | None, list[Section]]:
    """(title, sections) of ``text[start:]``: a leading ``# Title`` is the title, the text
    before the first other heading is the "Lead" (level 1), each heading a section whose level
    is its number of hashes (at least 2, so that only the lead is level 1)."""
    heads = list(_ATX.finditer(text, start))
    title = None
    if heads and len(heads[0].group("hashes")) == 1 and not text[start : heads[0].start()].strip():
        title = heads[0].group("name").strip() or None
        body_start = heads[0].end()
        heads = heads[1:]
    else:
        body_start = start
    sections: list[Section] = []
    lead_end = heads[0].start() if heads else len(text)
    if text[body_start:lead_end].strip():
        sections.append(Section("Lead", 1, body_start, lead_end))
    levels = [max(2, len(h.group("hashes"))) for h in heads]
    for i, h in enumerate(heads):
        end = next((n.start() for n, lv in zip(heads[i + 1 :], levels[i + 1 :], strict=True)
                    if lv <= levels[i]), len(text))  # fmt: skip
        sections.append(Section(h.group("name").strip(), levels[i], h.start(), end))
    return title, sections


def read_markdown(raw: RawDocument) -> Document:
    decoded = raw.decoded()
    text = decoded.text
    meta, body = split_front_matter(text, raw.path)
    title, sections = markdown_sections(text, body)
    first = next((ln.strip(" #") for ln in text[body:].splitlines() if ln.strip()), "")
    doc = Document(
        id=raw.doc_id, path=raw.path, format="markdown", title=(title or first)[:200], text=text,
        sections=sections, encoding=decoded.encoding, warnings=list(decoded.warnings),
    )  # fmt: skip
    return apply_front_matter(doc, meta, raw)
