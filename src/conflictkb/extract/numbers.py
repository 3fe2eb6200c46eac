"""Quantities as people write them: "2+", "~11,000", "31–94", "at least 30", "hundreds".

:func:`find_quantities` scans text and yields each quantity with its character offsets.
Vague quantities map to ranges by a fixed convention (docs/estimates.md, "Vague figures").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property

__all__ = ["ENGLISH", "NumberGrammar", "Quantity", "VAGUE", "find_quantities", "parse_number"]

_SMALL = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "a hundred": 100, "one hundred": 100, "a thousand": 1000,
}  # fmt: skip

# Vague amounts: (min, max). Convention documented in docs/estimates.md.
VAGUE: dict[str, tuple[int, int | None]] = {
    "a dozen": (12, 12),
    "dozens": (24, 99),
    "scores": (40, 99),
    "several dozen": (24, 99),
    "hundreds": (200, 999),
    "several hundred": (200, 999),
    "thousands": (2000, 9999),
    "several thousand": (2000, 9999),
    "tens of thousands": (20000, 99999),
    "hundreds of thousands": (200000, 999999),
    "millions": (2000000, None),
    "a few": (2, 5),
    "several": (3, 9),
}

_QUALIFIERS = (
    r"at\s+least|no\s+fewer\s+than|not\s+less\s+than|a\s+minimum\s+of|more\s+than|over|"
    r"in\s+excess\s+of|upwards\s+of|about|around|approximately|approx\.?|roughly|some|"
    r"an\s+estimated|estimated|nearly|almost|close\s+to|up\s+to|as\s+many\s+as|less\s+than|"
    r"fewer\s+than|under|c\.|ca\.|circa|between|~|≈|>|<|≥|≤"
)
_MIN_QUALS = ("at least", "no fewer than", "not less than", "a minimum of", "more than", "over",
              "in excess of", "upwards of", ">", "≥")  # fmt: skip
_MAX_QUALS = ("up to", "as many as", "less than", "fewer than", "under", "<", "≤")
_ABOUT_QUALS = ("about", "around", "approximately", "approx", "approx.", "roughly", "some",
                "an estimated", "estimated", "nearly", "almost", "close to", "c.", "ca.",
                "circa", "~", "≈")  # fmt: skip


@dataclass(frozen=True, slots=True)
class Quantity:
    min: int | None
    max: int | None
    qualifier: str | None  # as written, normalised whitespace ("at least", "~", "+", "hundreds")
    start: int
    end: int


@dataclass(frozen=True)
class NumberGrammar:
    """How one language writes quantities: number words, vague amounts, qualifiers, digits.

    The rules that read them (ranges, "+", bounds from qualifiers) are the same for every
    language; :data:`ENGLISH` is the default, other languages build theirs in
    :mod:`conflictkb.extract.lexicon`.
    """

    words: str  # regex of number words (whole phrases)
    vague: dict[str, tuple[int, int | None]]
    qualifiers: str  # regex alternation
    min_quals: tuple[str, ...]
    max_quals: tuple[str, ...]
    digits: str = r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?)(?![A-Za-z0-9])"
    scale: str = r"(?:\s*(?:million|thousand)\b)?"
    range_sep: str = r"\s*(?:[–—‐-]|to|and)\s*"
    and_words: tuple[str, ...] = ("and",)  # "4 and 2": two figures unless "between"
    between: str = "between"
    word_value: Callable[[str], int | None] = lambda _t: None
    thousands_sep: str = ","

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        vague = "|".join(sorted((re.escape(k).replace(r"\ ", r"\s+") for k in self.vague),
                                key=len, reverse=True))  # fmt: skip
        num = rf"(?:(?:{self.digits}){self.scale}|\b(?:{self.words})\b)"
        return re.compile(
            rf"(?P<qual>(?:(?<![\w])(?:{self.qualifiers}))\s*)?"
            rf"(?:(?<![\w\-/.])(?P<lo>{num})(?:(?P<sep>{self.range_sep})(?P<hi>{num}))?(?P<plus>\s?\+)?"
            rf"|(?P<vague>\b(?:{vague})\b))",
            re.I,
        )

    def number(self, text: str) -> int | None:
        """One number: "1,246", "11000", "1.5 million", or a number word of the language."""
        t = " ".join(text.lower().split())
        m = re.fullmatch(r"([\d,. \u00a0\u202f]+)\s*(million|thousand|millions|mille)?", t)
        if m is None:
            return self.word_value(t)
        digits = re.sub(r"[ \u00a0\u202f]", "", m.group(1))
        digits = digits.replace(self.thousands_sep, "") if self.thousands_sep else digits
        try:
            value = float(digits.replace(",", "."))
        except ValueError:
            return None
        scale = {"million": 1_000_000, "millions": 1_000_000, "thousand": 1000,
                 "mille": 1000}.get(m.group(2) or "", 1)  # fmt: skip
        return int(round(value * scale))

    def find(self, text: str, start: int = 0, end: int | None = None) -> Iterator[Quantity]:
        end = len(text) if end is None else end
        for m in self.pattern.finditer(text, start, end):
            q = self._from_match(m)
            if q is not None:
                yield q

    def _bounds(self, lo: int, hi: int | None, qual: str | None,
                plus: bool) -> tuple[int | None, int | None]:  # fmt: skip
        if hi is not None:
            return lo, hi
        q = (qual or "").lower().rstrip()
        if plus or q in self.min_quals:
            return lo, None
        if q in self.max_quals:
            return None, lo
        return lo, lo

    def _from_match(self, m: re.Match[str]) -> Quantity | None:
        qual = " ".join(m.group("qual").split()) if m.group("qual") else None
        if m.group("vague"):
            key = " ".join(m.group("vague").lower().split())
            lo_v, hi_v = self.vague[key]
            return Quantity(lo_v, hi_v, qual or key, m.start(), m.end())
        lo = self.number(m.group("lo"))
        if lo is None:
            return None
        hi = self.number(m.group("hi")) if m.group("hi") else None
        sep_and = bool(m.group("sep")) and m.group("sep").strip().lower() in self.and_words
        between = (qual or "").lower() == self.between
        first_only = Quantity(lo, lo, qual, m.start(), m.start("lo") + len(m.group("lo")))
        if hi is not None and hi < lo:
            if sep_and:  # "4 and 2": two figures, not a range; take the first only.
                return first_only
            hi = None
        if hi is not None and sep_and and not between:
            return first_only
        plus = bool(m.group("plus"))
        mn, mx = self._bounds(lo, hi, qual, plus)
        if plus and not qual:
            qual = "+"
        return Quantity(mn, mx, qual, m.start(), m.end())


_UNIT = "one|two|three|four|five|six|seven|eight|nine"
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_TEEN = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_COMPOUND = rf"(?:{_TENS})[- ](?:{_UNIT})"
_HUNDREDS = rf"(?:a|{_UNIT})\s+hundred(?:\s+(?:and\s+)?(?:{_COMPOUND}|{_TENS}|{_TEEN}|{_UNIT}))?"
_EN_WORDS = "|".join([_HUNDREDS, _COMPOUND] + sorted((re.escape(k) for k in _SMALL), key=len,
                                                     reverse=True))  # fmt: skip


def _english_word(text: str) -> int | None:
    """ "thirty-one" -> 31, "two hundred and five" -> 205 (text2num), "a hundred" -> 100."""
    if text in _SMALL:
        return _SMALL[text]
    from text_to_num import text2num

    try:
        return int(text2num(re.sub(r"^a\s+", "one ", text), "en"))
    except ValueError:
        return None


ENGLISH = NumberGrammar(
    words=_EN_WORDS,
    vague=VAGUE,
    qualifiers=_QUALIFIERS,
    min_quals=_MIN_QUALS,
    max_quals=_MAX_QUALS,
    word_value=_english_word,
)
QUANTITY_RE = ENGLISH.pattern


def parse_number(text: str) -> int | None:
    """Parse one English number: "1,246", "11000", "1.5 million", "twenty"."""
    return ENGLISH.number(text)


def find_quantities(
    text: str, start: int = 0, end: int | None = None, grammar: NumberGrammar = ENGLISH
) -> Iterator[Quantity]:
    """Yield every quantity in ``text[start:end]`` with absolute offsets."""
    return grammar.find(text, start, end)
