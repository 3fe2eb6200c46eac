"""The six ACLED event types and their sub-event types from what the event's sentences say.

The acts come from the narrative step (:class:`~conflictkb.model.ActCue`: "ambushed", "an IED",
"tear gas", "protested"), the roles from who did what to whom (side 1 the initiator, side 2 the
target). Only the event's own sentences count: the first sentence that names a violent or
protest act and the one after it. Rules, first match wins:

1. **Protests and riots**, when the first act of those sentences is a protest or a riot, or the
   initiator is protesters or rioters: violence by them (stones, fire, vandalism) is *Riots /
   Violent demonstration* (*Mob violence* for a mob or a lynching); forces killing protesters is
   *Protests / Excessive force against protesters*; tear gas, dispersal or arrests *Protest with
   intervention*; else *Peaceful protest*.
2. **Explosions/Remote violence** when the first act (deaths and injuries are results, not acts)
   is a remote weapon: air or drone strike, shelling/artillery/missile, IED or landmine, suicide
   bomb, grenade, chemical weapon. A weapon named after a ground attack does not make it remote.
3. **Violence against civilians**: sexual violence, abduction, or an attack whose targets are
   civilians (by the victims named, else by the casualty figures), or an attack by a named
   perpetrator on no armed target in which no combatant died ("gunmen attacked the village").
4. **Battles**: the state regains territory, a non-state actor takes it, or an armed clash
   (a clash, or an attack or ambush on an armed target).
5. **Strategic developments**, when nothing violent is said: looting or destruction of property,
   arrests, agreements, a base established, weapons seized or defused, a withdrawal, a change to
   a group; else *Other*.

UCDP's type of violence goes alongside: 3 (one-sided) for violence against civilians, 1 when
one side of a battle or remote attack is a state's forces, 2 when the sides are known and none
is; none for protests, riots and strategic developments.
"""

from __future__ import annotations

from ..extract.lexicon import PROTEST_ACTS, REMOTE_ACTS, VIOLENT_ACTS
from ..extract.narrative.roles import recast
from ..extract.registry import ARMED_TYPES, STATE_TYPES
from ..model import ActCue, Actor, Event, Typology

__all__ = ["type_from_acts"]

_REMOTE = {"air": "Air/drone strike", "artillery": "Shelling/artillery/missile attack",
           "explosive": "Remote explosive/landmine/IED", "suicide": "Suicide bomb",
           "grenade": "Grenade", "chemical": "Chemical weapon"}  # fmt: skip
assert set(_REMOTE) == REMOTE_ACTS
_RESULTS = {"kill", "wound"}
_STRATEGIC = (("loot", "Looting/property destruction"), ("arrest", "Arrests"),
              ("agreement", "Agreement"), ("base", "Headquarters or base established"),
              ("disrupt", "Disrupted weapons use"), ("withdraw", "Non-violent transfer of territory"),
              ("change", "Change to group/activity"))  # fmt: skip


def _event_acts(event: Event) -> list[ActCue]:
    first = next((c.sentence for c in event.acts if c.act in VIOLENT_ACTS | PROTEST_ACTS), None)
    if first is None:
        return [c for c in event.acts if c.sentence <= 1]
    return [c for c in event.acts if first <= c.sentence <= first + 1]


def _side(event: Event, side: int) -> list[Actor]:
    return [a for a in event.actors if a.side == side and a.role != "mention"]


def _civilian(a: Actor) -> bool:
    return a.generic == "civilians" or a.actor_type == "civilians"


def _civilian_deaths(event: Event) -> bool:
    deaths = [c for c in event.claims if c.property == "deaths" and c.parsed]
    civ = [c for c in deaths if c.category_norm.value == "civilians"]
    return bool(civ) and len(civ) * 2 >= len(deaths)


def _combatant_deaths(event: Event) -> bool:
    return any(c.property in {"deaths", "injured"} and c.category_norm.value == "combatants"
               for c in event.claims)  # fmt: skip


def _protest(t: Typology, acts: set[str], side1: list[Actor], event: Event) -> Typology:
    mob = any(c.act == "riot" and c.text.lower() in {"mob", "lynched", "lynching", "lynch"}
              for c in event.acts)  # fmt: skip
    violent = "riot" in acts or "riot_cue" in acts or any(a.generic == "rioters" for a in side1)
    if mob or violent:
        sub = "Mob violence" if mob else "Violent demonstration"
        for a in side1:  # ACLED names demonstrators who turn violent rioters
            if a.generic == "protesters":
                recast(a, "rioters")
        t.disorder_type, t.event_type, t.sub_event_type = "Demonstrations", "Riots", sub
        t.reasons.append(f"{'a mob' if mob else 'demonstrators using violence'}: Riots / {sub}")
    elif acts & {"kill"} and acts & {"fire", "force", "protest"}:
        t.disorder_type = "Political violence; Demonstrations"
        t.event_type, t.sub_event_type = "Protests", "Excessive force against protesters"
        t.reasons.append("protesters killed: Protests / Excessive force against protesters")
        t.type_of_violence = 3
    elif acts & {"force", "arrest"}:
        t.disorder_type, t.event_type = "Demonstrations", "Protests"
        t.sub_event_type = "Protest with intervention"
        t.reasons.append("a protest dispersed or met with arrests: Protest with intervention")
    else:
        t.disorder_type, t.event_type, t.sub_event_type = "Demonstrations", "Protests", (
            "Peaceful protest")  # fmt: skip
        t.reasons.append("a protest with no violence said: Protests / Peaceful protest")
    return t


