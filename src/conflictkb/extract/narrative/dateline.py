"""Datelines: "(Nairobi, April 5, 2022) –", "BAMAKO, April 3 (Reuters) -", "GENEVA (20 April
2022) -", "Bamako, 3 avril 2022 (AFP) -". A dateline dates the report, never the event.

Found only at the start of the document's first paragraph: a capitalised place, a date, an
optional agency in brackets, then a dash.
"""

from __future__ import annotations

import re
from datetime import date

from ...model import Span
from ..dates import find_date_atoms
from ..lexicon import Lexicon

__all__ = ["find_dateline"]

_DATELINE = re.compile(
    r"\s*(?P<line>\(?[A-ZÀ-Ý][\w'’.-]*(?:[ -][A-ZÀ-Ýa-zà-ÿ][\w'’.-]*){0,3}"
    r"(?:,\s*|\s+\(\s*)[^\n()]{3,40}?\)?(?:\s*\([A-Za-z .]{2,25}\))?)\s*[–—-]{1,2}\s"
)


_TITLE_LINE = re.compile(r"\s*(?:#[^\n]*|[^\n.]{1,300})\n\s*\n")


def find_dateline(text: str, start: int, end: int, lex: Lexicon) -> tuple[Span, date | None] | None:
    """The dateline at the start of ``text[start:end]``'s first paragraph (or of its second,
    after a title line) and its date (None without a year)."""
    m = _DATELINE.match(text, start, min(end, start + 200))
    title = _TITLE_LINE.match(text, start, end) if m is None else None
    if title is not None:
        m = _DATELINE.match(text, title.end(), min(end, title.end() + 200))
    if m is None:
        return None
    months = None if lex.code == "en" else lex.month_words
    atoms = [a for a in find_date_atoms(text, m.start("line"), m.end("line"), months)
             if a.month is not None]  # fmt: skip
    if not atoms:
        return None
    a = atoms[0]
    when = date(a.year, a.month, a.day or 1) if a.year and a.month and a.day else None
    return Span(m.start("line"), m.end()), when
