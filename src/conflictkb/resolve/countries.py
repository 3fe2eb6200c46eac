"""Country names (and common short forms and demonyms) to ISO 3166-1 alpha-2 codes, offline."""

from __future__ import annotations

import re
from functools import lru_cache

import pycountry

from ..textutil import fold

__all__ = ["country_name", "dominant_country", "find_country"]

# Short forms in everyday English that pycountry's names do not cover.
_ALIASES = {
    "syria": "SY", "russia": "RU", "iran": "IR", "turkey": "TR", "türkiye": "TR",
    "bolivia": "BO", "venezuela": "VE", "tanzania": "TZ", "vietnam": "VN", "laos": "LA",
    "moldova": "MD", "north korea": "KP", "south korea": "KR", "czech republic": "CZ",
    "palestine": "PS", "gaza": "PS", "west bank": "PS", "ivory coast": "CI",
    "dr congo": "CD", "democratic republic of the congo": "CD", "drc": "CD",
    "republic of the congo": "CG", "kosovo": "XK", "burma": "MM", "myanmar": "MM",
    "east timor": "TL", "cape verde": "CV", "swaziland": "SZ", "macedonia": "MK",
    "united states": "US", "usa": "US", "u.s.": "US", "united kingdom": "GB", "uk": "GB",
    "britain": "GB", "great britain": "GB", "england": "GB", "scotland": "GB",
    "nagorno-karabakh": "AZ", "artsakh": "AZ", "crimea": "UA", "donbas": "UA",
    "central african republic": "CF", "car": "CF", "south sudan": "SS", "brunei": "BN",
    "micronesia": "FM", "vatican": "VA", "taiwan": "TW", "the gambia": "GM",
}  # fmt: skip
_DEMONYMS = {
    "malian": "ML", "burkinabe": "BF", "burkinabé": "BF", "nigerien": "NE", "nigerian": "NG",
    "mauritanian": "MR", "chadian": "TD", "syrian": "SY", "iraqi": "IQ", "ukrainian": "UA",
    "russian": "RU", "armenian": "AM", "azerbaijani": "AZ", "afghan": "AF", "yemeni": "YE",
    "somali": "SO", "sudanese": "SD", "libyan": "LY", "lebanese": "LB", "turkish": "TR",
    "israeli": "IL", "palestinian": "PS", "congolese": "CD", "cameroonian": "CM",
    "ethiopian": "ET", "kenyan": "KE", "mozambican": "MZ", "french": "FR",
}  # fmt: skip


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    names: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value:
                names[fold(value)] = c.alpha_2
    names.update({fold(k): v for k, v in _ALIASES.items()})
    return names


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    keys = sorted(_names(), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(k) for k in keys) + r")(?![\w-])")


def find_country(text: str, *, demonyms: bool = False) -> str | None:
    """The alpha-2 code of the last country named in ``text`` (the broadest part of a place)."""
    folded = fold(text)
    found = [m.group(1) for m in _pattern().finditer(folded)]
    if found:
        return _names()[found[-1]]
    if demonyms:
        for word in re.findall(r"[\w']+", folded):
            if word in _DEMONYMS:
                return _DEMONYMS[word]
    return None


def dominant_country(text: str) -> str | None:
    """The country named (or named by its adjective) most often in ``text``; ties: first."""
    folded = _ORG_NAMES.sub(" ", fold(text))
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for m in _pattern().finditer(folded):
        code = _names()[m.group(1)]
        counts[code] = counts.get(code, 0) + 2  # a name counts twice an adjective
        first.setdefault(code, m.start())
    for m in re.finditer(r"[\w']+", folded):
        demonym = _DEMONYMS.get(m.group(0))
        if demonym:
            counts[demonym] = counts.get(demonym, 0) + 1
            first.setdefault(demonym, m.start())
    return max(counts, key=lambda k: (counts[k], -first[k])) if counts else None


# Country names inside the names of armed groups say nothing about where an event happened.
_ORG_NAMES = re.compile(
    r"islamic state (?:of|in) iraq and (?:the levant|syria|al-sham)|islamic state in iraq|"
    r"al-qaeda in iraq|islamic maghreb"
)


def country_name(alpha2: str) -> str | None:
    c = pycountry.countries.get(alpha_2=alpha2)
    if c is None:
        return "Kosovo" if alpha2 == "XK" else None
    return str(getattr(c, "common_name", None) or c.name)
