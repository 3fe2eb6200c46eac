"""Do two extracted events describe the same incident? A score with its reasons.

The rule (docs/merging.md has it in full, with the weights):

* **Vetoes** end the comparison: different countries; dates further apart than both
  precisions allow; points more than 100 km apart; a protest against an armed clash; two
  encyclopedia articles with different titles (an encyclopedia has one article per event).
* **Evidence** adds up:
  - dates: the same day 2.5, overlapping 2, within the precision 1 (0.5 for two day-precise
    dates a day apart);
  - place: within 10 km 2.5, 25 km 1.5, 50 km 0.5; at the coarser precision the same admin2 1.5
    and admin1 1 (1 and 0.5 when neither is a point), the same place written 1; two different
    places written, neither a region nor a spelling of the other, -2.5;
  - names: the same name 3 (of two reports' headlines 1.5), the report naming the event 4, the
    place of its name written as a name 1.5;
  - parties: each named party in common 1, at most 2; -1.5 when each also names one the other
    lacks;
  - figures: each in common 1 from ten up, 0.5 below, at most 2;
  - event type: the same ACLED type 0.5; two different violent types on one day -1.5.
* **Granularity**: unless the report names the event, when one event lasts at least four weeks
  and four times as long as the other, and contains it in time and place, the short one is
  ``part_of`` the long one: a typed link, never a merge. Between two encyclopedia articles only an article's own "Part of" makes the
  link (their dates and regions overlap too often to say more).

Date and place alone (at most 5) never reach the default threshold (6): a second report of an
incident shares at least a name, an actor or a figure with the first. A report with no date of
its own that names a stored event of its country joins it, and the reasons say "merged on
names alone".
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from ..model import DatePrecision, Event, Place
from ..resolve.countries import find_country
from ..resolve.gazetteer import Gazetteer
from ..resolve.geocode import distance_km
from ..textutil import fold

__all__ = [
    "DEFAULT_THRESHOLD",
    "Judgement",
    "date_window",
    "event_names",
    "index_keys",
    "is_encyclopedia",
    "judge",
    "name_key",
    "query_keys",
    "referenced_names",
]

DEFAULT_THRESHOLD = 6.0
_TOLERANCE_DAYS = {DatePrecision.DAY: 1, DatePrecision.DAYS_2_6: 3, DatePrecision.WEEK: 7,
                   DatePrecision.MONTH: 15, DatePrecision.LONGER: 31}  # fmt: skip
_VIOLENT = {"Battles", "Explosions/Remote violence", "Violence against civilians"}
_CROWD = {"Protests", "Riots"}
_NAME_WORDS = {"massacre", "massacres", "battle", "siege", "attack", "attacks", "offensive",
               "bombing", "bombings", "ambush", "raid", "killings", "killing", "campaign",
               "liberation", "capture", "fall", "operation", "clashes", "strike", "strikes",
               "shelling", "explosion", "the", "of", "in", "at", "and", "first", "second",
               "third", "de", "du", "la", "le", "des", "attaque", "bataille",
               "prise", "counteroffensive", "incident", "incidents"}  # fmt: skip


@dataclass(slots=True)
class Judgement:
    """How a new event relates to a stored one: ``kind`` is ``same``, ``part_of`` (the new
    event is part of the stored one), ``contains`` (the stored one is part of the new one),
    ``follows`` or ``reaction_to`` (a later report naming the stored event), or
    ``distinct``."""

    score: float
    kind: str
    reasons: list[str] = field(default_factory=list)
    veto: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {"score": round(self.score, 2), "kind": self.kind, "reasons": list(self.reasons),
                "veto": self.veto}  # fmt: skip


def name_key(name: str) -> str:
    """A name as compared: folded, without a leading article or punctuation."""
    words = re.findall(r"[a-z0-9]+", fold(name))
    if words and words[0] in {"the", "la", "le", "les", "l"}:
        words = words[1:]
    return " ".join(words)


def event_names(ev: Event) -> list[str]:
    """The event's names as compared: its name and aliases, each also without a trailing
    qualifier in brackets ("Battle of Raqqa (2017)" is also "battle of raqqa")."""
    names: list[str] = []
    for x in [ev.name, *ev.aliases]:
        names.append(name_key(x))
        bare = re.sub(r"\s*\([^)]*\)\s*$", "", x)
        if bare != x and len(bare.split()) >= 2:
            names.append(name_key(bare))
    return [n for n in dict.fromkeys(names) if n]


def is_encyclopedia(ev: Event) -> bool:
    return bool(ev.documents) and ev.documents[0].encyclopedia


_OPEN_DAYS = 730


def _range(ev: Event) -> tuple[date, date] | None:
    """The event's dates; an article's open end ("18 April 2022 – present") runs to its
    document's publication, else two years on."""
    if ev.start_date is None:
        return None
    if ev.end_date is None and is_encyclopedia(ev):
        published = ev.documents[0].published if ev.documents else None
        end = published if published and published > ev.start_date else (
            ev.start_date + timedelta(days=_OPEN_DAYS))  # fmt: skip
        return ev.start_date, end
    end = ev.end_date if ev.end_date and ev.end_date >= ev.start_date else ev.start_date
    return ev.start_date, end


