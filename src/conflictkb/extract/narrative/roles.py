"""Who did what to whom: the agent and the patient of each violent act, from the parse.

"Suspected JNIM militants ambushed a FAMa patrol near Boulkessi, killing one soldier": the act
is an ambush, its agent the JNIM (qualified "suspected"), its patient the Malian army; "Three
civilians were killed by unidentified gunmen": the agent of the passive is the gunmen, an
unidentified armed group. Agents and patients are registry actors where the text names one,
else ACLED's generic actors ("gunmen" -> Unidentified Armed Group, "protesters" -> Protesters,
"the army" -> Military Forces of <country>), whose country is filled in once the event's place
is known (:func:`finish_generic`).

Dependency labels of both models are read: English (ClearNLP: nsubj, dobj, nsubjpass, agent)
and French (Universal Dependencies: nsubj, obj, nsubj:pass, obl:agent).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ...model import Actor, Span
from ..lexicon import Lexicon
from ..registry import ActorEntry, ActorRegistry

__all__ = [
    "GENERIC",
    "TEXT_KEY",
    "Deed",
    "deeds_in_sentence",
    "doc_text",
    "finish_generic",
    "generic_actor",
    "recast",
]

_SUBJ = {"nsubj"}
_OBJ = {"dobj", "obj"}
_PASS_SUBJ = {"nsubjpass", "nsubj:pass"}
_QUALIFIERS = re.compile(r"\b(suspected|presumed|alleged|purported|présumés?|supposés?)\b", re.I)

# Generic actor kind -> (name template, actor type, ACLED inter code).
GENERIC: dict[str, tuple[str, str, int]] = {
    "unidentified": ("Unidentified Armed Group ({country})", "militia", 3),
    "protesters": ("Protesters ({country})", "protesters", 6),
    "rioters": ("Rioters ({country})", "rioters", 5),
    "civilians": ("Civilians ({country})", "civilians", 7),
    "military": ("Military Forces of {country}", "state_forces", 1),
    "police": ("Police Forces of {country}", "state_forces", 1),
    "ethnic": ("{group} Ethnic Militia ({country})", "militia", 4),
    "communal": ("{group} Communal Militia ({country})", "militia", 4),
}


@dataclass
class Deed:
    """One violent (or protest) act of a sentence, with who did it and to whom."""

    act: str  # "attack", "kill", "ambush", "protest", ... (the lexicon's act names)
    span: Span  # the verb, offsets into the parsed text
    agents: list[Actor] = field(default_factory=list)
    patients: list[Actor] = field(default_factory=list)


TEXT_KEY = "conflictkb.text"
POS_OF_TAG: dict[str, str] = {}  # fine tag -> coarse part of speech, from the model (load_nlp)


def tag_pos_map(attribute_ruler: Any) -> dict[str, str]:
    """The rules of a spaCy attribute ruler that give a coarse part of speech from the fine
    tag alone (the English models': "NNS" -> NOUN, "VBD" -> VERB); its word exceptions ("be"
    as AUX, not VERB) make no difference to the two tests the rules here make."""
    out = {}
    for rule in attribute_ruler.patterns:
        patterns, pos = rule["patterns"], rule["attrs"].get("POS")
        if pos and len(patterns) == 1 and len(patterns[0]) == 1 and set(patterns[0][0]) == {"TAG"}:
            out[str(patterns[0][0]["TAG"])] = str(pos)
    return out


def pos_of(tok: Token) -> str:
    """The token's coarse part of speech: the one the model set (the French morphologizer's),
    else its fine tag's by :data:`POS_OF_TAG` (English, whose attribute ruler is not run)."""
    return tok.pos_ or POS_OF_TAG.get(tok.tag_, "")


