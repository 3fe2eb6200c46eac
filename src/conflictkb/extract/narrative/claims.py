"""Casualty claims from sentences: the figure, what was counted, who says so, who did it.

A figure is a quantity with a kind word close by ("over 300 civilians had been killed",
"killing at least two white soldiers", "detained and interrogated hundreds of civilian men").
The claimant comes from attribution cues in the sentence (according to X, X said / reported /
stated / announced / claimed / documented that, per X, X's report); a cue such as "which stated"
points back to the organisation named before it. With no cue, a sentence that goes on from an
attributed one ("It said", "The report added") keeps the previous claimant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Span as SpacySpan

from ...model import BREAKDOWN, Claim, ClaimOrigin, Span
from ..dates import find_date_atoms
from ..lexicon import Lexicon, lexicon_for
from ..numbers import Quantity
from ..vocab import equipment_noun, normalise_category
from .syntax import kind_from_parse
from .timeexpr import holds_date

__all__ = [
    "EXTRACTOR",
    "VERSION",
    "SentenceClaims",
    "attributes",
    "claims_in_sentence",
    "may_hold_claim",
]

EXTRACTOR = "narrative-claims"
VERSION = "3"  # 3: singular victims, background figures left out, breakdowns marked

_CLAIMANT_LABELS = {"ORG", "GPE", "NORP", "PERSON", "LOC", "MISC", "PER"}  # en and fr labels
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


@dataclass
class SentenceClaims:
    claims: list[Claim]
    claimant: str | None  # the attribution this sentence made, for the next one


def _kind_after(text: str, words: list[tuple[str, int, int]],
                lex: Lexicon) -> tuple[str, int, list[str]] | None:  # fmt: skip
    """Kind word within six words after the figure: (property, end offset, victims words)."""
    victims: list[str] = []
    window = words[:7]
    for i, (w, _s, e) in enumerate(window):
        low = w.lower()
        following = window[i + 1][0].lower() if i + 1 < len(window) else ""
        if victims and low in lex.numbers.and_words and following in lex.kinds:
            return None  # "killed 203 terrorists and arrested 51": the next verb is not theirs
        if low in lex.kinds:
            found = lex.kind_of(w, text[e : e + 40])
            if found is None:
                return None
            return found[0], e + found[1], victims
        if low in lex.stop:
            return None
        if low not in lex.filler:
            victims.append(w)
    return None


def _toll(text: str, sent_start: int, q: Quantity, lex: Lexicon) -> tuple[str, int] | None:
    """The kind a toll phrase before the figure names, and where the phrase starts."""
    lo = max(sent_start, q.start - 110)
    m = lex.toll.search(text[lo : q.start])
    if m is None:
        return None
    groups = m.groupdict()
    what = (groups.get("what") or groups.get("death") or "").lower()
    return lex.toll_kinds.get(what, "deaths"), lo + m.start()


def _kind_before(text: str, sent_start: int, q: Quantity, lex: Lexicon) -> str | None:
    before = text[max(sent_start, q.start - 40) : q.start].lower()
    m = lex.kind_before.search(before)
    if m is None:
        return None
    word = m.group(1).lower()
    return next((prop for stem, prop in lex.kind_stems if word.startswith(stem)), None)


_PUNCT_STOP = re.compile(r"[(),;:]")


@cache
def _figure_stop(code: str) -> re.Pattern[str]:
    """Clause punctuation, or "and" before the next figure ("and at least 20"), in a language."""
    numbers = lexicon_for(code).numbers
    ands = "|".join(numbers.and_words)
    return re.compile(rf"[(),;:]|\s(?:{ands})\s+(?=(?:(?:{numbers.qualifiers})\s*)?\d)", re.I)


_NATIONALITY = re.compile(
    r"^[A-Z][a-zé]+(?:an|ian|ese|ish|i)$|^(?:Burkinab[eéè]|French|Dutch|Swiss|Greek|Thai)$"
)


def _adjective(word: str) -> bool:
    """A nationality or a side written as an adjective ("Armenian", "Syrian", "pro-government")."""
    return _NATIONALITY.match(word) is not None or word.lower().startswith(("pro-", "anti-"))


def _words(text: str, start: int, end: int,
           lex: Lexicon | None = None) -> list[tuple[str, int, int]]:  # fmt: skip
    """Words from ``start`` up to the first bracket or clause punctuation; with ``lex``, also
    up to the next figure ("15 VDP and 20 militants": the VDP are the first figure's victims,
    not the militants)."""
    stop = (_figure_stop(lex.code) if lex else _PUNCT_STOP).search(text[start:end])
    end = start + stop.start() if stop else end
    return [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(text, start, end)]


_LIST_OR_SIZE = re.compile(
    r"(?:\b(?:groups?|batches|units|teams|aged?|ages|number|numbers)\s+of\s*|\baged?\s*|\d,?\s*(?:or|and)\s*|\d,\s*)$",
    re.I,
)


def _in_list(text: str, lo: int, pos: int, years: list[tuple[int, int]]) -> bool:
    """Whether the figure at ``pos`` is a list item or a size ("groups of 4, 6, or 10").

    A year before it ("Between 1994 and 2009, as many as 3,000") does not make a list.
    """
    m = _LIST_OR_SIZE.search(text[lo:pos])
    if m is None:
        return False
    digit = lo + m.start()
    return not any(a <= digit < b for a, b in years)


def _claimant(sent: SpacySpan, text: str, canonical: dict[tuple[int, int], str],
              lex: Lexicon) -> str | None:  # fmt: skip
    s = sent.text
    ents = [e for e in sent.ents if e.label_ in _CLAIMANT_LABELS and e.label_ != "NORP"]
    m = lex.cue_after.search(s)
    if m is not None:
        after = [e for e in ents if e.start_char - sent.start_char >= m.end() - 1]
        near = [e for e in after if e.start_char - sent.start_char <= m.end() + 25]
        known = [e for e in near if (e.start_char, e.end_char) in canonical]
        if known or after:
            return _name((known or after)[0], canonical)
        speaker = lex.speaker_after.match(s, m.end())
        if speaker is not None:
            who = speaker.group("who").strip()
            if src := re.match(r"\s+sources?\b", s[speaker.end() :]):  # "a military source"
                who += src.group(0)
            return re.sub(r"^(?:the|a|an)\s+", "", who, flags=re.I)
    m = lex.cue_before.search(s)
    if m is None:
        return None
    inverted = _inverted_speaker(sent, m, ents, canonical, lex)
    if inverted is not None:
        return inverted
    head = s[: m.start()]
    which = re.search(r",?\s*(?:which|qui)\s+$", head)
    if which is None:
        speaker = lex.speaker.search(head) if lex.code == "en" else None
        if speaker is not None:
            return re.sub(r"^(?:the|a|an)\s+", "", speaker.group("who").strip(), flags=re.I)
    cue = sent.start_char + (which.start() if which else m.start())
    before = [e for e in ents if e.end_char <= cue and cue - e.end_char <= 80]
    if which is not None:
        known = [e for e in before if (e.start_char, e.end_char) in canonical]
        before = known or before
        return _name(before[0], canonical) if before else None
    return _name(before[-1], canonical) if before else None


def _inverted_speaker(sent: SpacySpan, cue: re.Match[str], ents: list[SpacySpan],
                      canonical: dict[tuple[int, int], str], lex: Lexicon) -> str | None:  # fmt: skip
    """The speaker after its verb: '..., said the spokesman', 'rapporte vendredi le HCDH'.

    Only when no "that"/"que" opens a clause after the verb (whose subject would be someone
    else) and, in English, when a comma or quote stands before the verb."""
    s = sent.text
    tail = s[cue.end() : cue.end() + 40]
    if re.match(r"\s*(?:que|qu['’]|that)\b", tail, re.I):
        return None
    if not lex.inverted_anywhere and not re.search(r"[,\"”»]\s*$", s[: cue.start()]):
        return None
    lo = sent.start_char + cue.end()
    after = [e for e in ents if lo <= e.start_char <= lo + 30]
    known = [e for e in after if (e.start_char, e.end_char) in canonical]  # "the UK-based SOHR"
    return _name((known or after)[0], canonical) if after else None


def _name(ent: SpacySpan, canonical: dict[tuple[int, int], str]) -> str:
    return canonical.get((ent.start_char, ent.end_char)) or re.sub(
        r"^(?:the|a)\s+|^(?:le|la|les)\s+|^l['’]", "", ent.text, flags=re.I
    )


def _perpetrator(text: str, end: int, sent_end: int, sent: SpacySpan,
                 canonical: dict[tuple[int, int], str], lex: Lexicon) -> str | None:  # fmt: skip
    m = re.match(rf"\s+(?:\w+\s+){{0,2}}?{lex.by}\s+", text[end:sent_end])
    if m is None:
        return None
    pos = end + m.end()
    for e in sent.ents:
        if e.start_char >= pos - 1 and e.start_char <= pos + 20:
            # "killed 276 fighters by 2 April": a date is no perpetrator
            return _name(e, canonical) if e.label_ in _CLAIMANT_LABELS else None
    words = re.match(r"([A-Z][\w'’-]*(?:\s+[A-Z]?[\w'’-]+){0,3})", text[pos:sent_end])
    return words.group(1) if words else None


@cache
def _kind_cue(code: str) -> re.Pattern[str]:
    """A casualty word in any of the forms the rules below read: after the figure, before it,
    a toll phrase, a verb of the parse (:mod:`.syntax`)."""
    lex = lexicon_for(code)
    words = "|".join(sorted(map(re.escape, lex.kinds), key=len, reverse=True))
    near = [_unanchored(p.pattern) for p in (lex.toll, lex.kind_before)]  # "...$": before a figure
    return re.compile("|".join([rf"\b(?:{words}|taken|shot)\b", *near]), re.I)


def _unanchored(pattern: str) -> str:
    """A pattern anchored at the figure, searchable in a whole sentence (and in one union)."""
    return "(?:" + re.sub(r"\(\?P<\w+>", "(?:", pattern.removesuffix("$")) + ")"


def may_hold_claim(text: str, start: int, end: int, lex: Lexicon) -> bool:
    """Whether :func:`claims_in_sentence` may find a claim in ``text[start:end]``: a figure
    with a casualty word, or a singular victim (text only: no parse, no entities)."""
    if _kind_cue(lex.code).search(text, start, end) and next(
        iter(lex.numbers.find(text, start, end)), None
    ):
        return True
    return bool(singular_claims(text, start, end, lex))


def attributes(sentence: str, lex: Lexicon) -> bool:
    """Whether ``sentence`` has an attribution cue (its claimant may carry to the next one)."""
    return bool(lex.cue_before.search(sentence) or lex.cue_after.search(sentence))


def claims_in_sentence(
    sent: SpacySpan,
    text: str,
    canonical: dict[tuple[int, int], str],
    previous_claimant: str | None,
    document_id: str,
    lex: Lexicon | None = None,
) -> SentenceClaims:
    """All casualty claims of one sentence (offsets are into ``text``)."""
    start, end = sent.start_char, sent.end_char
    lex = lex or lexicon_for("en")
    dates = [(e.start_char, e.end_char) for e in sent.ents if _not_counted(e, text, lex)]
    atoms = find_date_atoms(text, start, end)
    dates += [(a.start, a.end) for a in atoms]
    years = [(a.start, a.end) for a in atoms if a.year]  # not spaCy's DATE "6" in "4, 6, or 10"
    claimant = _claimant(sent, text, canonical, lex)
    if claimant is None and previous_claimant and lex.carry.match(sent.text):
        claimant = previous_claimant
    claims: list[Claim] = []
    for q in lex.numbers.find(text, start, end):
        if any(q.start < b and q.end > a for a, b in dates) or _is_year(q):
            continue
        if _in_list(text, max(start, q.start - 20), q.start, years):
            continue
        claim = _claim(text, q, start, end, sent, canonical, claimant, document_id, lex)
        if claim is not None and not _background(text, start, end, q, claim, lex):
            if claims and lex.breakdown.search(text[claims[-1].span.end : q.start]):
                claim.note = BREAKDOWN
            claims.append(claim)
    for claim in singular_claims(text, start, end, lex):
        if not any(c.span.start < claim.span.end and claim.span.start < c.span.end for c in claims):
            claim.claimant, claim.document_id = claimant, document_id
            claims.append(claim)
    claims.sort(key=lambda c: c.span.start)
    return SentenceClaims(claims, claimant if claims or claimant else None)


def _not_counted(ent: SpacySpan, text: str, lex: Lexicon) -> bool:
    """Whether the figures inside the entity ``ent`` count no one: money, a percentage, an
    ordinal, and a date or a time that reads as one. The small English model also calls bare
    ranges dates ("estimated at between 8 and 12 killed"): a DATE or TIME with no word of time
    (:attr:`Lexicon.lowercase_entity_cues`), no month and no year is no date."""
    if ent.label_ in {"MONEY", "PERCENT", "ORDINAL"}:
        return True
    if ent.label_ not in {"DATE", "TIME"}:
        return False
    cues = lex.lowercase_entity_cues
    return cues is None or bool(cues.search(text, ent.start_char, ent.end_char)
                                or holds_date(text, ent.start_char, ent.end_char, lex))  # fmt: skip


def _background(text: str, start: int, end: int, q: Quantity, claim: Claim,
                lex: Lexicon) -> bool:  # fmt: skip
    """A figure of earlier or other events: "700 dead since 2015", "Since 2012, 2,000 ..."."""
    clause = _clause_end(text, claim.span.end, min(end, claim.span.end + 80), lex)
    before = text[start : q.start]
    lead_in = re.match(r"\s*(?P<c>[^,;]{0,60}),", before)
    return bool(
        lex.background.search(text, claim.span.end, clause)
        or (lead_in and lex.background.search(lead_in.group("c")))
    )


def singular_claims(text: str, start: int, end: int, lex: Lexicon) -> list[Claim]:
    """One victim named in the singular: "killed a civilian", "an officer was wounded",
    "the bomber died". Each counts one, as a coder counts it."""
    out: list[Claim] = []
    for pattern in lex.singular:
        for m in pattern.finditer(text, start, end):
            words = list(re.finditer(r"[\w-]+", m.group("victim")))
            cut = next((i for i, w in enumerate(words) if w.group(0).lower() in lex.persons), None)
            if cut is None:
                continue
            victim = m.group("victim")[: words[cut].end()]  # "a village chief in X": the chief
            stop = (
                m.start("victim") + words[cut].end()
                if m.start("verb") < m.start("victim")
                else m.end()
            )
            verb = m.group("verb").lower()
            prop = next((p for stem, p in lex.kind_stems if verb.startswith(stem)), None)
            if prop is None:
                continue
            out.append(Claim(
                property=prop, min=1, max=1, text=text[m.start() : stop], span=Span(m.start(), stop),
                origin=ClaimOrigin.NARRATIVE, extractor=EXTRACTOR, extractor_version=VERSION,
                qualifier="singular", category=victim, category_norm=normalise_category(victim),
            ))  # fmt: skip
    return out


def _clause_end(text: str, pos: int, end: int, lex: Lexicon) -> int:
    m = re.search(rf"[,;(]|{lex.clause_and}", text[pos:end])
    return pos + m.start() if m else end


def _is_year(q: Quantity) -> bool:
    return q.min is not None and q.min == q.max and 1900 <= q.min <= 2099 and not q.qualifier


def _claim(text: str, q: Quantity, start: int, end: int, sent: SpacySpan,
           canonical: dict[tuple[int, int], str], claimant: str | None,
           document_id: str, lex: Lexicon) -> Claim | None:  # fmt: skip
    # "43 al-Nusra and 13 ISIL fighters dead": the kind word is shared, the victims are not
    after = _kind_after(text, _words(text, q.end, end), lex)
    if after is not None:
        own = [w for w, _, _ in _words(text, q.end, end, lex) if w.lower() not in lex.filler]
        victims = after[2][: len(own)]
        if victims and len(after[2]) > len(own) and all(_adjective(w) for w in victims):
            victims.append(after[2][-1])  # "91 Armenian and 31 Azerbaijani soldiers"
        after = (after[0], after[1], victims)
    clause_end = _clause_end(text, q.end, end, lex)
    listed = None if after is not None else lex.listed.match(text, clause_end, end)
    if listed is not None and listed.group("kind").lower() in lex.kinds:
        after = lex.kinds[listed.group("kind").lower()], clause_end, [
            w for w, _, _ in _words(text, q.end, clause_end, lex) if w.lower() not in lex.filler]  # fmt: skip
    toll = _toll(text, start, q, lex) if after is None else None
    before = (toll[0] if toll else _kind_before(text, start, q, lex)) if after is None else None
    begin = toll[1] if toll else q.start  # a toll claim quotes its phrase: "the toll rose to 9"
    if after is None and before is None and lex.use_parse:
        parsed = kind_from_parse(sent, q.start, q.end)
        after = (parsed.property, parsed.end, parsed.victims) if parsed else None
    if after is not None:
        prop, stop, victims = after
    elif before is None:
        return None
    else:
        prop = before
        kept = []
        for w, _, e in _words(text, q.end, end, lex)[:4]:
            if (
                w.lower() in lex.stop
                or w.lower() in lex.kinds
                or w.lower() in lex.numbers.and_words
            ):
                break  # "killing one soldier and wounding three": the victims end at "and"
            if w.lower() not in lex.filler | {"of"}:
                kept.append((w, e))
        victims = [w for w, _ in kept]
        stop = kept[-1][1] if kept else q.end
    category = " ".join(v for v in victims if v.lower() != "of") or None
    if category and (lex.not_people.search(category) or equipment_noun(category)):
        return None
    return Claim(
        property=prop, min=q.min, max=q.max, text=text[begin:stop], span=Span(begin, stop),
        origin=ClaimOrigin.NARRATIVE, extractor=EXTRACTOR, extractor_version=VERSION,
        qualifier=q.qualifier, category=category, category_norm=normalise_category(category),
        claimant=claimant, perpetrator=_perpetrator(text, stop, end, sent, canonical, lex),
        document_id=document_id,
    )  # fmt: skip