def _tolerance(ev: Event) -> int:
    return _TOLERANCE_DAYS.get(ev.date_precision or DatePrecision.DAY, 1)


def date_window(ev: Event) -> tuple[date, date] | None:
    """The dates a stored event must touch to be a candidate for ``ev``."""
    rng = _range(ev)
    if rng is None:
        return None
    pad = timedelta(days=max(_tolerance(ev), 31))
    return rng[0] - pad, rng[1] + pad


@dataclass(slots=True)
class _Tally:
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)
    veto: str | None = None
    no_date: bool = False
    no_place: bool = False
    names: float = 0.0

    def add(self, points: float, reason: str) -> None:
        self.score += points
        self.reasons.append(f"{reason} ({points:+g})" if points else reason)


def _dates(new: Event, old: Event, t: _Tally) -> None:
    a, b = _range(new), _range(old)
    if a is None or b is None:
        t.no_date = True
        t.add(0, "no date on one side")
        return
    gap = max((b[0] - a[1]).days, (a[0] - b[1]).days, 0)
    tol = max(_tolerance(new), _tolerance(old))
    one_day = new.date_precision is DatePrecision.DAY and old.date_precision is DatePrecision.DAY
    if gap == 0 and a[0] == b[0] and one_day:
        t.add(2.5, f"same day {a[0].isoformat()}")
    elif gap == 0:
        t.add(2.0, "dates overlap")
    elif gap <= tol:
        # Two day-precise dates a day apart are as often two days of fighting as one attack
        # dated twice: weak evidence.
        t.add(0.5 if one_day else 1.0, f"dates {gap} day(s) apart, within the precision")
    else:
        t.veto = f"dates {gap} days apart"


def _coarse(ev: Event) -> bool:
    p = ev.place
    return p is None or p.lat is None or (p.where_prec or 1) >= 4


def _places(new: Event, old: Event, t: _Tally) -> None:
    pa, pb = new.place, old.place
    ca, cb = (pa.country_code if pa else None), (pb.country_code if pb else None)
    if ca and cb and ca != cb:
        t.veto = f"different countries ({ca}, {cb})"
        return
    if not ca or not cb:
        t.no_place = True
        t.add(0, "no place on one side")
        return
    assert pa is not None and pb is not None
    if not _coarse(new) and not _coarse(old):
        km = distance_km(pa.lat, pa.lon, pb.lat, pb.lon)  # type: ignore[arg-type]
        if km > 100:
            t.veto = f"places {km:.0f} km apart"
        elif km <= 50:
            points = 2.5 if km <= 10 else 1.5 if km <= 25 else 0.5
            t.add(points, f"places {km:.0f} km apart")
        else:
            t.add(0, f"places {km:.0f} km apart")
        return
    both = _coarse(new) and _coarse(old)  # neither is a point: the region says little
    written = _written_place(pa)
    if written and written == _written_place(pb) and not _is_region(pa, written, pa):
        t.add(1.0, f"same place written {pa.raw.split(',')[0]!r}")
    if pa.admin2 and pa.admin2 == pb.admin2:
        t.add(1.0 if both else 1.5, f"same admin2 {pa.admin2} (at the coarser precision)")
    elif pa.admin1 and pa.admin1 == pb.admin1:
        t.add(0.5 if both else 1.0, f"same admin1 {pa.admin1} (at the coarser precision)")
    else:
        t.add(0, f"same country {ca} only")


