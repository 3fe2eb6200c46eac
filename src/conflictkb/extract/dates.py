"""Dates as infoboxes and leads write them, to a range with a UCDP precision.

``parse_date_range("6 June – 17 October 2017")`` gives 2017-06-06 .. 2017-10-17, precision 1.
Missing years and months are carried from the right ("1 – 5 April 2016"); "present" and
"ongoing" leave the end open. The narrative extractor builds on :func:`find_date_atoms`.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from ..model import DatePrecision
from ..textutil import literal_alternation

__all__ = ["DateAtom", "DateRange", "MONTHS", "find_date_atoms", "parse_date_range"]

MONTHS = (
    {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
    | {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
    | {"sept": 9}
)


@lru_cache(maxsize=8)
def _atom_regex(month_words: tuple[str, ...]) -> re.Pattern[str]:
    """Every form starts at a word boundary, tested once; the month names are a tree of shared
    prefixes (:func:`literal_alternation`): the same matches as one alternative after another."""
    month = r"(?:" + literal_alternation(w.lower() for w in month_words) + r")\.?"
    ordinal = r"(?:st|nd|rd|th|er)?"
    return re.compile(
        rf"\b(?:(?P<iso>(?P<iy>\d{{4}})-(?P<im>\d{{2}})-(?P<id>\d{{2}})\b)"
        rf"|(?P<dmy>(?P<d1>\d{{1,2}}){ordinal}\s+(?:of\s+)?(?P<m1>{month})(?:,?\s+(?P<y1>\d{{4}}))?(?!\w))"
        rf"|(?P<mdy>(?P<m2>{month})\s+(?P<d2>\d{{1,2}}){ordinal}(?:,?\s+(?P<y2>\d{{4}}))?\b(?!\s*[:–-]?\d{{3}}))"
        rf"|(?P<my>(?P<m3>{month})\s+(?P<y3>\d{{4}})\b)"
        rf"|(?P<bd>(?P<d4>\d{{1,2}}){ordinal}(?=\s*(?:–|—|-|to|and|au|et|à)\s*(?:le\s+)?\d{{1,2}}{ordinal}\s+{month}))"
        rf"|(?P<yr>(?P<y5>1[89]\d\d|20\d\d)\b))",
        re.I,
    )


_ATOM = _atom_regex(tuple(MONTHS))
_DIGIT = re.compile(r"\d")
_OPEN_END = re.compile(r"\b(present|ongoing|today)\b", re.I)


@dataclass(slots=True)
class DateAtom:
    year: int | None
    month: int | None
    day: int | None
    start: int
    end: int

    @property
    def precision(self) -> DatePrecision:
        if self.day is not None:
            return DatePrecision.DAY
        if self.month is not None:
            return DatePrecision.MONTH
        return DatePrecision.LONGER

    def first_day(self) -> date | None:
        if self.year is None:
            return None
        return _safe_date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> date | None:
        if self.year is None:
            return None
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return _safe_date(self.year, month, day)


@dataclass(frozen=True, slots=True)
class DateRange:
    start: date | None
    end: date | None
    precision: DatePrecision
    open_end: bool = False
    span_start: int = 0
    span_end: int = 0


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def find_date_atoms(
    text: str, start: int = 0, end: int | None = None, months: dict[str, int] | None = None
) -> list[DateAtom]:
    """Every date-like expression in ``text[start:end]``; years and months not yet filled.

    ``months``: the month names of the text's language (English by default)."""
    end = len(text) if end is None else end
    if _DIGIT.search(text, start, end) is None:
        return []  # every form holds a digit
    pattern = _ATOM if months is None else _atom_regex(tuple(months))
    table = MONTHS if months is None else months
    return [_atom(m, table) for m in pattern.finditer(text, start, end)]


def _atom(m: re.Match[str], months: dict[str, int]) -> DateAtom:
    g = m.groupdict()
    s, e = m.start(), m.end()
    if g["iso"]:
        return DateAtom(int(g["iy"]), int(g["im"]), int(g["id"]), s, e)
    if g["dmy"]:
        return DateAtom(_int(g["y1"]), _month(g["m1"], months), int(g["d1"]), s, e)
    if g["mdy"]:
        return DateAtom(_int(g["y2"]), _month(g["m2"], months), int(g["d2"]), s, e)
    if g["my"]:
        return DateAtom(int(g["y3"]), _month(g["m3"], months), None, s, e)
    if g["bd"]:
        return DateAtom(None, None, int(g["d4"]), s, e)
    return DateAtom(int(g["y5"]), None, None, s, e)


def _int(v: str | None) -> int | None:
    return int(v) if v else None


def _month(v: str, months: dict[str, int]) -> int:
    return months[v.lower().rstrip(".")]


def fill_right_to_left(atoms: list[DateAtom]) -> None:
    """Carry the year (and, for bare days, the month) from later atoms to earlier ones."""
    year: int | None = None
    month: int | None = None
    for a in reversed(atoms):
        if a.year is None and year is not None:
            a.year = year
        if a.day is not None and a.month is None and month is not None:
            a.month = month
        year = a.year if a.year is not None else year
        month = a.month if a.month is not None else month


def parse_date_range(text: str, default_year: int | None = None) -> DateRange | None:
    """The whole span of dates a value mentions, or None when it has none."""
    atoms = [a for a in find_date_atoms(text) if not (a.day and a.month is None and a.year)]
    fill_right_to_left(atoms)
    for a in atoms:
        if a.year is None:
            a.year = default_year
    atoms = [a for a in atoms if a.year is not None and (a.day is None or a.month is not None)]
    if not atoms:
        return None
    firsts = [(d, a) for a in atoms if (d := a.first_day()) is not None]
    lasts = [(d, a) for a in atoms if (d := a.last_day()) is not None]
    if not firsts or not lasts:
        return None
    start, a_start = min(firsts, key=lambda t: t[0])
    end, a_end = max(lasts, key=lambda t: t[0])
    open_end = _OPEN_END.search(text) is not None
    precision = max(a_start.precision, a_end.precision)
    return DateRange(
        start=start,
        end=None if open_end else end,
        precision=DatePrecision(precision),
        open_end=open_end,
        span_start=min(a.start for a in atoms),
        span_end=max(a.end for a in atoms),
    )
