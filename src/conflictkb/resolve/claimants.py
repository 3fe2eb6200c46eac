"""Claimants as written to the party they speak for, so claims group by who makes them.

"SOHR", "the Syrian Observatory" -> Syrian Observatory for Human Rights (the actor registry);
"Russian", "Russian Ministry of Defence", "Russian military", "per Russia" -> Russia: a state's
ministries, armed forces, officials and sources speak for the state, whose name is its
government entry in the registry (else the country's short name). A bare "government" or
"army" is the event country's state. Anything else (a person, "local officials", "activists")
is kept as written, without its article. The written claimant is never replaced: the
normalised one sits beside it (``claimant_norm``).
"""

from __future__ import annotations

import re

from ..extract.registry import STATE_TYPES, ActorEntry, ActorRegistry, load_registry
from ..model import Claim, Document, Event
from ..textutil import fold
from .countries import country_name, find_country, without_countries

__all__ = ["ClaimantStep", "normalise_claimant", "same_claimant"]

# What may follow a country or its adjective when the state speaks: "Azerbaijani sources".
_STATE_WORDS = re.compile(
    r"^(?:(?:the|a|an|official|state|federal|national|central|defen[cs]e|foreign|interior|"
    r"armed|military|army|ground|air|security|government|governmental|sources?|authorit(?:y|ies)|"
    r"officials?|ministry|ministries|minister|of|mod|forces?|troops|side|claims?|media|"
    r"news|agency|agencies|tv|television|general|staff|president|presidential|office|"
    r"spokes(?:man|woman|person)|command|commanders?|pro-government|regime|junta|"
    r"estimates?|figures?|reports?|and|'s|’s)\s*)*$"
)
_BARE_STATE = re.compile(
    r"^(?:the\s+)?(?:government|authorities|regime|junta|army|military|armed forces|"
    r"ministry of (?:defen[cs]e|interior|health)|defen[cs]e ministry|state media)$"
)


def _state_name(code: str, registry: ActorRegistry) -> str | None:
    entry = registry.government(code)
    return entry.canonical if entry else country_name(code)


def _entry(name: str, registry: ActorRegistry) -> ActorEntry | None:
    entry = registry.match(name)
    if entry is None:
        found = registry.find_in(name)
        entry = found[0] if len(found) == 1 else None
    return entry


def normalise_claimant(name: str, registry: ActorRegistry, country: str | None = None) -> str:
    """The party ``name`` speaks for (see the module docstring); ``country`` is the event's."""
    written = re.sub(r"^(?:the|a|an)\s+", "", name.strip(), flags=re.I)
    folded = fold(written)
    if country and _BARE_STATE.match(folded):
        return _state_name(country, registry) or written
    entry = _entry(written, registry)
    if entry is not None and entry.type not in STATE_TYPES:
        return entry.canonical
    code = entry.country if entry is not None else None
    if code is None:
        code = find_country(written, demonyms=True)
        rest = without_countries(folded) if code else folded
        if code is None or not _STATE_WORDS.match(rest.strip()):
            return written
    return _state_name(code, registry) or written


def same_claimant(a: Claim, b: Claim) -> bool:
    """Two attributed claims by one claimant: the same party (``claimant_norm``), or one
    written claimant holding the other once case and accents are ignored."""
    if a.claimant_norm and a.claimant_norm == b.claimant_norm:
        return True
    fa, fb = fold(a.claimant or ""), fold(b.claimant or "")
    return bool(fa and fb) and (fa in fb or fb in fa)


class ClaimantStep:
    """Pipeline step: ``claimant_norm`` on every attributed claim of the event."""

    __name__ = "claimants"

    def __init__(self, registry: ActorRegistry | None = None) -> None:
        self.registry = registry or load_registry()

    def __call__(self, doc: Document, event: Event) -> None:
        country = event.place.country_code if event.place else None
        for c in event.claims:
            if c.claimant:
                c.claimant_norm = normalise_claimant(c.claimant, self.registry, country)
