"""What a figure counts, read from the dependency parse when the words around it do not say.

The word-window rules of :mod:`.claims` read "300 civilians had been killed" and "killing 30
soldiers". Reporters also put clauses between the figure and its verb: "as many as 3,000
people, mostly soldiers, had been killed", "38 rebels and at least 41 soldiers (including two
generals) were killed", "3,500 soldiers, with an additional battalion, were taken prisoner".
The parse links the figure to its noun, the noun (through a list) to the verb it is the subject
or object of, and the verb to a kind: that holds however many words lie between.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from ..vocab import KINDS

__all__ = ["ParsedKind", "kind_from_parse"]

# Verbs (as written) whose passive subject or object is the victims: "were killed", "killed 30".
_VICTIM_VERBS = {w for w, p in KINDS.items() if p in {"deaths", "injured", "captured", "displaced"}
                 and w.endswith("ed")} | {"slain", "hurt", "taken", "shot"}  # fmt: skip
# Verbs whose active subject is the victims ("15 died", "200 fled"; "would die" after a modal).
_SUBJECT_KINDS = {w: KINDS[w] for w in ("died", "perished", "fled", "disappeared", "surrendered",
                                        "defected", "deserted")}  # fmt: skip
_SUBJECT_KINDS |= {"die": "deaths", "flee": "displaced", "surrender": "captured"}
_PARTICIPLE_KINDS = {"killing": "deaths", "executing": "deaths", "wounding": "injured",
                     "injuring": "injured", "abducting": "captured", "kidnapping": "captured",
                     "detaining": "captured"}  # fmt: skip
_COPULA_KINDS = {"dead": "deaths", "missing": "missing", "wounded": "injured", "injured": "injured"}
_MAX_TOKENS = 25  # a figure this far from its verb is read as something else


@dataclass(frozen=True, slots=True)
class ParsedKind:
    property: str
    end: int  # character offset (into the parsed text) of the end of the verb phrase
    victims: list[str]  # the words of the figure's own noun phrase ("loyalist soldiers")


def _figure_noun(num: Token) -> Token:
    """The noun a number counts: "41" in "41 soldiers" -> "soldiers"; "15 were" -> "15"."""
    tok = num
    for _ in range(3):
        if tok.dep_ in {"nummod", "quantmod", "compound", "amod"} and tok.head is not tok:
            tok = tok.head
        else:
            break
    return tok


def _verb_kind(verb: Token) -> str | None:
    word = verb.lower_
    if word == "taken":
        prisoner = any(c.lower_ in {"prisoner", "prisoners", "captive", "hostage", "hostages"}
                       for c in verb.children)  # fmt: skip
        return "captured" if prisoner else None
    if word == "shot":
        return "deaths" if any(c.lower_ == "dead" for c in verb.children) else None
    prop = KINDS.get(word)
    if prop is None:
        return None
    others = {KINDS.get(c.lower_) for c in verb.children if c.dep_ == "conj"} - {None, prop}
    return "casualties" if others else prop  # "killed or wounded": not deaths alone


def _kind_of_head(noun: Token) -> tuple[str, Token] | None:
    verb = noun.head
    if verb is noun:
        return None
    if noun.dep_ == "nsubjpass" and verb.lower_ in _VICTIM_VERBS:
        kind = _verb_kind(verb)
        return (kind, verb) if kind else None
    if noun.dep_ == "dobj" and verb.lower_ in _VICTIM_VERBS and verb.lower_ != "taken":
        kind = _verb_kind(verb)
        return (kind, noun) if kind else None
    if noun.dep_ == "dobj" and verb.lower_ in _PARTICIPLE_KINDS:  # "..., killing 170 and 13"
        return _PARTICIPLE_KINDS[verb.lower_], noun
    if noun.dep_ == "nsubj":
        if verb.lower_ in _SUBJECT_KINDS:
            return _SUBJECT_KINDS[verb.lower_], verb
        for c in verb.children:  # "were dead", "remain missing"
            if c.dep_ in {"acomp", "attr"} and c.lower_ in _COPULA_KINDS:
                return _COPULA_KINDS[c.lower_], c
    return None


def kind_from_parse(sent: SpacySpan, start: int, end: int) -> ParsedKind | None:
    """The kind of the figure at ``[start, end)`` of the parsed text, by the parse, or None."""
    toks = [t for t in sent if start <= t.idx < end]
    if not toks:
        return None
    noun = _figure_noun(toks[-1])
    if noun.i < toks[-1].i:  # "Height 53": the number names its noun, it does not count it
        return None
    own = noun
    for _ in range(4):  # "38 rebels and at least 41 soldiers were killed": up the list
        if noun.dep_ == "conj" and noun.head is not noun:
            noun = noun.head
        else:
            break
    found = _kind_of_head(noun)
    if found is None:
        return None
    prop, last = found
    too_far = last.i - toks[-1].i > _MAX_TOKENS
    if too_far or (last.i < toks[0].i and noun.dep_ != "dobj"):  # the verb comes after its subject
        return None
    victims = [t.text for t in sent.doc[toks[-1].i + 1 : own.i + 1] if t.is_alpha]
    stop = max(last.idx + len(last.text), own.idx + len(own.text))
    return ParsedKind(prop, stop, victims) if stop > toks[-1].idx else None
