"""Which sentences the statistical entity recogniser reads (issue 17).

The recogniser is over half of spaCy's time in this pipeline (it has its own embedding layers),
and most sentences of a long article hold nothing it is read for. What reads its entities:

- a timeline entry's actors, and the dates a figure must not be taken for: a dated sentence;
- a claim's claimant and perpetrator, and the figures that are dates, money or ordinals: a
  sentence with a figure and a casualty word, or with a singular victim ("killed a civilian");
- the claimant that the next sentence carries on ("It said"): a sentence with an attribution
  cue whose next sentence carries it (or that ends its paragraph).

Every test is one of the extractors' own text patterns (for dates, every form the resolver
reads, whatever the running context would make of it). Context sections ("Background") give
only timeline entries, so only their dated sentences are read. Everywhere else the entities are
the registry's (the entity rulers'). That is all that actor mentions, the lead's deeds (who
did what to whom) and the places of undated sentences read: the statistical labels add a
registry actor only where the rulers already found it, and would only leave out of the places a
name read as a date (4 place expressions of the 106 corpus articles are, all in dated
sentences).

Of the sentences chosen for a claim or an attribution (not for a date), the recogniser reads
only those where the registry is not enough: a capitalised word that no registry entity covers
(a sentence's first word counts only when it is no common word: "Malian soldiers", not
"Twelve soldiers"), or a word near which it finds entities of no capitalised word (the
lexicon's ``lowercase_entity_cues``: "the next day", "aged 30", "$5", "the third"). Without
one, all it can add is a cardinal, which nothing reads: "12 civilians were killed and 3 others
wounded, local sources said" keeps the registry's entities.

The recogniser reads each run of chosen sentences with :data:`MARGIN` tokens of context each
side; on the corpus and the report fixtures the records are the same as with the recogniser on
every paragraph (a slow test compares them field by field).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

from spacy.tokens import Doc, Span
from spacy.util import get_lang_class

from ..lexicon import Lexicon, lexicon_for
from .claims import attributes, may_hold_claim
from .roles import doc_text
from .timeexpr import holds_date

__all__ = ["MARGIN", "needing_entities", "recognise", "registry_enough"]

MARGIN = 4  # tokens of context each side of a run: the recogniser's window (4 layers of 1)


_WORD = re.compile(r"\w[\w'’.-]*")


@cache
def _common(lang: str) -> frozenset[str]:
    """Words a sentence may start with, capitalised, that start no name: the language's stop
    words, the casualty words and the nouns of one person."""
    lex = lexicon_for(lang)
    words = get_lang_class(lang).Defaults.stop_words
    return frozenset(w.lower() for w in (*words, *lex.kinds, *lex.persons))


def registry_enough(text: str, start: int, end: int, named: Sequence[tuple[int, int]],
                    lex: Lexicon) -> bool:  # fmt: skip
    """Whether the registry's entities (``named``: character spans) are all the recogniser
    could give ``text[start:end]`` that is read: no capitalised word outside them but a common
    first word, and no word near which it finds entities of no capitalised word."""
    cues = lex.lowercase_entity_cues
    if cues is not None and cues.search(text, start, end):
        return False
    first = True
    for m in _WORD.finditer(text, start, end):
        word, at = m.group(0), m.start()
        if not word.islower() and not word[0].isdigit() and not any(a <= at < b for a, b in named):
            if not (first and word.lower().rstrip(".") in _common(lex.code)):
                return False
        first = False
    return True


def _one(text: str, start: int, end: int, role: str, carried: bool, lex: Lexicon,
         named: Sequence[tuple[int, int]] | None) -> bool:  # fmt: skip
    if holds_date(text, start, end, lex):
        return True
    if role == "context":
        return False
    wanted = may_hold_claim(text, start, end, lex) or (carried and attributes(text[start:end], lex))
    return wanted and (named is None or not registry_enough(text, start, end, named, lex))


def needing_entities(text: str, sentences: list[tuple[int, int]], role: str, lex: Lexicon,
                     named: Sequence[tuple[int, int]] | None = None) -> list[bool]:  # fmt: skip
    """For each sentence ``text[start:end]`` of one paragraph of a section with ``role``
    (lead, context, body): whether it may give a record that reads the statistical entities.
    With ``named``, the character spans of the registry's entities in the paragraph, a claim's
    or an attribution's sentence that they are enough for (:func:`registry_enough`) does not."""
    out = []
    for i, (start, end) in enumerate(sentences):
        nxt = sentences[i + 1] if i + 1 < len(sentences) else None
        carried = nxt is None or lex.carry.match(text[nxt[0] : nxt[1]]) is not None
        out.append(_one(text, start, end, role, carried, lex, named))
    return out


def _runs(sdoc: Doc, role: str, lex: Lexicon) -> list[tuple[int, int]]:
    """Token ranges of the runs of sentences that need the recogniser."""
    sents = list(sdoc.sents)
    bounds = [(s.start_char, s.end_char) for s in sents]
    named = [(e.start_char, e.end_char) for e in sdoc.ents]  # the registry's: no recogniser yet
    wanted = needing_entities(doc_text(sdoc), bounds, role, lex, named)
    out: list[tuple[int, int]] = []
    for sent, want in zip(sents, wanted, strict=True):
        if not want:
            continue
        if out and out[-1][1] == sent.start:
            out[-1] = (out[-1][0], sent.end)
        else:
            out.append((sent.start, sent.end))
    return out


def recognise(ner: Any, docs: Iterable[tuple[str, Doc]], lex: Lexicon, batch: int) -> None:
    """Run the recogniser ``ner`` over the runs of sentences of the parsed paragraphs ``docs``
    ((section role, paragraph)) that need it, a paragraph whose every sentence does as it is,
    and set what it finds on the paragraphs beside the registry's entities."""
    whole: list[Doc] = []
    parts: list[tuple[Doc, int, int, int, Doc]] = []  # paragraph, run, window start, window
    for role, sdoc in docs:
        runs = _runs(sdoc, role, lex)
        if runs == [(0, len(sdoc))]:
            whole.append(sdoc)
            continue
        for a, b in runs:
            lo, hi = max(0, a - MARGIN), min(len(sdoc), b + MARGIN)
            parts.append((sdoc, a, b, lo, sdoc[lo:hi].as_doc()))
    for _ in ner.pipe(whole, batch_size=batch):
        pass
    windows = ner.pipe((p[4] for p in parts), batch_size=batch)
    for (sdoc, a, b, lo, _), found in zip(parts, windows, strict=True):
        _merge(sdoc, found, lo, a, b)


def _merge(sdoc: Doc, found: Doc, lo: int, a: int, b: int) -> None:
    """Set on ``sdoc`` the entities of the window ``found`` (from token ``lo``) that touch the
    run ``a``..``b`` and no entity it has."""
    taken = {i for e in sdoc.ents for i in range(e.start, e.end)}
    new = []
    for e in found.ents:
        s, t = lo + e.start, lo + e.end
        if t > a and s < b and not taken.intersection(range(s, t)):
            new.append(Span(sdoc, s, t, label=e.label))
            taken.update(range(s, t))
    if new:
        sdoc.set_ents(new, default="unmodified")
