"""Infobox casualty and strength values to claims.

A value such as ``Per Armenian sources:, 91 troops killed (11 non-combat), 123 wounded,
Azerbaijani claim:, 560 soldiers killed`` is read left to right:

* items are separated by commas and semicolons outside parentheses;
* an item that is a claimant heading (``Per X:``, ``X claim:``, ``X sources:``) sets the claimant
  of the figures that follow, until the next heading;
* a parenthetical right after a figure (``(per SOHR)``, ``(UN)``, ``(YPG claim)``) names the
  claimant of the figures since the last attributed one; other parentheticals are kept as notes;
* a figure is a quantity, the victims as stated and the kind (killed, wounded, captured ...);
* an item with words but no figure ("Unknown", "Heavy", "many wounded") is an unparsed claim.

Every claim keeps the span of its own words in the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Claim, ClaimOrigin, Span, VictimCategory
from .numbers import QUANTITY_RE, Quantity, find_quantities
from .vocab import equipment_noun, kind_of, normalise_category

__all__ = ["EXTRACTOR", "VERSION", "parse_figures"]

EXTRACTOR = "infobox-casualties"
VERSION = "1"

_HEADING = re.compile(
    r"^\s*(?:(?:per|according\s+to)\s+(?P<per>.+?)|(?P<who>.+?)\s+(?P<tag>claims?|sources?|"
    r"estimates?|figures?|reports?))\s*:?\s*$",
    re.I,
)
_MODE_HEADING = re.compile(r"^\s*(units|equipment|materiel|vehicles)\s*:\s*$", re.I)
_PAREN_CLAIMANT = re.compile(
    r"^\s*(?:(?:per|according\s+to|source:?)\s+(?P<per>[^;,]+?)|(?P<who>[^;,]+?)\s+"
    r"(?:claims?|estimates?|figures?|sources?|reports?))\s*(?:[;,]\s*(?P<rest>.*))?$",
    re.I,
)
_YEAR_LABEL = re.compile(r"^\s*(1[89]\d\d|20\d\d)(\s*[–-]\s*(1[89]\d\d|20\d\d))?\s*:")


@dataclass
class _State:
    claimant: str | None = None
    materiel: bool = False
    pending: list[Claim] = field(default_factory=list)  # figures waiting for a claimant


def parse_figures(
    value: str,
    offset: int,
    *,
    prop_hint: str,
    side: int | None,
    document_id: str | None = None,
) -> list[Claim]:
    """Parse an infobox value (``casualties`` or ``strength``) into claims.

    ``offset`` is where ``value`` starts in the document text; ``prop_hint`` is ``"casualties"``
    or ``"strength"``.
    """
    state = _State()
    claims: list[Claim] = []
    for start, end in _items(value):
        item = value[start:end]
        stripped = item.strip(" :")
        if not stripped:
            continue
        if _MODE_HEADING.match(item):
            state.materiel = True
            continue
        heading = _heading_claimant(item)
        if heading is not None:
            state.claimant, state.materiel, state.pending = heading, False, []
            continue
        if stripped.startswith("(") and stripped.endswith(")"):
            _attach_parenthetical(state, stripped[1:-1])
            continue
        found = _figures_in_item(value, start, end, state, prop_hint)
        if not found:
            found = [_unparsed(value, start, end, prop_hint)]
            tail = re.search(r"\(([^()]*)\)\s*$", item)
            if tail is not None:
                state.pending.extend(found)
                _attach_parenthetical(state, tail.group(1))
        for c in found:
            if c.claimant is None and state.claimant is not None:
                c.claimant = state.claimant
        claims.extend(found)
    for c in claims:
        c.span = c.span.shifted(offset)
        c.side = side
        c.document_id = document_id
    return claims


def _items(value: str) -> list[tuple[int, int]]:
    """Split at commas/semicolons outside parentheses; keep offsets."""
    out: list[tuple[int, int]] = []
    depth, start = 0, 0
    for i, ch in enumerate(value):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif ch in ",;" and depth == 0 and not _digit_comma(value, i):
            out.append((start, i))
            start = i + 1
    out.append((start, len(value)))
    return [(s, e) for s, e in out if value[s:e].strip()]


def _digit_comma(value: str, i: int) -> bool:
    """A comma inside a number such as 1,246."""
    return (
        value[i] == ","
        and i > 0
        and value[i - 1].isdigit()
        and value[i + 1 : i + 4].isdigit()
        and not value[i + 4 : i + 5].isdigit()
    )


def _heading_claimant(item: str) -> str | None:
    s = item.strip()
    if not s.endswith(":"):
        return None
    body = s.rstrip(": ")
    if re.search(r"\d", body):
        return None
    m = _HEADING.match(body)
    if m is None:
        return None
    return clean_claimant(m.group("per") or m.group("who"))


def clean_claimant(text: str) -> str:
    t = " ".join(text.split()).strip(" :,.()")
    t = re.sub(r"^(?:the)\s+", "", t, flags=re.I)
    return t


def _attach_parenthetical(state: _State, inner: str) -> str | None:
    """Give the pending figures a claimant named in ``inner``; return the claimant or None."""
    who = _paren_claimant(inner)
    if who is None:
        return None
    for c in state.pending:
        if c.claimant is None:
            c.claimant = who
    state.pending = []
    return who


def _paren_claimant(inner: str) -> str | None:
    s = inner.strip()
    m = _PAREN_CLAIMANT.match(s)
    if m is not None:
        return clean_claimant(m.group("per") or m.group("who"))
    words = s.split()
    if 0 < len(words) <= 5 and not re.search(r"\d", s) and all(w[0].isupper() for w in words):
        return clean_claimant(s)  # "(UN)", "(SOHR)", "(Syrian Observatory)"
    return None


def _figures_in_item(
    value: str, start: int, end: int, state: _State, prop_hint: str
) -> list[Claim]:
    if _YEAR_LABEL.match(value[start:end]):
        start += _YEAR_LABEL.match(value[start:end]).end()  # type: ignore[union-attr]
    quantities = [q for q in find_quantities(value, start, end) if not _is_year(value, q)]
    outside = [q for q in quantities if not _inside_parens(value, start, q.start)]
    # "Unknown (50 Afghan fighters killed)": the only figures are in brackets; read those.
    quantities = outside or quantities
    claims: list[Claim] = []
    for i, q in enumerate(quantities):
        stop = quantities[i + 1].start if i + 1 < len(quantities) else end
        claim = _figure(value, q, stop, start, state, prop_hint)
        claims.append(claim)
        state.pending.append(claim)
        paren = _following_paren(value, claim.span.end, stop)
        if paren is not None:
            p_start, p_end = paren
            who = _attach_parenthetical(state, value[p_start + 1 : p_end - 1])
            if who is None:
                claim.note = value[p_start + 1 : p_end - 1].strip()
            claim.span = Span(claim.span.start, p_end)
            claim.text = value[claim.span.start : claim.span.end]
    return claims


def _is_year(value: str, q: Quantity) -> bool:
    if q.min is None or q.min != q.max or not (1900 <= q.min <= 2099) or q.qualifier:
        return False
    return "," not in value[q.start : q.end]


def _inside_parens(value: str, item_start: int, pos: int) -> bool:
    seg = value[item_start:pos]
    return seg.count("(") > seg.count(")")


def _following_paren(value: str, pos: int, stop: int) -> tuple[int, int] | None:
    m = re.compile(r"\s*\(([^()]*)\)").match(value, pos)
    if m is None or m.start(1) > stop + 1:
        return None
    return m.start() + (len(m.group(0)) - len(m.group(0).lstrip())), m.end()


_TAIL_WORDS = re.compile(r"[A-Za-z][\w'’\-\.]*|\*")


def _figure(
    value: str, q: Quantity, stop: int, item_start: int, state: _State, prop_hint: str
) -> Claim:
    """Read the words after a quantity: victims as stated, then the kind."""
    tail_end = value.find("(", q.end, stop)
    tail_end = stop if tail_end == -1 else tail_end
    words = list(_TAIL_WORDS.finditer(value, q.end, tail_end))[:8]
    desc: list[str] = []
    kind: str | None = None
    end = q.end
    for w in words:
        token = w.group(0)
        k = kind_of(token, value[w.end() : w.end() + 14])
        if k is not None:
            kind, end = k[0], w.end() + k[1]
            break
        if token.lower() in _STOP_WORDS:
            break
        desc.append(token)
        end = w.end()
        if len(desc) >= 4:
            break
    if kind is None:
        before = kind_of_before(value, item_start, q.start)
        kind = before
        if not desc:
            end = q.end
    category = " ".join(d for d in desc if d.lower() not in _FILLER) or None
    prop = _property(kind, category, prop_hint, state.materiel)
    return Claim(
        property=prop,
        min=q.min,
        max=q.max,
        qualifier=q.qualifier,
        text=value[q.start : end],
        span=Span(q.start, end),
        origin=ClaimOrigin.INFOBOX,
        extractor=EXTRACTOR,
        extractor_version=VERSION,
        category=category,
        category_norm=normalise_category(category)
        if prop != "materiel"
        else VictimCategory.UNKNOWN,
        note=None
        if kind or prop not in ("deaths", "injured") or prop_hint == "strength"
        else f"kind not stated; read as {'injured' if prop == 'injured' else 'killed'}",
    )


_STOP_WORDS = {"in", "on", "by", "at", "during", "from", "per", "since", "and", "or", "total",
               "including", "with", "inside", "near", "for"}  # fmt: skip
_FILLER = {"of", "were", "was", "have", "has", "been", "are", "had", "the"}


def kind_of_before(value: str, item_start: int, pos: int) -> str | None:
    """A kind written before the figure: "lost 173 soldiers", "killing 12"."""
    words = _TAIL_WORDS.findall(value, item_start, pos)[-3:]
    for w in reversed(words):
        k = kind_of(w, "")
        if k is not None:
            return k[0]
    if any(w.lower() == "lost" for w in words):
        return "deaths"
    return None


def _property(kind: str | None, category: str | None, hint: str, materiel: bool) -> str:
    if materiel or (category and equipment_noun(category)):
        return "materiel"
    if kind is not None:
        return kind
    return {"strength": "strength", "injuries": "injured"}.get(hint, "deaths")


def _unparsed(value: str, start: int, end: int, hint: str) -> Claim:
    raw = value[start:end]
    lead = len(raw) - len(raw.lstrip(" :"))
    text = raw.strip(" :")
    s = start + lead
    kind = None
    for w in _TAIL_WORDS.findall(text):
        k = kind_of(w, "")
        if k is not None:
            kind = k[0]
            break
    prop = kind or {"strength": "strength", "injuries": "injured"}.get(hint, "casualties")
    return Claim(
        property=prop,
        min=None,
        max=None,
        text=text,
        span=Span(s, s + len(text)),
        origin=ClaimOrigin.INFOBOX,
        extractor=EXTRACTOR,
        extractor_version=VERSION,
        parsed=False,
    )


# Re-exported for the narrative extractor.
QUANTITY = QUANTITY_RE
