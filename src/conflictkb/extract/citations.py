"""Citations to claims: a reference supports the figure (or sentence) it follows.

For an infobox figure: the ``<ref>``s placed after it and before the next figure of the same
value; if a value's references all come at its end, they support every figure of the value.
For a narrative figure: the references after it, up to the end of its sentence.
"""

from __future__ import annotations

from ..model import Citation, Claim, ClaimOrigin, Document, Event

__all__ = ["citations_step"]


def _refs(doc: Document) -> list[tuple[int, int, list[Citation]]]:
    out = []
    for key, cites in doc.citations.items():
        a, b = (int(x) for x in key.split(":"))
        out.append((a, b, cites))
    return sorted(out, key=lambda r: r[0])


def _infobox_window(doc: Document, claim: Claim, claims: list[Claim]) -> tuple[int, int] | None:
    field = next((f for f in doc.infobox if f.span.start <= claim.span.start < f.span.end), None)
    if field is None:
        return None
    later = [
        c.span.start
        for c in claims
        if claim.span.end <= c.span.start < field.span.end and c is not claim
    ]
    return claim.span.start, min(later, default=field.span.end)


def _sentence_end(text: str, pos: int) -> int:
    for i in range(pos, min(len(text), pos + 1500)):
        if text[i] in ".\n" and (i + 1 >= len(text) or text[i + 1] in " \n<"):
            j = i + 1
            while j < len(text) and text.startswith("<ref", j):
                close = text.find("</ref>", j)
                slash = text.find("/>", j)
                ends = [
                    e
                    for e in (close + 6 if close >= 0 else -1, slash + 2 if slash >= 0 else -1)
                    if e > j
                ]
                if not ends:
                    break
                j = min(ends)
            return j
    return min(len(text), pos + 1500)


def citations_step(doc: Document, event: Event) -> None:
    """Attach the citations a document carries to the claims they follow."""
    refs = _refs(doc)
    if not refs:
        return
    infobox_claims = [c for c in event.claims if c.origin is ClaimOrigin.INFOBOX]
    for c in event.claims:
        if c.origin is ClaimOrigin.INFOBOX:
            window = _infobox_window(doc, c, infobox_claims)
        else:
            window = (c.span.end, _sentence_end(doc.text, c.span.end))
        if window is None:
            continue
        lo, hi = window
        found = [cite for a, _b, cites in refs if lo <= a < hi for cite in cites]
        if not found and c.origin is ClaimOrigin.INFOBOX:
            field = next(f for f in doc.infobox if f.span.start <= c.span.start < f.span.end)
            found = [
                cite for a, _b, cites in refs if c.span.end <= a < field.span.end for cite in cites
            ]
        seen = {x.url for x in c.citations}
        for cite in found:
            if cite.url not in seen:
                c.citations.append(cite)
                seen.add(cite.url)