_PLACE_WORDS = {"village", "town", "city", "district", "governorate", "province", "region",
                "state", "suburb", "lga", "department", "departement", "cercle", "commune",
                "municipality", "oblast", "raion", "area", "neighbourhood", "neighborhood",
                "county", "the", "of", "near", "outskirts"}  # fmt: skip


def _written_place(p: Place | None) -> str:
    """The most specific place as written: the first part of the raw place, without words
    such as "village" or "district"; nothing for a description ("Western and eastern part of
    Daraa Governorate", "Armenian-occupied territories surrounding ...")."""
    if p is None or not p.raw:
        return ""
    words = [
        w for w in re.findall(r"[a-z0-9]+", fold(p.raw.split(",")[0])) if w not in _PLACE_WORDS
    ]
    return " ".join(words) if 0 < len(words) <= 3 else ""


_SETTLEMENT = re.compile(r"\b(?:village|town|city|suburb|camp|neighbou?rhood)\b", re.I)


def _is_region(p: Place, written: str, source: Place) -> bool:
    """``written`` (from the place ``source``) names the region ``p`` lies in ("Mopti" for a
    village of the Mopti region), unless it was written as a settlement ("Homs town")."""
    regions = {" ".join(re.findall(r"[a-z0-9]+", fold(x))) for x in (p.admin1, p.admin2) if x}
    raw = source.raw.split(",")[0] if source.raw else ""
    return written in regions and not _SETTLEMENT.search(raw)


def _named_apart(new: Event, old: Event, t: _Tally) -> None:
    """Two different places written ("Badama" and "Kafr Takharim" in one governorate), neither
    a region of the other nor a spelling of it: evidence of two events."""
    pa, pb = new.place, old.place
    a, b = _written_place(pa), _written_place(pb)
    if not a or not b or pa is None or pb is None or a == b:
        return
    if _is_region(pb, a, pa) or _is_region(pa, b, pb) or a in b or b in a:
        return
    if len(a) >= 5 and Gazetteer.edit_distance(a, b, 2) <= 2:
        return
    if find_country(a) or find_country(b):
        return
    t.add(-2.5, f"different places written ({pa.raw.split(',')[0]}, {pb.raw.split(',')[0]})")


_DIRECTIONS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western",
               "central", "northeastern", "northwestern", "southeastern", "southwestern"}  # fmt: skip


def _name_places(names: list[str]) -> set[str]:
    """The words of an event's names that can name its place ("moura" of "moura massacre"):
    not event words, years, directions, countries or nationalities."""
    return {w for n in names for w in n.split() if w not in _NAME_WORDS and w not in _DIRECTIONS
            and not w.isdigit() and len(w) > 2 and find_country(w, demonyms=True) is None}  # fmt: skip


_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december", "janvier", "fevrier", "mars", "avril",
           "mai", "juin", "juillet", "aout", "septembre", "octobre", "novembre", "decembre"}  # fmt: skip


@lru_cache(maxsize=4)
def _reading(text: str) -> tuple[str, frozenset[str]]:
    """A new document's text as names are looked up in it, read once for all the candidates
    it is judged against: its words (" the moura massacre ... ") and the words it writes with
    a capital, folded (months left out)."""
    proper = frozenset(fold(w) for w in re.findall(r"\b[A-Z][\w'’-]+", text)) - _MONTHS
    return f" {name_key(text)} ", proper


