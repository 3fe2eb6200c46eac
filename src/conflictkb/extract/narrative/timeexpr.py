"""Dates in running text: absolute, partial, ranges, vague and relative, with UCDP precision.

``DateResolver`` walks a document's sentences in order and keeps the last date seen, so that
"the next day" or "two days later" resolve against it. Partial dates ("On 1 April") take the
year of the last month-precise date of the text; with none, a report's publication date anchors
them: the latest such date not after publication ("On 31 August" in a report of 2 September
2022 is 2022-08-31, in one of 1 March 2023 it is 2022-08-31 too). Weekdays ("on Tuesday") and
expressions such as "yesterday", "last week" or "earlier this month" are dated from the
publication date only. Every anchored date carries a note saying so. A day-precise range gets
the UCDP precision of its length (2-6 days: 2, a week: 3, a month: 4, longer: 5).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from ...model import DatePrecision
from ..dates import MONTHS, DateAtom, fill_right_to_left, find_date_atoms
from ..lexicon import Lexicon, lexicon_for

__all__ = ["DateResolver", "TextDate", "holds_date"]

_MONTH = (
    r"(?:"
    + "|".join(sorted((m for m in MONTHS if len(m) > 3 or m == "may"), key=len, reverse=True))
    + r")"
)
_RELATIVE = re.compile(
    r"\b(?:(?P<same>that day|the same day|that same day|le même jour|ce jour-là)|(?P<next>the next day|"
    r"the following day|a day later|one day later|le lendemain)|(?P<before>the day before|the previous"
    r" day|la veille)|(?P<n>two|three|four|five|six|seven|\d+) days? (?P<dir>later|after|earlier|"
    r"before)|(?P<week>a week later|the following week|the next week|la semaine suivante))\b",
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
    note: str | None = None  # how it was completed, e.g. anchored on the publication date


@lru_cache(maxsize=8)
def _vague_regex(code: str) -> re.Pattern[str]:
    lex = lexicon_for(code)
    months = lex.month_words if code != "en" else {m: i for m, i in MONTHS.items()
                                                   if len(m) > 3 or m == "may"}  # fmt: skip
    month = "|".join(sorted(map(re.escape, months), key=len, reverse=True))
    parts = "|".join(sorted(map(re.escape, lex.vague_parts), key=len, reverse=True))
    return re.compile(
        rf"\b(?P<part>{parts})[\s-]+(?:d['’]|de\s+)?(?P<month>{month})(?:\s+(?P<year>\d{{4}}))?\b"
        rf"|\b(?P<part2>{parts})[\s-]+(?P<year2>\d{{4}})\b",
        re.I,
    )


@lru_cache(maxsize=8)
def _weekday_regex(code: str) -> re.Pattern[str]:
    lex = lexicon_for(code)
    if code == "en":  # English weekdays are capitalised: "may"-like clashes stay out
        days, flags = "|".join(d.capitalize() for d in lex.weekday_words), 0
    else:
        days, flags = "|".join(lex.weekday_words), re.I
    return re.compile(rf"{lex.weekday_cue}\b(?P<day>{days})\b", flags)


def _atom_months(lex: Lexicon) -> dict[str, int] | None:
    """The month names date atoms are read with (None: English, the default)."""
    return None if lex.code == "en" else lex.month_words


@lru_cache(maxsize=8)
def _date_forms(code: str) -> tuple[re.Pattern[str], ...]:
    """The forms :meth:`DateResolver.dates_in` reads besides date atoms: "early March", "on
    Tuesday", "the next day", "yesterday"."""
    rel = lexicon_for(code).relative
    return (_vague_regex(code), _weekday_regex(code), _RELATIVE, *(r.pattern for r in rel))


def holds_date(text: str, start: int, end: int, lex: Lexicon) -> bool:
    """Whether ``text[start:end]`` holds a date in a form the resolver reads, whatever the
    running context (publication date, last date) would make of it."""
    if find_date_atoms(text, start, end, _atom_months(lex)):
        return True
    return any(p.search(text, start, end) for p in _date_forms(lex.code))


def range_precision(first: date, last: date) -> DatePrecision:
    """UCDP precision of a day-precise range by its length."""
    days = (last - first).days + 1
    if days <= 1:
        return DatePrecision.DAY
    if days <= 6:
        return DatePrecision.DAYS_2_6
    if days <= 7:
        return DatePrecision.WEEK
    if days <= 31:
        return DatePrecision.MONTH
    return DatePrecision.LONGER


