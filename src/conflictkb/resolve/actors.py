"""Actors to canonical registry entries, with ACLED inter codes.

An infobox combatant value often runs several names together ("Nagorno-Karabakh (Artsakh)
Armenia"): a name that is not a registry entry is searched for registry names inside it. An
actor no entry matches is kept as written (``resolved = False``).
"""

from __future__ import annotations

from ..extract.registry import ActorRegistry, load_registry
from ..model import Actor, Document, Event

__all__ = ["ACLED_INTER", "ActorStep"]

# ACLED inter codes: 1 state forces, 2 rebel groups, 3 political militias, 4 identity militias,
# 5 rioters, 6 protesters, 7 civilians, 8 external/other forces.
ACLED_INTER = {
    "state_forces": 1, "government": 1, "rebel_group": 2, "militia": 3, "civilians": 7,
    "foreign_military": 8, "international_org": 8,
}  # fmt: skip


class ActorStep:
    """Pipeline step: canonical names, types, countries and inter codes for event actors."""

    __name__ = "actors"

    def __init__(self, registry: ActorRegistry | None = None) -> None:
        self.registry = registry or load_registry()

    def __call__(self, doc: Document, event: Event) -> None:
        out: list[Actor] = []
        for a in event.actors:
            if a.resolved or a.role == "mention":
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
                    resolved=True,
                ))  # fmt: skip
        for a in out:
            if a.inter_code is None and a.actor_type:
                a.inter_code = ACLED_INTER.get(a.actor_type)
        event.actors = out