def _place_names(ev: Event) -> set[str]:
    """The words of the event's place as written and as resolved."""
    p = ev.place
    if p is None:
        return set()
    text = " ".join(x for x in (p.raw, p.name, p.admin2) if x)
    return set(re.findall(r"[a-z0-9]+", fold(text)))


def _spelled_as(word: str, places: set[str]) -> bool:
    """The word is one of the place's words, or a spelling of it ("Moura" for the infobox's
    "Mourrah" and GeoNames' "Mora"): at most two edits from five letters up, one from four."""
    if word in places:
        return True
    limit = 2 if len(word) >= 5 else 1 if len(word) == 4 else 0
    return limit > 0 and any(abs(len(p) - len(word)) <= limit and Gazetteer.edit_distance(word, p, limit) <= limit
                             for p in places)  # fmt: skip


def _names(new: Event, old: Event, new_text: str, t: _Tally) -> None:
    na, nb = event_names(new), event_names(old)
    words, proper = _reading(new_text)
    if set(na) & set(nb):
        named = is_encyclopedia(new) or is_encyclopedia(old)
        t.names = 3.0 if named else 1.5
        t.add(t.names, f"same name {old.name!r}" if named else f"same headline {old.name!r}")
        return
    said = next((n for n in nb if len(n) > 5 and f" {n} " in words), None)
    if said is not None:
        t.names = 4.0
        t.add(4.0, f"the report names the event {said!r}")
        return
    # "Moura" of "Moura massacre", when Moura is also the event's place and the report writes
    # it as a name.
    places = _place_names(old)
    place_words = sorted(w for w in _name_places(nb) if w in proper and _spelled_as(w, places))
    if place_words:
        t.names = 1.5
        t.add(1.5, f"the report names {place_words[0]!r} of {old.name!r}")


_PARTIES = {"combatant", "initiator", "target", "perpetrator", "commander"}


def _actor_names(ev: Event) -> set[str]:
    """Named parties to the event (not the organisations a text merely mentions)."""
    return {fold(a.name) for a in ev.actors
            if a.name and not a.generic and (a.role in _PARTIES or a.side is not None)}  # fmt: skip


def _actors(new: Event, old: Event, t: _Tally) -> None:
    a, b = _actor_names(new), _actor_names(old)
    common = sorted(a & b)
    if common:
        t.add(min(2.0, float(len(common))), "actors in common: " + ", ".join(common[:3]))
    if common and len(a) >= 2 and len(b) >= 2 and a - b and b - a:
        # "JNIM against the army" and "JNIM against a Dozo militia": two events.
        t.add(-1.5, f"opponents differ ({sorted(a - b)[0]}, {sorted(b - a)[0]})")


def _figures(ev: Event) -> set[tuple[str, int, int | None]]:
    return {(c.property, c.min, c.max) for c in ev.claims
            if c.parsed and c.min is not None and c.min >= 2}  # fmt: skip


def _figures_part(new: Event, old: Event, t: _Tally) -> None:
    """Figures in common: 1 each from ten up (a toll of 203 is telling), 0.5 below."""
    common = sorted(_figures(new) & _figures(old), key=lambda f: (f[0], f[1]))
    if common:
        shown = ", ".join(f"{p} {lo}" for p, lo, _ in common[:3])
        points = sum(1.0 if lo >= 10 else 0.5 for _, lo, _ in common)
        t.add(min(2.0, points), f"figures in common: {shown}")


def _types(new: Event, old: Event, t: _Tally) -> None:
    ta = new.typology.event_type if new.typology else None
    tb = old.typology.event_type if old.typology else None
    if not ta or not tb:
        return
    if ta == tb:
        t.add(0.5, f"same event type {ta}")
    elif (ta in _CROWD and tb in _VIOLENT) or (tb in _CROWD and ta in _VIOLENT):
        t.veto = f"a {ta} event against a {tb} event"
    elif ta in _VIOLENT and tb in _VIOLENT and _one_day(new, old):
        # Sources code a contested event differently (a battle for the army, a massacre for
        # HRW), so no veto; but ACLED codes two types on one day and place as two events.
        t.add(-1.5, f"event types differ on one day ({ta}, {tb})")


