"""Place expressions of running text: the candidates for where an event happened.

A coder reads "in Boulkessi (Mondoro, Mopti)", "near Diffa", "between Koro and Dioungani",
"the village of Ogossagou, in the Mopti region", "à Moura, dans le centre du pays". Each such
expression is a :class:`~conflictkb.model.PlaceMention`: the name as written, its span, the cue
that introduced it, and the admin names written with it (the parenthetical, "in the X region"),
which the geocoder uses to choose among homonyms. Which mention is the event's place is scored
here from the sentence it stands in (a violence verb, the report's first lines) and decided
when the mentions are resolved (:mod:`conflictkb.resolve.textplace`).
"""

from __future__ import annotations

import re
from functools import cache

from ...model import PlaceMention, Span
from ..lexicon import Lexicon, PlaceGrammar

__all__ = ["place_mentions"]


_CAP = r"[A-ZÀ-Ý][\w'’.-]*"
_NAME_WORD = rf"(?:{_CAP}|(?:de|du|des|el|al|ag|in|n)(?=[ -][A-ZÀ-Ý]))"


@cache
def _patterns(g: PlaceGrammar) -> tuple[re.Pattern[str], re.Pattern[str]]:
    name = rf"{_CAP}(?:[ -]{_NAME_WORD}){{0,3}}"
    art = rf"(?:(?:{g.articles})\s+|l['’])?"
    noun = rf"(?:{art}(?:{g.nouns})s?\s+(?:{g.of})\s*)?"
    cue = rf"(?:(?P<cue>{g.between}|{g.preps})\s+{art}(?:[\w-]+\s+){{0,2}}?{noun}|"
    cue += rf"(?P<noun>(?:{g.nouns}))s?\s+(?:{g.of})\s*)"
    main = re.compile(
        rf"\b{cue}(?P<name>{name})"
        rf"(?:\s+(?P<after>{g.nouns})\b)?"
        rf"(?:\s+(?:{g.and_})\s+{art}{noun}(?P<name2>{name}))?"
        rf"(?:\s*\((?P<paren>[^()\n]{{2,80}})\))?"
        rf"(?:,?\s+(?:{g.preps})\s+{art}(?:(?:{g.region})\s+(?:{g.of})\s*)?(?P<admin>{name})"
        rf"(?:\s+(?:{g.region}))?)?"
    )
    paren = re.compile(rf"(?P<name>{name})(?:\s+(?:{g.sites}))?\s+\((?P<paren>{_CAP}(?:[ -]{_NAME_WORD}){{0,2}}"
                       rf"(?:,\s*{_CAP}(?:[ -]{_NAME_WORD}){{0,2}}){{0,2}})\)")  # fmt: skip
    return main, paren


def _admins(paren: str | None, admin: str | None) -> tuple[str, ...]:
    out = [p.strip() for p in (paren or "").split(",") if p.strip()]
    if admin:
        out.append(admin)
    return tuple(out)


def _is_region(noun: str | None, after: str | None, g: PlaceGrammar) -> bool:
    return any(w and re.fullmatch(rf"(?:{g.region})s?", w, re.I) for w in (noun, after))


def _clean(name: str, g: PlaceGrammar) -> str | None:
    words = name.split()
    while words and words[-1].lower().strip(".") in g.not_places:
        words.pop()
    while words and words[0].lower().strip(".") in g.not_places:
        words.pop(0)
    text = " ".join(words).strip(" .,'’-")
    return text if len(text) >= 2 and text[0].isupper() else None


def place_mentions(text: str, start: int, end: int, lex: Lexicon) -> list[PlaceMention]:
    """The place expressions of ``text[start:end]`` (one sentence), spans into ``text``."""
    g = lex.places
    main, paren = _patterns(g)
    out: list[PlaceMention] = []
    taken: list[tuple[int, int]] = []
    near_re = re.compile(rf"^(?:{g.near})$", re.I)
    for m in main.finditer(text, start, end):
        cue = (m.group("cue") or m.group("noun")).lower()
        for key in ("name", "name2"):
            raw = m.group(key)
            name = _clean(raw, g) if raw else None
            if name is None:
                continue
            a = m.start(key) + raw.find(name)
            out.append(PlaceMention(
                name=name, span=Span(a, a + len(name)), cue=cue,
                admins=_admins(m.group("paren"), m.group("admin")),
                near=bool(near_re.match(cue)) or re.match(g.between, cue, re.I) is not None,
                admin_level=key == "name" and _is_region(m.group("noun"), m.group("after"), g),
            ))  # fmt: skip
            taken.append((a, a + len(name)))
    for m in paren.finditer(text, start, end):  # "Boulkessi (Mondoro, Mopti)" with no cue
        a, b = m.span("name")
        if any(x <= a < y or x < b <= y for x, y in taken):
            continue
        name = _clean(m.group("name"), g)
        if name is not None:
            a = m.start("name") + m.group("name").find(name)
            out.append(PlaceMention(name=name, span=Span(a, a + len(name)), cue="(",
                                    admins=_admins(m.group("paren"), None)))  # fmt: skip
    return sorted(out, key=lambda p: p.span.start)
