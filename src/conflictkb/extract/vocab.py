"""Words of the field: kinds of casualty, victim categories, equipment nouns."""

from __future__ import annotations

import re

from ..model import VictimCategory

__all__ = ["KINDS", "equipment_noun", "kind_of", "normalise_category", "state_forces"]

# word (lower case) -> property
KINDS: dict[str, str] = {
    "killed": "deaths", "dead": "deaths", "deaths": "deaths", "death": "deaths", "died": "deaths",
    "executed": "deaths", "fatalities": "deaths", "slain": "deaths", "massacred": "deaths",
    "murdered": "deaths", "kia": "deaths", "perished": "deaths", "lives": "deaths",
    "bodies": "deaths", "corpses": "deaths",
    "wounded": "injured", "injured": "injured", "injuries": "injured", "hurt": "injured",
    "wia": "injured",
    "captured": "captured", "detained": "captured", "prisoners": "captured",
    "prisoner": "captured", "pows": "captured", "pow": "captured", "abducted": "captured",
    "arrested": "captured", "kidnapped": "captured", "surrendered": "captured",
    "taken": "captured", "imprisoned": "captured",
    "missing": "missing", "mia": "missing", "disappeared": "missing",
    "displaced": "displaced", "refugees": "displaced", "fled": "displaced",
    "deported": "displaced", "evacuated": "displaced", "homeless": "displaced",
    "casualties": "casualties", "losses": "casualties",
    "defected": "defected", "deserted": "defected",
}  # fmt: skip

_MULTI = [
    (re.compile(r"^\s+or\s+(?:captured|wounded|injured|missing)", re.I), "casualties"),
    (re.compile(r"^\s+prisoner", re.I), "captured"),
]

_CIVILIAN = {"civilian", "civilians", "residents", "villagers", "inhabitants", "women",
             "children", "men", "people", "persons", "locals", "bystanders", "journalists",
             "worshippers", "protesters", "students", "refugees", "passengers", "pilgrims",
             "shoppers", "workers", "farmers", "herders", "non-combatants", "noncombatants",
             "fulani", "peuls", "migrants", "hostages", "teachers", "doctors", "civils",
             "villageois", "habitants", "femmes", "enfants", "fidèles", "élèves",
             "passagers", "orpailleurs", "éleveurs"}  # fmt: skip
_COMBATANT = {"soldiers", "soldier", "troops", "servicemen", "serviceman", "fighters",
              "fighter", "militants", "militant", "terrorists", "terrorist", "jihadists",
              "jihadist", "insurgents", "insurgent", "rebels", "rebel", "militiamen",
              "militia", "police", "policemen", "officers", "officer", "personnel", "guards",
              "mercenaries", "mercenary", "combatants", "infiltrators", "gunmen", "attackers",
              "assailants", "militias", "marines", "paratroopers", "commandos", "conscripts",
              "recruits", "volunteers", "gendarmes", "members", "islamists", "extremists",
              "bandits", "separatists", "pilots", "crew", "sailors", "airmen", "defenders",
              "army", "forces", "operatives", "snipers", "special", "soldats", "militaires",
              "jihadistes", "djihadistes", "terroristes", "assaillants",
              "policiers", "combattants", "miliciens", "fama", "fds", "vdp", "peacekeepers",
              "casques", "dozos", "hunters"}  # fmt: skip
# "people", "men" are counted civilians only when nothing else is said: see normalise_category.
_AMBIGUOUS = {"people", "persons", "men"}

_EQUIPMENT = re.compile(
    r"\b(tanks?|vehicles?|helicopters?|aircraft|jets?|planes?|drones?|uavs?|ifvs?|apcs?|"
    r"afvs?|bmps?|btrs?|artillery|howitzers?|guns?|mrls?|mlrs|launchers?|grads?|ships?|boats?|"
    r"vessels?|trucks?|technicals?|pieces|aevs?|mi-\d+|su-\d+|bm-\d+|t-\d+|systems?|"
    r"armou?red|radars?|batter(?:y|ies)|missiles?|rockets?|weapons?|mortars?|cars?)\b",
    re.I,
)


def kind_of(token: str, following: str) -> tuple[str, int] | None:
    """The property a kind word stands for, and how many following characters it spans."""
    word = token.lower().rstrip(".")
    prop = KINDS.get(word)
    if prop is None:
        if word in {"shot", "destroyed", "downed", "lost", "damaged"}:
            return None
        return None
    if word == "taken" and not re.match(r"^\s+(prisoner|captive|hostage)", following, re.I):
        return None
    for pattern, multi in _MULTI:
        m = pattern.match(following)
        if m is not None and (word != "taken" or multi == "captured"):
            return (multi if word != "taken" else "captured"), m.end()
    return prop, 0


def equipment_noun(category: str) -> bool:
    return _EQUIPMENT.search(category) is not None


def normalise_category(category: str | None) -> VictimCategory:
    """civilians / combatants / unknown, from the victims as stated."""
    if not category:
        return VictimCategory.UNKNOWN
    words = [w.strip(".,'’").lower() for w in re.split(r"[\s/\-]+", category)]
    if any(w in _COMBATANT for w in words):
        return VictimCategory.COMBATANTS
    if any(w in _CIVILIAN and w not in _AMBIGUOUS for w in words):
        return VictimCategory.CIVILIANS
    return VictimCategory.UNKNOWN


# Combatants who are a state's forces ("soldiers", "gendarmes", "FAMa", "VDP"), the others
# being armed groups: two groups of victims, whose figures add up.
_STATE_FORCES = re.compile(
    r"\b(?:soldiers?|troops|army|military|servicem[ae]n|police\w*|"
    r"officers?|gendarmes?|guards?|forces|personnel|marines|pilots?|"
    r"soldats?|militaires?|policiers?|FAMa|FDS|VDP|peacekeepers|casques bleus)\b",
    re.I,
)


def state_forces(category: str) -> bool:
    """Whether the victims as written are a state's forces."""
    return _STATE_FORCES.search(category) is not None
