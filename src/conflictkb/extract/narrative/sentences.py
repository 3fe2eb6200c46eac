"""Sentences whose text and entities are read once.

spaCy's ``Span.text`` joins the span's tokens and ``Span.ents`` rebuilds every entity of the
whole paragraph, on each use; the rules read both several times per sentence. A
:class:`Sentence` is the same span with the two computed once, from the paragraph's text and
entity list (the same values: a span's text is its paragraph's text between its offsets).
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span

__all__ = ["Sentence", "sentences"]


class Sentence(Span):
    """A :class:`spacy.tokens.Span` with its text and entities kept."""

    @property
    def text(self) -> str:
        return self.__dict__["_text"]  # type: ignore[no-any-return]

    @property
    def ents(self) -> list[Span]:  # type: ignore[override]
        return self.__dict__["_ents"]  # type: ignore[no-any-return]


def sentences(sdoc: Doc, text: str) -> Iterator[Sentence]:
    """The sentences of a parsed paragraph whose text is ``text``."""
    ents = list(sdoc.ents)
    first = 0
    for s in sdoc.sents:
        out = Sentence(sdoc, s.start, s.end)
        while first < len(ents) and ents[first].start < s.start:
            first += 1
        own: list[Span] = []
        for e in ents[first:]:  # as Span.ents: those wholly inside, up to one running out
            if e.end > s.end:
                break
            own.append(e)
        out.__dict__["_text"] = text[s.start_char : s.end_char]
        out.__dict__["_ents"] = own
        yield out