def _one_day(a: Event, b: Event) -> bool:
    return (a.date_precision is DatePrecision.DAY and b.date_precision is DatePrecision.DAY
            and a.start_date == b.start_date)  # fmt: skip


def _days(ev: Event) -> int | None:
    rng = _range(ev)
    return (rng[1] - rng[0]).days + 1 if rng else None


def _inside(small: Event, large: Event) -> bool:
    """The small event's place lies within the large one's: it is at least as precise, and
    within 50 km of it or in its admin1 region."""
    ps, pl = small.place, large.place
    if ps is None or pl is None or (ps.where_prec or 9) > (pl.where_prec or 9):
        return False
    if ps.lat is not None and pl.lat is not None and not _coarse(large):
        return distance_km(ps.lat, ps.lon, pl.lat, pl.lon) <= 50  # type: ignore[arg-type]
    return bool(pl.admin1) and ps.admin1 == pl.admin1 or not pl.admin1 and bool(pl.country_code)


def _granularity(new: Event, old: Event) -> str | None:
    """``part_of`` when the new event sits inside a much longer stored one (in time and place),
    ``contains`` for the reverse, else None."""
    a, b, da, db = _range(new), _range(old), _days(new), _days(old)
    if a is None or b is None or da is None or db is None:
        return None
    if db >= 28 and db >= 4 * da and b[0] <= a[0] and a[1] <= b[1]:
        return "part_of" if _inside(new, old) else "distinct"
    if da >= 28 and da >= 4 * db and a[0] <= b[0] and b[1] <= a[1]:
        return "contains" if _inside(old, new) else "distinct"
    return None


def _later(new: Event, old: Event, new_text: str, t: _Tally) -> Judgement | None:
    """A report dated after a stored event that it names is about what followed it: a protest
    or a riot is a ``reaction_to`` it, anything else ``follows`` it."""
    a, b = _range(new), _range(old)
    if not (t.veto or "").startswith("dates") or a is None or b is None or a[0] <= b[1]:
        return None
    ca = new.place.country_code if new.place else None
    cb = old.place.country_code if old.place else None
    if ca and cb and ca != cb:
        return None
    _names(new, old, new_text, t)
    if t.names < 4:
        return None
    crowd = new.typology is not None and new.typology.event_type in _CROWD
    return Judgement(t.score, "reaction_to" if crowd else "follows", t.reasons, t.veto)


def judge(new: Event, old: Event, new_text: str = "",
          threshold: float = DEFAULT_THRESHOLD) -> Judgement:  # fmt: skip
    """Compare a new event (``new_text``: its document's text) with a stored one."""
    t = _Tally()
    for part in (_dates, _places, _types):
        part(new, old, t)
        if t.veto:
            return _later(new, old, new_text, t) or Judgement(t.score, "distinct", t.reasons,
                                                              t.veto)  # fmt: skip
    _named_apart(new, old, t)
    _names(new, old, new_text, t)
    _actors(new, old, t)
    _figures_part(new, old, t)
    articles = is_encyclopedia(new) and is_encyclopedia(old)
    grain = _granularity(new, old) if t.names < 3 else None  # a report naming it is about it
    if grain is not None:
        t.reasons.append("one event lasts four times as long as the other")
        # Between two articles only their own "Part of" says so: no automatic part_of.
        linked = grain != "distinct" and t.score >= threshold - 1 and not articles
        return Judgement(t.score, grain if linked else "distinct", t.reasons)
    if articles and name_key(new.name) != name_key(old.name):
        return Judgement(t.score, "distinct", t.reasons,
                         "two encyclopedia articles with different titles")  # fmt: skip
    if t.no_date and not t.no_place and t.names >= 4:
        # A report with no date of its own that names a stored event of its country is
        # about it: merged on the name, and the reasons say so.
        t.reasons.append("merged on names alone: no date on one side")
        return Judgement(t.score, "same", t.reasons)
    if t.score < threshold:
        return Judgement(t.score, "distinct", t.reasons)
    if (t.no_date or t.no_place) and t.score - t.names < threshold:
        t.reasons.append("merged on names alone: " + ("no date" if t.no_date else "no place")
                         + " on one side")  # fmt: skip
    return Judgement(t.score, "same", t.reasons)


