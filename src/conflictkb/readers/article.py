"""Reader for the article format of the bundled corpus (see the seed article).

::

    = Title =

    Infobox
    - Key: value
    ...

    Lead paragraph ...
    == Section ==
    === Subsection ===
    - list item
"""

from __future__ import annotations

import re

from ..errors import InputError
from ..model import Document, InfoboxField, Section, Span
from .base import Decoded

__all__ = ["looks_like_article", "read_article"]

_TITLE = re.compile(r"\A\s*=[ \t]*(?P<title>[^=\n][^\n]*?)[ \t]*=[ \t]*$", re.M)
_HEADING = re.compile(r"^(?P<eq>={2,6})[ \t]*(?P<name>[^\n]*?)[ \t]*(?P=eq)[ \t]*$", re.M)
_INFOBOX = re.compile(r"^Infobox[ \t]*$", re.M)
_FIELD = re.compile(r"^- (?P<key>[^:\n]{1,60}?):[ \t]?(?P<value>[^\n]*)$")


def looks_like_article(text: str) -> bool:
    return _TITLE.match(text) is not None


def read_article(decoded: Decoded, doc_id: str, path: str) -> Document:
    text = decoded.text
    title_m = _TITLE.match(text)
    if title_m is None:
        raise InputError("no '= Title =' line at the top", path=path)
    infobox, body_start = _read_infobox(text, title_m.end(), path)
    sections = _read_sections(text, body_start)
    return Document(
        id=doc_id,
        path=path,
        format="article",
        title=title_m.group("title").strip(),
        text=text,
        sections=sections,
        infobox=infobox,
        encoding=decoded.encoding,
        warnings=list(decoded.warnings),
    )


def _read_infobox(text: str, pos: int, path: str) -> tuple[list[InfoboxField], int]:
    m = _INFOBOX.search(text, pos)
    if m is None or text[pos : m.start()].strip():
        return [], pos
    fields: list[InfoboxField] = []
    seen: set[str] = set()
    offset = m.end() + 1
    for line in text[offset:].split("\n"):
        fm = _FIELD.match(line.rstrip("\r"))
        if fm is None:
            break
        key = fm.group("key").strip()
        value = fm.group("value")
        if key.lower() in seen:
            raise InputError(f"infobox repeats the key {key!r}; keep one value per key", path=path)
        seen.add(key.lower())
        v_start = offset + fm.start("value")
        lead = len(value) - len(value.lstrip())
        stripped = value.strip()
        fields.append(
            InfoboxField(key, stripped, Span(v_start + lead, v_start + lead + len(stripped)))
        )
        offset += len(line) + 1
    if not fields:
        raise InputError("the infobox has no '- Key: value' lines", path=path)
    if not any(f.value.strip(" :,") for f in fields):
        raise InputError("the infobox has keys but no values", path=path)
    return fields, min(offset, len(text))


def _read_sections(text: str, body_start: int) -> list[Section]:
    heads = [m for m in _HEADING.finditer(text) if m.start() >= body_start]
    sections: list[Section] = []
    lead_end = heads[0].start() if heads else len(text)
    if text[body_start:lead_end].strip():
        sections.append(Section("Lead", 1, body_start, lead_end))
    for i, h in enumerate(heads):
        level = len(h.group("eq"))
        end = len(text)
        for nxt in heads[i + 1 :]:
            if len(nxt.group("eq")) <= level:
                end = nxt.start()
                break
        sections.append(Section(h.group("name").strip(), level, h.start(), end))
    return sections
