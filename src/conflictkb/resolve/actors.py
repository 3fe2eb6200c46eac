"""Actors to canonical registry entries, with ACLED inter codes.

An infobox combatant value often runs several names together ("Nagorno-Karabakh (Artsakh)
Armenia"): a name that is not a registry entry is searched for registry names inside it. An
actor no entry matches is kept as written (``resolved = False``).
"""

from __future__ import annotations

from ..extract.narrative.roles import finish_generic
from ..extract.registry import ActorRegistry, load_registry
from ..model import Actor, Document, Event
from .countries import country_name

__all__ = ["ACLED_INTER", "ActorStep"]

# ACLED inter codes: 1 state forces, 2 rebel groups, 3 political militias, 4 identity militias,
# 5 rioters, 6 protesters, 7 civilians, 8 external/other forces.
ACLED_INTER = {
    "state_forces": 1, "government": 1, "rebel_group": 2, "militia": 3, "civilians": 7,
    "foreign_military": 8, "international_org": 8, "rioters": 5, "protesters": 6,
}  # fmt: skip


class ActorStep:
    """Pipeline step: canonical names, types, countries and inter codes for event actors;
    generic actors get the event's country ("Civilians (Mali)")."""

    __name__ = "actors"

    def __init__(self, registry: ActorRegistry | None = None) -> None:
        self.registry = registry or load_registry()

    def __call__(self, doc: Document, event: Event) -> None:
        out: list[Actor] = []
        cc = event.place.country_code if event.place else None
        for a in event.actors:
            if a.generic is not None:
                finish_generic(a, country_name(cc) if cc else None, self.registry)
            if a.resolved or a.role == "mention" or a.generic is not None:
                if not any(x.name == a.name and x.side == a.side for x in out):
                    out.append(a)
                continue
            entry = self.registry.match(a.name)
            entries = [entry] if entry else self.registry.find_in(a.name)
            if not entries:
                out.append(a)
                continue
            for e in entries:
                if any(
                    x.name == e.canonical and x.side == a.side and x.role == a.role for x in out
                ):
                    continue
                out.append(Actor(
                    name=e.canonical, side=a.side, role=a.role, raw=a.raw, span=a.span,
                    actor_type=e.type, inter_code=ACLED_INTER.get(e.type), country=e.country,
                    resolved=True, qualifier=a.qualifier,
                ))  # fmt: skip
        for a in out:
            if a.inter_code is None and a.actor_type:
                a.inter_code = ACLED_INTER.get(a.actor_type)
        sided = {a.name for a in out if a.side is not None}  # "Military Forces of Mali", named
        event.actors = [a for a in out if a.role != "mention" or a.name not in sided]