# -- the candidate index: place cell x month, country x month, name -------------------------
_CELL_DEGREES = 0.5
_MAX_MONTHS = 120
_REFERENCES = [  # run separately: "The siege of Marinka" holds two overlapping names
    re.compile(
        r"\b(?:Battle|Siege|Liberation|Capture|Fall|Bombing|Massacre|Sack|battle|siege)"
        r"\s+of\s+(?:the\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?"
        r"(?:\s+\(\d{4}(?:[–-]\d{2,4})?\))?"
    ),
    re.compile(
        r"\b(?:(?:19|20)\d\d\s+)?(?:[A-Z][\w'’-]+\s+){1,3}(?i:massacre|attack|bombing|"
        r"ambush|killings|raid|offensive|siege|strike|shelling|explosion)s?\b"
    ),
    re.compile(r"(?i:massacre|attaque|bataille|tuerie)\s+(?:de|du|d'|à)\s*[A-Z][\w'’-]+"),
]


def _months(lo: date, hi: date) -> list[str]:
    out: list[str] = []
    y, m = lo.year, lo.month
    while (y, m) <= (hi.year, hi.month) and len(out) < _MAX_MONTHS:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat / _CELL_DEGREES), math.floor(lon / _CELL_DEGREES)


def _cells(ev: Event, months: list[str], neighbours: bool) -> list[str]:
    p = ev.place
    if p is None or p.lat is None or p.lon is None or _coarse(ev):
        return []
    y, x = _cell(p.lat, p.lon)
    steps = (-1, 0, 1) if neighbours else (0,)
    return [f"c:{y + dy}:{x + dx}:{m}" for dy in steps for dx in steps for m in months]


def index_keys(ev: Event) -> list[str]:
    """The keys a stored event part is found by: ``c:`` its place cell by month (a point),
    ``k:`` its country by month (every placed part), ``kc:`` the same for a part placed only
    at region or country level, ``n:`` its names."""
    rng, cc = _range(ev), ev.place.country_code if ev.place else None
    keys: list[str] = []
    if rng is not None and cc:
        months = _months(*rng)
        keys += _cells(ev, months, neighbours=False) + [f"k:{cc}:{m}" for m in months]
        keys += [f"kc:{cc}:{m}" for m in months] if _coarse(ev) else []
    return list(dict.fromkeys(keys + [f"n:{n}" for n in event_names(ev)]))


def referenced_names(text: str) -> list[str]:
    """Event names a report refers to ("the Moura massacre", "Battle of Kyiv")."""
    names = (name_key(m.group(0)) for rx in _REFERENCES for m in rx.finditer(text))
    return list(dict.fromkeys(n for n in names if len(n.split()) >= 2))


def query_keys(ev: Event, text: str = "") -> list[str]:
    """The keys to look up for a new event part: its date window in its place cell and the
    neighbouring ones (and the country's coarsely placed parts), or, placed coarsely itself,
    every part of its country; its own names and the event names its text uses."""
    window, cc = date_window(ev), ev.place.country_code if ev.place else None
    keys: list[str] = []
    if window is not None and cc:
        months = _months(*window)
        cells = _cells(ev, months, neighbours=True)
        # A point looks in its cells and at the country's coarse parts; a coarse part at all.
        keys += cells + [f"{'kc' if cells else 'k'}:{cc}:{m}" for m in months]
    names = event_names(ev) + referenced_names(text[:20000])
    return list(dict.fromkeys(keys + [f"n:{n}" for n in names if n]))
