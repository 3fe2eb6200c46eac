"""Country names (and common short forms and demonyms) to ISO 3166-1 alpha-2 codes, offline."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import pycountry

from ..textutil import fold, literal_alternation

__all__ = [
    "country_name",
    "country_named",
    "country_scores",
    "dominant_country",
    "find_country",
    "named_countries",
    "without_countries",
]

# Short forms in everyday English that pycountry's names do not cover.
_ALIASES = {
    "syria": "SY", "russia": "RU", "iran": "IR", "turkey": "TR", "türkiye": "TR",
    "bolivia": "BO", "venezuela": "VE", "tanzania": "TZ", "vietnam": "VN", "laos": "LA",
    "moldova": "MD", "north korea": "KP", "south korea": "KR", "czech republic": "CZ",
    "palestine": "PS", "gaza": "PS", "west bank": "PS", "ivory coast": "CI",
    "dr congo": "CD", "democratic republic of the congo": "CD",
    "republic of the congo": "CG", "kosovo": "XK", "burma": "MM", "myanmar": "MM",
    "east timor": "TL", "cape verde": "CV", "swaziland": "SZ", "macedonia": "MK",
    "united states": "US", "united kingdom": "GB",
    "britain": "GB", "great britain": "GB", "england": "GB", "scotland": "GB",
    "nagorno-karabakh": "AZ", "artsakh": "AZ", "crimea": "UA", "donbas": "UA",
    "central african republic": "CF", "south sudan": "SS", "brunei": "BN",
    "micronesia": "FM", "vatican": "VA", "taiwan": "TW", "the gambia": "GM",
}  # fmt: skip


# Short forms that are also common words ("car", "us"): matched only as written, in capitals.
_ACRONYMS = {"CAR": "CF", "US": "US", "U.S.": "US", "USA": "US", "UK": "GB", "DRC": "CD"}
_ACRONYM_RE = re.compile(r"(?<![\w-])(CAR|USA|US|U\.S\.|UK|DRC)(?![\w-])")


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
    return re.compile(r"(?<![\w-])(" + literal_alternation(_names()) + r")(?![\w-])")


@lru_cache(maxsize=1)
def _demonyms() -> dict[str, str]:
    """Folded demonym -> alpha-2, from ``data/demonyms.csv``."""
    text = resources.files("conflictkb.data").joinpath("demonyms.csv").read_text("utf-8")
    out: dict[str, str] = {}
    for line in text.splitlines()[1:]:
        code, _, words = line.partition(",")
        for word in words.split("|"):
            if word:
                out[fold(word)] = code
    return out


@lru_cache(maxsize=1)
def _demonym_pattern() -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])(" + literal_alternation(_demonyms()) + r")(?![\w])")


# "Russian-occupied Kherson", "Iran-backed militias", "US-based Human Rights Watch": the
# country named this way is not where the event is.
_NOT_HERE = re.compile(r"-(?:occupied|backed|led|controlled|held|supported|allied|based|"
                       r"sponsored|trained|funded|made|built|aligned|annexed)\b")  # fmt: skip
# "French forces", "Russian mercenaries": a nationality of foreign forces, not the event's country.
_FORCES = re.compile(
    r"\s+(?:special\s+)?(?:forces|troops|soldiers|army|military|jets|aircraft|"
    r"drones|mercenaries|contingent|peacekeepers|embassy|nationals|citizens|"
    r"hostages?|instructors|advisers|advisors|government|authorities|officials|"
    r"ministry|president|foreign minister)\b"
)

# "invasion of Ukraine", "the Syrian civil war", "war in Yemen": where the fighting is.
_THEATRE_AFTER = re.compile(r"\b(?:invasion|occupation|bombing|shelling|war|conflict|fighting|"
                            r"offensive|insurgency|crisis|clashes) (?:of|in) (?:the )?$")  # fmt: skip
_THEATRE_BEFORE = re.compile(r"^(?:-\w+ )?(?:civil war|revolution|conflict|insurgency|crisis|"
                             r"uprising|war\b(?! (?:against|on|with)))")  # fmt: skip


def _mentions(
    folded: str, raw: str = "", *, forces: bool = True
) -> list[tuple[str, int, int, bool]]:
    """(code, start, weight, is_name) of every country named or meant by a demonym.

    A name weighs 2, a demonym 1; "invasion of X", "war in X", "the X-ian civil war" weigh 3 more.
    Without ``forces``, a demonym of forces ("French troops") is no evidence. Capitalised short forms
    ("CAR", "US") are read from ``raw``, the text before folding.
    """
    out: list[tuple[str, int, int, bool]] = [
        (_ACRONYMS[m.group(1)], m.start(), 2, True)
        for m in _ACRONYM_RE.finditer(raw)
        if not _NOT_HERE.match(raw, m.end())
        and (forces or not _FORCES.match(raw.lower(), m.end()))  # not "13 US soldiers"
    ]
    for pattern, table, weight in ((_pattern(), _names(), 2), (_demonym_pattern(), _demonyms(), 1)):
        for m in pattern.finditer(folded):
            after = folded[m.end() : m.end() + 30]
            if _NOT_HERE.match(after) or (not forces and _FORCES.match(after)):
                continue
            if _THEATRE_AFTER.search(folded[max(0, m.start() - 30) : m.start()]) or (
                weight == 1 and _THEATRE_BEFORE.match(after.lstrip())
            ):
                weight_here = weight + 3
            else:
                weight_here = weight
            out.append((table[m.group(1)], m.start(), weight_here, weight == 2))
    return out


def country_named(name: str) -> str | None:
    """The alpha-2 code of the country ``name`` is (a name or short form, no other text)."""
    return _names().get(fold(name).strip())


def find_country(text: str, *, demonyms: bool = False) -> str | None:
    """The alpha-2 code of the last country named in ``text`` (the broadest part of a place)."""
    found = [m for m in _mentions(fold(text), text) if m[3] or demonyms]
    if not found:
        return None
    names = [m for m in found if m[3]]
    return max(names or found, key=lambda m: m[1])[0]


def named_countries(text: str) -> set[str]:
    """The countries ``text`` names by name (not by a nationality adjective, not inside an
    armed group's name such as "Islamic State of Iraq")."""
    folded = _ORG_NAMES.sub(" ", fold(text))  # nor "US soldiers":
    return {code for code, _s, _w, is_name in _mentions(folded, text, forces=False) if is_name}


def without_countries(folded: str) -> str:
    """Folded text with its country names and demonyms blanked out."""
    return _demonym_pattern().sub(" ", _pattern().sub(" ", folded))


def _evidence(text: str) -> tuple[dict[str, int], dict[str, int]]:
    """Per country: its score and the position of its first mention (group names left out).

    Nationalities of forces ("French forces", "Malian soldiers") count only when nothing else
    names a country: the forces may be foreign."""
    folded = _ORG_NAMES.sub(" ", fold(text))
    scores: dict[str, int] = {}
    first: dict[str, int] = {}
    for forces in (False, True):
        scores, first = {}, {}
        for code, start, weight, _name in _mentions(folded, text, forces=forces):
            scores[code] = scores.get(code, 0) + weight
            first.setdefault(code, start)
        if scores:
            break
    return scores, first


def country_scores(text: str) -> dict[str, int]:
    """Evidence per country in ``text``: names 2, demonyms 1, theatre phrases 3 more."""
    return _evidence(text)[0]


def dominant_country(text: str, extra: dict[str, int] | None = None) -> str | None:
    """The country with the most evidence in ``text`` (plus ``extra``); ties: named first."""
    scores, first = _evidence(text)
    for code, votes in (extra or {}).items():
        scores[code] = scores.get(code, 0) + votes
    if not scores:
        return None
    return max(scores, key=lambda k: (scores[k], -first.get(k, len(text) + 1)))


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
