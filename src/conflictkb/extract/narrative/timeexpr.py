"""Dates in running text: absolute, partial, ranges, vague and relative, with UCDP precision.

``DateResolver`` walks a document's sentences in order and keeps the last date seen, so that
"the next day" or "two days later" resolve against it. Partial dates ("On 1 April") take the
anchor year (the event's year, else the document's publication year).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from ...model import DatePrecision
from ..dates import MONTHS, DateAtom, fill_right_to_left, find_date_atoms

__all__ = ["DateResolver", "TextDate"]

_MONTH = (
    r"(?:"
    + "|".join(sorted((m for m in MONTHS if len(m) > 3 or m == "may"), key=len, reverse=True))
    + r")"
)
_VAGUE = re.compile(
    rf"\b(?P<part>early|mid|late|end of|beginning of|the end of|the beginning of)[\s-]+(?P<month>{_MONTH})(?:\s+(?P<year>\d{{4}}))?\b"
    rf"|\b(?P<part2>early|mid|late)[\s-]+(?P<year2>\d{{4}})\b",
    re.I,
)
_RELATIVE = re.compile(
    r"\b(?:(?P<same>that day|the same day|that same day)|(?P<next>the next day|the following day|"
    r"a day later|one day later)|(?P<before>the day before|the previous day)|"
    r"(?P<n>two|three|four|five|six|seven|\d+) days? (?P<dir>later|after|earlier|before)|"
    r"(?P<week>a week later|the following week|the next week))\b",
    re.I,
)
_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}


@dataclass(frozen=True, slots=True)
class TextDate:
    start: date
    end: date
    precision: DatePrecision
    begin: int  # offsets into the text
    stop: int


def _vague_range(part: str, year: int, month: int | None) -> tuple[date, date]:
    part = part.lower().replace("the ", "")
    if month is None:  # "early 2022"
        spans = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}
        a, b = spans.get(part, (1, 12))
        return date(year, a, 1), date(year, b, calendar.monthrange(year, b)[1])
    last = calendar.monthrange(year, month)[1]
    if part in ("early", "beginning of"):
        return date(year, month, 1), date(year, month, 10)
    if part == "mid":
        return date(year, month, 11), date(year, month, 20)
    return date(year, month, 21), date(year, month, last)


class DateResolver:
    def __init__(self, anchor_year: int | None) -> None:
        self.anchor_year = anchor_year
        self.last: date | None = None

    def dates_in(self, text: str, start: int = 0, end: int | None = None) -> list[TextDate]:
        """Every date in ``text[start:end]``; updates the running context."""
        end = len(text) if end is None else end
        found = self._vague(text, start, end) + self._relative(text, start, end)
        taken = [(d.begin, d.stop) for d in found]
        found += [d for d in self._absolute(text, start, end)
                  if not any(b <= d.begin < s for b, s in taken)]  # fmt: skip
        found.sort(key=lambda d: d.begin)
        # The context for the next partial date: the sentence's last date precise to the month
        # ("On 24 February 2022, Russia invaded, in a war which had begun in 2014": 2022).
        precise = [d for d in found if d.precision <= DatePrecision.MONTH]
        if precise or found:
            self.last = (precise or found)[-1].start
        return found

    def _year(self, explicit: int | None) -> int | None:
        return explicit or (self.last.year if self.last else None) or self.anchor_year

    def _absolute(self, text: str, start: int, end: int) -> list[TextDate]:
        atoms = find_date_atoms(text, start, end)
        fill_right_to_left(atoms)
        atoms = [a for a in atoms if a.day is None or a.month]
        out: list[TextDate] = []
        i = 0
        while i < len(atoms):
            a = atoms[i]
            nxt = atoms[i + 1] if i + 1 < len(atoms) else None
            if nxt is not None and _is_range(text, a, nxt):
                td = self._make(a, nxt)
                i += 2
            else:
                td = self._make(a, a)
                i += 1
            if td is not None:
                out.append(td)
        return out

    def _make(self, a: DateAtom, b: DateAtom) -> TextDate | None:
        if a.day is not None and a.month is None:
            return None
        for atom in (a, b):
            if atom.year is None:
                atom.year = self._year(None)
        first, last = a.first_day(), b.last_day()
        if first is None or last is None or last < first:
            return None
        prec = max(a.precision, b.precision)
        if prec == DatePrecision.DAY and (last - first).days > 0:
            prec = DatePrecision.DAY
        return TextDate(first, last, DatePrecision(prec), a.start, b.end)

    def _vague(self, text: str, start: int, end: int) -> list[TextDate]:
        out = []
        for m in _VAGUE.finditer(text, start, end):
            if m.group("part"):
                year = self._year(int(m.group("year")) if m.group("year") else None)
                month = MONTHS[m.group("month").lower()]
                part = m.group("part")
            else:
                year, month, part = int(m.group("year2")), None, m.group("part2")
            if year is None:
                continue
            a, b = _vague_range(part, year, month)
            prec = DatePrecision.MONTH if month else DatePrecision.LONGER
            out.append(TextDate(a, b, prec, m.start(), m.end()))
        return out

    def _relative(self, text: str, start: int, end: int) -> list[TextDate]:
        out = []
        for m in _RELATIVE.finditer(text, start, end):
            base = self.last
            if base is None:
                continue
            if m.group("same"):
                d = base
            elif m.group("next"):
                d = base + timedelta(days=1)
            elif m.group("before"):
                d = base - timedelta(days=1)
            elif m.group("week"):
                d = base + timedelta(days=7)
            else:
                n = _WORDS.get(m.group("n").lower()) or int(m.group("n"))
                sign = 1 if m.group("dir").lower() in ("later", "after") else -1
                d = base + timedelta(days=sign * n)
            out.append(TextDate(d, d, DatePrecision.DAY, m.start(), m.end()))
        return out


def _is_range(text: str, a: DateAtom, b: DateAtom) -> bool:
    between = text[a.end : b.start].strip().lower()
    before = text[max(0, a.start - 9) : a.start].lower()
    if between in ("–", "—", "-", "to", "until", "till", "through"):
        return True
    return between == "and" and "between" in before