def _vague_range(part: str, year: int, month: int | None) -> tuple[date, date]:
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
    def __init__(self, anchor_year: int | None, published: date | None = None,
                 lexicon: Lexicon | None = None) -> None:  # fmt: skip
        self.anchor_year = anchor_year
        self.published = published
        self.lex = lexicon or lexicon_for("en")
        self.last: date | None = None
        self.last_precise: date | None = None  # the last date precise to the month

    def dates_in(self, text: str, start: int = 0, end: int | None = None) -> list[TextDate]:
        """Every date in ``text[start:end]``; updates the running context."""
        end = len(text) if end is None else end
        found = (self._vague(text, start, end) + self._relative(text, start, end)
                 + self._published_relative(text, start, end))  # fmt: skip
        found = _first_of_overlaps(found)
        taken = [(d.begin, d.stop) for d in found]
        found += [d for d in self._weekdays(text, start, end) + self._absolute(text, start, end)
                  if not any(b <= d.begin < s or d.begin <= b < d.stop for b, s in taken)]  # fmt: skip
        found = _first_of_overlaps(sorted(found, key=lambda d: d.begin))
        # The context for the next partial date: the sentence's last date precise to the month
        # ("On 24 February 2022, Russia invaded, in a war which had begun in 2014": 2022).
        precise = [d for d in found if d.precision <= DatePrecision.MONTH]
        if precise or found:
            self.last = (precise or found)[-1].start
        if precise:
            self.last_precise = precise[-1].start
        return found

    def _year(self, explicit: int | None) -> int | None:
        return explicit or (self.last.year if self.last else None) or self.anchor_year

    def _anchored(self, month: int | None, day: int | None) -> int | None:
        """The year of a partial date from the publication date, when no month-precise date of
        the text gives one: the latest such date not after publication."""
        p = self.published
        if p is None or self.last_precise is not None or month is None:
            return None
        return p.year if (month, day or 1) <= (p.month, p.day) else p.year - 1

    def _note(self) -> str:
        return f"anchored on the publication date {self.published}"

    def _absolute(self, text: str, start: int, end: int) -> list[TextDate]:
        atoms = find_date_atoms(text, start, end, _atom_months(self.lex))
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
        note = None
        if b.year is None and (year := self._anchored(b.month, b.day)) is not None:
            a.year = a.year or (year if (a.month or 1) <= (b.month or 1) else year - 1)
            b.year, note = year, self._note()
        for atom in (a, b):
            if atom.year is None:
                atom.year = self._year(None)
        first, last = a.first_day(), b.last_day()
        if first is None or last is None or last < first:
            return None
        prec = max(a.precision, b.precision)
        if prec == DatePrecision.DAY and a is not b:
            prec = range_precision(first, last)
        return TextDate(first, last, DatePrecision(prec), a.start, b.end, note)

    def _vague(self, text: str, start: int, end: int) -> list[TextDate]:
        out = []
        months = MONTHS if self.lex.code == "en" else self.lex.month_words
        for m in _vague_regex(self.lex.code).finditer(text, start, end):
            note = None
            if m.group("part"):
                month = months[m.group("month").lower()]
                year = int(m.group("year")) if m.group("year") else None
                if year is None and (year := self._anchored(month, 1)) is not None:
                    note = self._note()
                year = self._year(year)
                part = m.group("part")
            else:
                year, month, part = int(m.group("year2")), None, m.group("part2")
            if year is None:
                continue
            a, b = _vague_range(self.lex.vague_parts[part.lower()], year, month)
            prec = DatePrecision.MONTH if month else DatePrecision.LONGER
            out.append(TextDate(a, b, prec, m.start(), m.end(), note))
        return out

    def _published_relative(self, text: str, start: int, end: int) -> list[TextDate]:
        """ "yesterday", "last week", "hier": dated from the publication date, else not at all."""
        if self.published is None:
            return []
        out = []
        for rel in self.lex.relative:
            for m in rel.pattern.finditer(text, start, end):
                a, b, prec = rel.period(self.published)
                out.append(TextDate(a, b, DatePrecision(prec), m.start(), m.end(), self._note()))
        return out

    def _weekdays(self, text: str, start: int, end: int) -> list[TextDate]:
        """ "on Tuesday", "mardi": the latest such day not after publication."""
        if self.published is None:
            return []
        out = []
        for m in _weekday_regex(self.lex.code).finditer(text, start, end):
            wanted = self.lex.weekday_words[m.group("day").lower()]
            d = self.published - timedelta(days=(self.published.weekday() - wanted) % 7)
            out.append(TextDate(d, d, DatePrecision.DAY, m.start("day"), m.end(), self._note()))
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
    between = re.sub(r"\s+(?:le|the)$", "", text[a.end : b.start].strip().lower())
    before = text[max(0, a.start - 12) : a.start].lower()
    if between in ("–", "—", "-", "to", "until", "till", "through", "au", "à", "jusqu'au"):
        return True
    return between in ("and", "et") and any(w in before for w in ("between", "entre", "les "))


def _first_of_overlaps(dates: list[TextDate]) -> list[TextDate]:
    """Drop a date that overlaps one before it in the text ("last week" and "week")."""
    out: list[TextDate] = []
    for d in sorted(dates, key=lambda d: (d.begin, -d.stop)):
        if not out or d.begin >= out[-1].stop:
            out.append(d)
    return out