def _ucdp(t: Typology, side1: list[Actor], side2: list[Actor]) -> None:
    if t.event_type == "Violence against civilians":
        t.type_of_violence = 3
        t.reasons.append("one-sided violence: an organised armed actor against civilians")
    elif t.event_type in {"Battles", "Explosions/Remote violence"} and side1 and side2:
        state = any(a.actor_type in STATE_TYPES for a in side1 + side2)
        t.type_of_violence = 1 if state else 2
        t.reasons.append("state-based: one side is a state's forces" if state
                         else "non-state: neither side is a state")  # fmt: skip


def type_from_acts(event: Event) -> Typology | None:
    """The event's typology from its acts and roles, or None when its sentences name no act."""
    cues = _event_acts(event)
    if not cues:
        return None
    acts = {c.act for c in cues}
    side1, side2 = _side(event, 1), _side(event, 2)
    t = Typology(disorder_type="Political violence")
    primary = next((c for c in cues if c.act in VIOLENT_ACTS - _RESULTS | PROTEST_ACTS), None)
    primary = primary or next((c for c in cues if c.act in _RESULTS), None)
    if (primary is not None and primary.act in PROTEST_ACTS) or any(
        a.generic in {"protesters", "rioters"} for a in side1
    ):
        return _protest(t, acts, side1, event)
    if primary is not None and primary.act in _REMOTE:
        t.event_type, t.sub_event_type = "Explosions/Remote violence", _REMOTE[primary.act]
        t.reasons.append(f"the first act is remote ({primary.text!r}): {_REMOTE[primary.act]}")
    elif primary is not None and primary.act == "sexual":
        t.event_type, t.sub_event_type = "Violence against civilians", "Sexual violence"
        t.reasons.append(f"sexual violence ({primary.text!r})")
    elif (
        primary is not None
        and primary.act == "abduct"
        and not any(a.actor_type in ARMED_TYPES for a in side2)
    ):
        t.event_type, t.sub_event_type = "Violence against civilians", (
            "Abduction/forced disappearance")  # fmt: skip
        t.reasons.append(f"an abduction ({primary.text!r}): Abduction/forced disappearance")
    elif primary is not None:
        _ground(t, primary, acts, side1, side2, event)
    else:
        _strategic(t, acts)
    _ucdp(t, side1, side2)
    return t


def _ground(t: Typology, primary: ActCue, acts: set[str], side1: list[Actor],
            side2: list[Actor], event: Event) -> None:  # fmt: skip
    armed_target = any(a.actor_type in ARMED_TYPES and not _civilian(a) for a in side2)
    civilians = [a for a in side2 if _civilian(a)]
    if "regain" in acts and any(a.actor_type in STATE_TYPES for a in side1):
        t.event_type, t.sub_event_type = "Battles", "Government regains territory"
        t.reasons.append("state forces retook a place: Battles / Government regains territory")
    elif "capture" in acts and side1 and not any(a.actor_type in STATE_TYPES for a in side1):
        t.event_type, t.sub_event_type = "Battles", "Non-state actor overtakes territory"
        t.reasons.append("a non-state actor took a place: Non-state actor overtakes territory")
    elif armed_target or primary.act == "clash":
        t.event_type, t.sub_event_type = "Battles", "Armed clash"
        why = "a clash" if primary.act == "clash" else "an attack on an armed target"
        t.reasons.append(f"{why} ({primary.text!r}): Battles / Armed clash")
    elif civilians or _civilian_deaths(event):
        t.event_type, t.sub_event_type = "Violence against civilians", "Attack"
        whom = "civilians targeted" if civilians else "civilian casualties"
        t.reasons.append(f"{whom} ({primary.text!r}): Violence against civilians / Attack")
    elif side1 and not _combatant_deaths(event):
        # "gunmen attacked the village of X, killing five people": no armed target is named
        # and no combatant died: a coder reads an attack on civilians
        t.event_type, t.sub_event_type = "Violence against civilians", "Attack"
        t.reasons.append(f"an armed attack ({primary.text!r}) on no armed target, no combatant "
                         "among the dead: Violence against civilians / Attack")  # fmt: skip
    else:
        t.event_type, t.sub_event_type = "Battles", "Armed clash"
        t.reasons.append(f"an armed attack ({primary.text!r}) with combatant casualties and "
                         "no civilian victims named: Battles / Armed clash")  # fmt: skip


def _strategic(t: Typology, acts: set[str]) -> None:
    t.disorder_type, t.event_type = "Strategic developments", "Strategic developments"
    sub = next((s for act, s in _STRATEGIC if act in acts), "Other")
    t.sub_event_type = sub
    t.reasons.append(f"no violence said; {sub.lower()}: Strategic developments / {sub}")