def doc_text(doc: Doc) -> str:
    """The parsed paragraph's text, joined from its tokens once (``Doc.text`` joins them on
    every use), or kept from the parse (:data:`TEXT_KEY`)."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return str(text)


def _act_of(tok: Token, lex: Lexicon) -> str | None:
    if pos_of(tok) not in {"VERB", "NOUN", "AUX"} and tok.dep_ != "ROOT":
        return None
    text = tok.text
    if tok.lower_ == "shot" and any(c.lower_ == "dead" for c in tok.children):
        return "kill"
    return lex.verb_act(text)


def _phrase(tok: Token) -> tuple[int, int]:
    """Character range of the noun phrase headed by ``tok`` (no relative clauses or PPs)."""
    left = tok
    for c in tok.lefts:
        if c.dep_ in {"amod", "compound", "det", "nummod", "nmod", "poss", "quantmod", "advmod"}:
            left = min(left, c.left_edge, key=lambda t: t.i)
    right = tok
    for c in tok.rights:
        if (
            c.dep_ in {"amod", "compound", "flat", "flat:name", "appos", "acl"}
            and c.i == right.i + 1
        ):
            right = c
        elif c.dep_ == "nmod" or (c.dep_ == "prep" and c.lower_ == "of"):
            right = max(right, c.right_edge, key=lambda t: t.i)  # "tens of thousands of people"
    return left.idx, right.idx + len(right.text)


def _conjuncts(tok: Token) -> list[Token]:
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj" and pos_of(c) in {"NOUN", "PROPN", "PRON"}:
            out.extend(_conjuncts(c))
    return out


def _actors(tok: Token, sent: SpacySpan, canonical: dict[tuple[int, int], str],
            registry: ActorRegistry, lex: Lexicon) -> list[Actor]:  # fmt: skip
    """The actors of the noun phrase headed by ``tok``: registry actors named in it, else the
    generic actor of each of its parts ("a civilian and thirty-one soldiers" is two)."""
    a, b = _phrase(tok)
    text = doc_text(sent.doc)[a:b]
    qual = _QUALIFIERS.search(text)
    qualifier = qual.group(1).lower() if qual else None
    out: list[Actor] = []
    for (s, e), name in canonical.items():
        entry = registry.match(name)
        if a <= s and e <= b and not (entry and entry.type == "civilians"):
            out.append(_registry_actor(name, entry, text, Span(s, e), qualifier))
    if out:
        return out
    for part in re.finditer(r"[^,;]+?(?=\s+(?:and|et)\s+|[,;]|$)", text):
        kind = _generic_kind(part.group(0).lower(), lex)
        if kind is not None:
            actor = generic_actor(kind, text, Span(a, b), qualifier=qualifier)
            if all(x.name != actor.name for x in out):
                out.append(actor)
    return out


def _registry_actor(name: str, entry: ActorEntry | None, raw: str, span: Span,
                    qualifier: str | None = None) -> Actor:  # fmt: skip
    return Actor(name=name, side=None, role="", raw=raw, span=span,
                 actor_type=entry.type if entry else None,
                 country=entry.country if entry else None, resolved=entry is not None,
                 qualifier=qualifier)  # fmt: skip


def _generic_kind(text: str, lex: Lexicon) -> str | None:
    """The kind of the first generic actor a phrase names ("ethnic:Fulani" with its group)."""
    for pattern, kind in lex.generic_actor_patterns:
        m = pattern.search(text)
        if m is None:
            continue
        found = m.groupdict()
        group = (found.get("group") or found.get("group2") or "").strip().title()
        return f"{kind}:{group}" if group else kind
    return None


def generic_actor(kind: str, raw: str, span: Span, *, side: int | None = None, role: str = "",
                  qualifier: str | None = None) -> Actor:  # fmt: skip
    """An ACLED generic actor of ``kind`` ("unidentified", "ethnic:Fulani"), its country to be
    filled in by :func:`finish_generic`."""
    base, _, group = kind.partition(":")
    template, typ, _inter = GENERIC[base]
    return Actor(name=template.replace("{group}", group), side=side, role=role, raw=raw,
                 span=span, actor_type=typ, generic=kind, qualifier=qualifier)  # fmt: skip


def recast(actor: Actor, kind: str) -> None:
    """The same people as another generic kind: residents who protest are Protesters, a crowd
    that riots is Rioters (before or after the country is filled in)."""
    old = GENERIC[(actor.generic or kind).split(":")[0]][0].split(" (")[0]
    template, typ, inter = GENERIC[kind]
    actor.name = actor.name.replace(old, template.split(" (")[0], 1)
    actor.actor_type, actor.generic = typ, kind
    if actor.inter_code is not None:  # already finished
        actor.inter_code = inter


def _agents(verb: Token) -> list[Token]:
    for c in verb.children:
        if c.dep_ in _SUBJ:
            return _conjuncts(c)
        if c.dep_ == "agent":
            return [x for p in c.children if p.dep_ == "pobj" for x in _conjuncts(p)]
        if c.dep_ == "obl:agent":
            return _conjuncts(c)
    # "..., killing three": the participle's agent is its head verb's subject
    if verb.dep_ in {"advcl", "conj", "xcomp"} and verb.head is not verb:
        return _agents(verb.head)
    return []


# The other party of an act named after a preposition, not as the object: "clashed with
# JNIM", "exploded under a MINUSMA vehicle", "laid an ambush for a patrol", "tendu une
# embuscade à un convoi".
_OTHER_PARTY = {"clash": {"with", "against", "avec", "contre"},
                "bomb": {"under", "on", "against", "at", "sous", "contre"},
                "shell": {"on"}, "attack": {"on", "against", "contre"},
                "fire": {"on", "at", "sur"}, "ambush": {"for", "on", "à", "au", "aux"}}  # fmt: skip


def _patients(verb: Token, act: str) -> list[Token]:
    out: list[Token] = []
    for c in verb.children:
        if c.dep_ in _OBJ | _PASS_SUBJ:
            out.extend(_conjuncts(c))
    preps = _OTHER_PARTY.get(act, set())
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            out.extend(x for p in c.children if p.dep_ == "pobj" for x in _conjuncts(p))
        elif c.dep_.startswith("obl") and any(x.lower_ in preps for x in c.children):
            out.extend(_conjuncts(c))
    return out


def deeds_in_sentence(sent: SpacySpan, canonical: dict[tuple[int, int], str],
                      registry: ActorRegistry, lex: Lexicon) -> list[Deed]:  # fmt: skip
    """The acts of one parsed sentence with their agents and patients (offsets into the doc)."""
    out: list[Deed] = []
    for tok in sent:
        act = _act_of(tok, lex)
        if act is None:
            continue
        deed = Deed(act, Span(tok.idx, tok.idx + len(tok.text)))
        agents = _agents(tok)
        for role, toks in (("agents", agents), ("patients", _patients(tok, act))):
            for t in toks:
                for actor in _actors(t, sent, canonical, registry, lex):
                    if act == "protest" and role == "agents" and actor.generic == "civilians":
                        recast(actor, "protesters")  # "200 residents protested"
                    if act == "riot" and role == "agents" and actor.generic in _CROWD:
                        recast(actor, "rioters")  # "hundreds of youths rioted"
                    getattr(deed, role).append(actor)
        if not deed.agents and not _passive(tok) and _finite(tok):
            deed.agents = _named_before(tok, sent, canonical, registry)
        out.append(deed)
    return out


def _finite(verb: Token) -> bool:
    """A verb with a subject of its own: the main verb or one with an auxiliary, not a
    participle ("..., tuant un soldat"), whose agent is its head's."""
    if verb.dep_ in {"advcl", "acl", "xcomp", "amod"} or verb.lower_.endswith(("ing", "ant")):
        return False
    return verb.dep_ == "ROOT" or any(c.dep_.startswith("aux") for c in verb.children)


