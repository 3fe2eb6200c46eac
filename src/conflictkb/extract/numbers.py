"""Quantities as people write them: "2+", "~11,000", "31–94", "at least 30", "hundreds".

:func:`find_quantities` scans text and yields each quantity with its character offsets.
Vague quantities map to ranges by a fixed convention (docs/estimates.md, "Vague figures").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["Quantity", "find_quantities", "parse_number", "VAGUE"]

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
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?)(?![A-Za-z0-9])"
_SCALE = r"(?:\s*(?:million|thousand)\b)?"
_WORDNUM = "|".join(sorted((re.escape(k) for k in _SMALL), key=len, reverse=True))
_VAGUE = "|".join(
    sorted((re.escape(k).replace(r"\ ", r"\s+") for k in VAGUE), key=len, reverse=True)
)
_NUM = rf"(?:(?:{_DIGITS}){_SCALE}|\b(?:{_WORDNUM})\b)"
_RANGE_SEP = r"\s*(?:[–—‐-]|to|and)\s*"

QUANTITY_RE = re.compile(
    rf"(?P<qual>(?:(?<![\w])(?:{_QUALIFIERS}))\s*)?"
    rf"(?:(?<![\w\-/.])(?P<lo>{_NUM})(?:(?P<sep>{_RANGE_SEP})(?P<hi>{_NUM}))?(?P<plus>\s?\+)?"
    rf"|(?P<vague>\b(?:{_VAGUE})\b))",
    re.I,
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


def parse_number(text: str) -> int | None:
    """Parse one number: "1,246", "11000", "1.5 million", "twenty"."""
    t = " ".join(text.lower().split())
    if t in _SMALL:
        return _SMALL[t]
    m = re.fullmatch(r"([\d,]+(?:\.\d+)?)\s*(million|thousand)?", t)
    if m is None:
        return None
    digits = m.group(1).replace(",", "")
    try:
        value = float(digits)
    except ValueError:
        return None
    scale = {"million": 1_000_000, "thousand": 1000}.get(m.group(2) or "", 1)
    return int(round(value * scale))


def _bounds(lo: int, hi: int | None, qual: str | None, plus: bool) -> tuple[int | None, int | None]:
    if hi is not None:
        return lo, hi
    q = (qual or "").lower().rstrip()
    if plus or q in _MIN_QUALS:
        return lo, None
    if q in _MAX_QUALS:
        return None, lo
    return lo, lo


def find_quantities(text: str, start: int = 0, end: int | None = None) -> Iterator[Quantity]:
    """Yield every quantity in ``text[start:end]`` with absolute offsets."""
    end = len(text) if end is None else end
    for m in QUANTITY_RE.finditer(text, start, end):
        q = _from_match(m)
        if q is not None:
            yield q


def _from_match(m: re.Match[str]) -> Quantity | None:
    qual = " ".join(m.group("qual").split()) if m.group("qual") else None
    if m.group("vague"):
        key = " ".join(m.group("vague").lower().split())
        lo_v, hi_v = VAGUE[key]
        return Quantity(lo_v, hi_v, qual or key, m.start(), m.end())
    lo = parse_number(m.group("lo"))
    if lo is None:
        return None
    hi = parse_number(m.group("hi")) if m.group("hi") else None
    between = (qual or "").lower() == "between"
    if hi is not None and hi < lo:
        if m.group("sep") and m.group("sep").strip().lower() == "and":
            # "4 and 2": two figures, not a range; take the first only.
            return Quantity(lo, lo, qual, m.start(), m.start("lo") + len(m.group("lo")))
        hi = None
    if hi is not None and m.group("sep").strip().lower() == "and" and not between:
        return Quantity(lo, lo, qual, m.start(), m.start("lo") + len(m.group("lo")))
    plus = bool(m.group("plus"))
    mn, mx = _bounds(lo, hi, qual, plus)
    if plus and not qual:
        qual = "+"
    return Quantity(mn, mx, qual, m.start(), m.end())
