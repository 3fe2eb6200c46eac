"""Event typology: ACLED disorder / event / sub-event type and UCDP type of violence.

For reports and articles whose infobox names no sides, the type comes from the acts of the
event's own sentences and the roles of its actors (:mod:`.acts`, all six ACLED event types).
Where the infobox names the sides, it is inferred from the claims and the actors, each choice
with the reason it was made:

* civilians are the majority of the best death estimate (or the event is called a massacre,
  and civilians are among its dead), and an organised armed actor is named: **Violence against
  civilians / Attack**, UCDP **one-sided violence (3)**;
* otherwise, two sides of armed actors, one of them a state: **Battles / Armed clash**, UCDP
  **state-based (1)**; two non-state sides: **Battles / Armed clash**, UCDP **non-state (2)**;
* a title naming a bombing, explosion, shelling or air strike: **Explosions/Remote violence**
  (sub-event by the word), UCDP type from the actors as above.
"""

from __future__ import annotations

import re

from ..extract.registry import ARMED_TYPES, STATE_TYPES
from ..model import Document, Event, Typology
from .acts import type_from_acts

__all__ = ["typology_step"]

_REMOTE = [
    (r"air ?strikes?|airstrikes?|drone strike|bombing of|aerial", "Air/drone strike"),
    (r"shelling|artillery|missile|rocket", "Shelling/artillery/missile attack"),
    (r"explosion|bombing|bomb|ied|car bomb|suicide", "Remote explosive/landmine/IED"),
]


def _civilian_share(event: Event) -> tuple[int, int]:
    est = event.estimates.get("deaths")
    if est is None or not est.best:
        return 0, 0
    civ = sum(
        int(str(s["best"]))
        for s in est.scopes
        if s.get("included") and s["category"] == "civilians"
    )
    return civ, int(est.best)


def _sides(event: Event) -> dict[int, list[str]]:
    sides: dict[int, list[str]] = {}
    for a in event.actors:
        if a.role == "combatant" and a.side in (1, 2):
            sides.setdefault(a.side, []).append(a.actor_type or "")
    return sides


def typology_step(doc: Document, event: Event) -> None:
    """ACLED and UCDP types: from the acts of the event's own sentences and the roles of its
    actors (:mod:`.acts`) when the infobox names no sides, else from the infobox's sides."""
    if not any(a.role == "combatant" for a in event.actors) and event.acts:
        typed = type_from_acts(event)
        if typed is not None:
            event.typology = typed
            return
    _infobox_typology(event)


def _infobox_typology(event: Event) -> None:
    t = Typology(disorder_type="Political violence")
    sides = _sides(event)
    armed = [
        a
        for a in event.actors
        if a.actor_type in ARMED_TYPES and a.role in ("combatant", "perpetrator")
    ]
    civ, best = _civilian_share(event)
    massacre = re.search(r"\bmassacre|killings|executions\b", event.name, re.I) is not None
    if armed and civ and (2 * civ >= best or massacre):
        perp = ", ".join(dict.fromkeys(a.name for a in armed if a.side != 2 or not sides.get(1)))
        t.event_type, t.sub_event_type, t.type_of_violence = (
            "Violence against civilians",
            "Attack",
            3,
        )
        t.reasons.append(f"civilian victims ({civ} of {best} best-estimate deaths"
                         f"{'; called a massacre' if massacre else ''}) and an organised armed actor "
                         f"as perpetrator ({perp}): Violence against civilians / Attack")  # fmt: skip
        t.reasons.append(
            "one-sided violence: an organised armed group or a government against civilians"
        )
        event.typology = t
        return
    remote = next((sub for pat, sub in _REMOTE if re.search(pat, event.name, re.I)), None)
    if remote:
        t.event_type, t.sub_event_type = "Explosions/Remote violence", remote
        t.reasons.append(f"the title names a remote attack: {remote}")
    elif len(sides) == 2:
        t.event_type, t.sub_event_type = "Battles", "Armed clash"
        t.reasons.append("two opposing sides of armed actors in the infobox: Battles / Armed clash")
    state = [s for s, types in sides.items() if STATE_TYPES & set(types)]
    if len(sides) == 2:
        t.type_of_violence = 1 if state else 2
        t.reasons.append("state-based: one side is a state's forces" if state
                         else "non-state: neither side is a state")  # fmt: skip
    if t.event_type is None and t.type_of_violence is None:
        t.reasons.append("not enough about the sides or the victims to type this event")
        t.disorder_type = None
    event.typology = t