def _passive(verb: Token) -> bool:
    return any(c.dep_ in {"auxpass", "aux:pass", "nsubjpass", "nsubj:pass"} for c in verb.children)


def _named_before(verb: Token, sent: SpacySpan, canonical: dict[tuple[int, int], str],
                  registry: ActorRegistry) -> list[Actor]:  # fmt: skip
    """When the parse gives an active verb no subject (the small French model often fails on
    "des chasseurs de la milice Dan Na Ambassagou ont attaqué"): the registry actor named
    last before the verb in its sentence, within 80 characters."""
    before = [(s, e, n) for (s, e), n in canonical.items()
              if sent.start_char <= s and e <= verb.idx and verb.idx - e <= 80]  # fmt: skip
    if not before:
        return []
    s, e, name = max(before)
    entry = registry.match(name)
    if entry is None or entry.type in {"ngo", "international_org", "civilians"}:
        return []
    return [_registry_actor(name, entry, doc_text(sent.doc)[s:e], Span(s, e))]


_CROWD = {"civilians", "protesters"}


def finish_generic(actor: Actor, country_name: str | None, registry: ActorRegistry) -> None:
    """Give a generic actor its country ("Civilians (Mali)"), and its registry entry when the
    registry knows the result ("Military Forces of Mali" is the Malian Armed Forces)."""
    if actor.generic is None or "{country}" not in actor.name:
        return
    kind = actor.generic.split(":")[0]
    inter = GENERIC[kind][2]
    if country_name is None:
        actor.name = re.sub(r"\s*\(\{country\}\)|\s+of \{country\}", "", actor.name)
    else:
        actor.name = actor.name.replace("{country}", country_name)
    actor.inter_code = inter
    entry = registry.match(actor.name) if kind in {"military", "police"} else None
    if entry is not None:
        actor.name, actor.actor_type, actor.country = entry.canonical, entry.type, entry.country
        actor.resolved = True
