"""What differs between languages, in one place per language behind one interface.

A :class:`Lexicon` holds the words and cue patterns the extractors read: casualty words, number
words and qualifiers, attribution cues, month and weekday names, dates relative to publication,
timeline cues. The extractors' rules are shared; they take the lexicon of the document's
language. English (:mod:`.en`) is the default; French (:mod:`.fr`) is the second language.
Month and weekday names come from dateparser's locale data, so they are not written twice.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache, cached_property

from ...textutil import first_char_guard
from ..numbers import NumberGrammar

__all__ = [
    "PROTEST_ACTS",
    "REMOTE_ACTS",
    "SUPPORTED",
    "VIOLENT_ACTS",
    "Lexicon",
    "PlaceGrammar",
    "RelativeDate",
    "calendar_words",
    "lexicon_for",
    "relatives",
]

# Names of the acts of ``Lexicon.acts`` and ``Lexicon.verb_acts``, by what they say of an event.
REMOTE_ACTS = frozenset({"air", "artillery", "explosive", "suicide", "grenade", "chemical"})
VIOLENT_ACTS = REMOTE_ACTS | {"attack", "ambush", "clash", "kill", "wound", "abduct", "sexual"}
PROTEST_ACTS = frozenset({"protest", "riot"})

# (start, end, UCDP precision) of a period named relative to the publication date
PeriodFn = Callable[[date], tuple[date, date, int]]


@dataclass(frozen=True)
class RelativeDate:
    """An expression dated from the publication date ("yesterday", "last week", "hier")."""

    pattern: re.Pattern[str]
    period: PeriodFn


def relatives(*pairs: tuple[str, PeriodFn]) -> tuple[RelativeDate, ...]:
    """Relative-date expressions from (regex, period) pairs, matched case-insensitively."""
    return tuple(RelativeDate(re.compile(rf"\b(?:{p})\b", re.I), f) for p, f in pairs)


@dataclass(frozen=True)
class PlaceGrammar:
    """The words of place expressions in one language (regex alternations)."""

    preps: str  # "in|at|near|outside|..." (the cue before a place name)
    near: str  # the cues of a place close to, not at, the name ("near", "outside")
    nouns: str  # "village|town|city|..." in "the village of X" / "X village"
    of: str  # "of" / "de|d'|du"
    between: str  # "between" / "entre"
    and_: str  # "and" / "et"
    region: str  # "region|province|..." after a name: ", in the Mopti region"
    articles: str  # "the" / "le|la|les|l'"
    not_places: frozenset[str]  # capitalised words that start no place name ("The", "Monday")
    sites: str = r"airport|market|mosque|church|camp|base|bridge|dam|mine|school|hospital"


@dataclass(frozen=True)
class Lexicon:
    code: str  # ISO 639-1
    model: str  # the spaCy pipeline package
    numbers: NumberGrammar
    kinds: dict[str, str]  # casualty word -> property
    cue_before: re.Pattern[str]  # "X said": the claimant stands before the cue
    cue_after: re.Pattern[str]  # "according to X": the claimant follows
    carry: re.Pattern[str]  # "It said": the previous sentence's claimant goes on
    filler: frozenset[str]  # words between a figure and its kind word
    stop: frozenset[str]  # words that end the victims' phrase
    kind_before: re.Pattern[str]  # "killing 30", "ont tué 203": the kind word before the figure
    kind_stems: tuple[tuple[str, str], ...]  # stem of that word -> property
    speaker: re.Pattern[str]  # "the army said", "selon des témoins": speakers that are no entity
    toll: re.Pattern[str]  # "the death toll rose to", "le bilan s'élève à"
    toll_kinds: dict[str, str]
    listed: re.Pattern[str]  # "11 soldiers, 8 civilians and 22 militants were killed"
    not_people: re.Pattern[str]  # units and things a figure may count instead of people
    clause_and: str  # regex of a clause-joining "and"
    by: str  # regex of the word before a perpetrator ("by", "par")
    month_words: dict[str, int]
    weekday_words: dict[str, int]  # Monday = 0
    relative: tuple[RelativeDate, ...]  # dated from publication
    weekday_cue: str  # regex before/after a weekday that makes it a date ("on", "last", "dernier")
    vague_parts: dict[str, str]  # "early" / "début" -> early, mid, late
    timeline_kinds: tuple[tuple[str, str], ...]  # (kind, regex), first match wins
    reporting_verb: re.Pattern[str]  # a date right after it dates the statement, not the event
    places: PlaceGrammar  # place expressions ("in X (Y, Z)", "between X and Y")
    verb_acts: tuple[tuple[str, str], ...]  # (act, regex a verb token matches in full)
    acts: tuple[tuple[str, str], ...]  # (act, regex searched in a sentence): weapons, cues
    generic_actors: tuple[tuple[str, str], ...]  # (regex over a noun phrase, generic kind)
    singular: tuple[re.Pattern[str], ...]  # "killed a civilian", "an officer was wounded"
    persons: frozenset[str]  # nouns of one person a singular victim may be ("civilian", "chef")
    speaker_after: re.Pattern[str]  # "according to the army": a speaker that is no entity
    background: re.Pattern[str]  # "700 dead since 2015": a figure of other events
    breakdown: re.Pattern[str]  # "(including 3 soldiers)": part of the figure before it
    use_parse: bool = False  # the dependency rules of .narrative.syntax are written for English
    ruler_first: bool = False  # registry names tagged before the parse (the small French model
    # splits sentences inside names such as "Dan Na Ambassagou")
    inverted_anywhere: bool = False  # "rapporte le HCDH": a speaker after its verb, no comma needed
    kind_word: Callable[[str, str], tuple[str, int] | None] | None = None  # word, following text
    # Words near which the statistical recogniser may find an entity of no capitalised word
    # (DATE "the next day", TIME "overnight", MONEY, PERCENT, ORDINAL "the third"): None when
    # the model has no such labels (French). See ..narrative.select.
    lowercase_entity_cues: re.Pattern[str] | None = None

    @cached_property
    def act_patterns(self) -> tuple[tuple[str, re.Pattern[str]], ...]:
        """:attr:`acts` compiled (case-insensitive), once per lexicon, each led by a lookahead
        for its first characters (:func:`first_char_guard`: the same matches, a third faster)."""
        return tuple((act, first_char_guard(re.compile(p, re.I))) for act, p in self.acts)

    @cached_property
    def _verb_act_pattern(self) -> re.Pattern[str]:
        return re.compile("|".join(f"(?P<v{i}>{p})" for i, (_, p) in enumerate(self.verb_acts)),
                          re.I)  # fmt: skip

    def verb_act(self, word: str) -> str | None:
        """The act of the first of :attr:`verb_acts` that ``word`` matches in full (one pass:
        an alternation tries its branches in order, as a loop over the patterns would)."""
        m = self._verb_act_pattern.fullmatch(word)
        return self.verb_acts[int(m.lastgroup[1:])][0] if m and m.lastgroup else None

    @cached_property
    def generic_actor_patterns(self) -> tuple[tuple[re.Pattern[str], str], ...]:
        """:attr:`generic_actors` compiled (as written: case-sensitive), once per lexicon."""
        return tuple((re.compile(p), kind) for p, kind in self.generic_actors)

    @cached_property
    def violence(self) -> re.Pattern[str]:
        """One pattern for the acts that make a sentence one of the event's: violence,
        protests, looting and arrests."""
        wanted = VIOLENT_ACTS | PROTEST_ACTS | {"loot", "arrest"}
        return re.compile("|".join(f"(?:{p})" for a, p in self.acts if a in wanted), re.I)

    def kind_of(self, word: str, following: str) -> tuple[str, int] | None:
        """The property a kind word stands for and how many following characters it spans."""
        if self.kind_word is not None:
            return self.kind_word(word, following)
        prop = self.kinds.get(word.lower().rstrip("."))
        return (prop, 0) if prop else None


SUPPORTED = ("en", "fr")


@cache
def lexicon_for(code: str) -> Lexicon:
    """The lexicon of a supported language (raises KeyError for others)."""
    if code == "en":
        from .en import ENGLISH

        return ENGLISH
    if code == "fr":
        from .fr import FRENCH

        return FRENCH
    raise KeyError(code)


@cache
def calendar_words(code: str) -> tuple[dict[str, int], dict[str, int]]:
    """Month names (-> 1..12) and weekday names (-> 0..6) of a language, from dateparser."""
    from dateparser.languages.loader import default_loader

    info = default_loader.get_locale(code).info
    months_en = ["january", "february", "march", "april", "may", "june", "july", "august",
                 "september", "october", "november", "december"]  # fmt: skip
    days_en = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    months = {w.lower(): i + 1 for i, m in enumerate(months_en) for w in info.get(m, [])
              if len(w) >= 3}  # fmt: skip
    days = {w.lower(): i for i, d in enumerate(days_en) for w in info.get(d, []) if len(w) >= 5}
    return months, days
