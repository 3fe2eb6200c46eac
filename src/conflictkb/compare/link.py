"""Linking our events to reference events, and what agrees and what does not.

One article often covers many day-level coded events (a siege is hundreds of UCDP rows), so an
event is linked to *every* reference event that

1. overlaps its date range (start .. end; an open end counts to the start date only), and
2. is in the same country (when both know it), and
3. is in the same area: within ``max_km`` of our coordinates when both have them, else a
   place name in common (our place text against their admin1 / admin2 / location, accents,
   case and words such as "Governorate" ignored), else shares an actor name.

The comparison then aggregates over the linked events: their date span, summed fatalities
(best, low, high) against our low / best / high estimates, and the sides named on both.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..reference import RefEvent, window
from ..resolve.countries import find_country
from ..store import Store
from ..textutil import fold

__all__ = ["EventComparison", "compare_event", "compare_store", "summarise"]

_GENERIC = {"governorate", "province", "region", "oblast", "district", "state", "city", "town",
            "village", "municipality", "raion", "rayon", "county", "department", "cercle",
            "commune", "muhafazah", "the", "of", "and", "al", "el", "ar", "as", "ad", "northern",
            "southern", "eastern", "western", "central", "north", "south", "east", "west",
            "area", "near", "line", "contact", "border", "forces", "armed", "government",
            "army", "group", "people", "peoples", "republic", "national", "river", "battle",
            "battles", "siege", "offensive", "campaign", "clashes", "attack", "attacks",
            "massacre", "operation", "first", "second", "third", "airport", "port", "bridge",
            "explosion", "bombing", "war", "conflict", "during", "combat", "operations",
            "counteroffensive", "liberation", "skirmishes", "territorial", "control", "arab",
            "syrian"}  # fmt: skip


@dataclass
class EventComparison:
    event_id: str
    title: str
    linked: list[str] = field(default_factory=list)
    reasons: dict[str, str] = field(default_factory=dict)
    ref_start: str | None = None
    ref_end: str | None = None
    ref_best: int | None = None
    ref_low: int | None = None
    ref_high: int | None = None
    ours: dict[str, int | None] = field(default_factory=dict)
    deaths_agree: bool | None = None
    dates_agree: bool | None = None
    sides_in_common: list[str] = field(default_factory=list)
    note: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _tokens(text: str | None) -> set[str]:
    words = re.findall(r"[a-z0-9]+", fold(text or ""))
    return {w for w in words if len(w) > 2 and w not in _GENERIC and not w.isdigit()}


def _place_tokens(text: str | None) -> set[str]:
    """Place words, without country names (a shared country is not a shared area)."""
    return {w for w in _tokens(text) if find_country(w) is None}


def _stem(word: str) -> str:
    return word[:5]


def _overlap(a: set[str], b: set[str]) -> set[str]:
    sa = {_stem(w): w for w in a}
    return {sa[_stem(w)] for w in b if _stem(w) in sa}


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def _place_reason(rec: dict[str, Any], ref: RefEvent, max_km: float) -> str | None:
    place = rec.get("place") or {}
    lat, lon = place.get("lat"), place.get("lon")
    if lat is not None and lon is not None and ref.lat is not None and ref.lon is not None:
        d = _km(lat, lon, ref.lat, ref.lon)
        return f"{d:.0f} km apart" if d <= max_km else None
    ours = _place_tokens(
        " ".join(str(place.get(k) or "") for k in ("raw", "name", "admin1", "admin2"))
        + " "
        + str(rec.get("title") or "")
    )
    theirs = _place_tokens(" ".join(x or "" for x in (ref.adm1, ref.adm2, ref.location)))
    common = _overlap(ours, theirs)
    return f"place names in common: {', '.join(sorted(common))}" if common else None


def _actor_names(rec: dict[str, Any]) -> set[str]:
    return _tokens(
        " ".join(a["name"] for a in rec.get("actors", []) if a.get("role") == "combatant")
    )


def _link(rec: dict[str, Any], ref: RefEvent, max_km: float) -> str | None:
    code = (rec.get("place") or {}).get("country_code")
    if code and ref.country_code and code != ref.country_code:
        return None
    return _place_reason(rec, ref, max_km)


def compare_event(
    store: Store, rec: dict[str, Any], set_name: str | None = None, max_km: float = 50.0
) -> EventComparison:
    deaths = (rec.get("estimates") or {}).get("deaths") or {}
    cmp = EventComparison(
        rec["id"], rec["title"], ours={k: deaths.get(k) for k in ("low", "best", "high")}
    )
    if not rec.get("start_date"):
        cmp.note = "no date: cannot be linked"
        return cmp
    start = date.fromisoformat(rec["start_date"])
    end = date.fromisoformat(rec["end_date"]) if rec.get("end_date") else start
    refs: list[RefEvent] = []
    for ref in window(store, start, end, set_name):
        reason = _link(rec, ref, max_km)
        if reason is not None:
            refs.append(ref)
            cmp.linked.append(ref.ref_id)
            cmp.reasons[ref.ref_id] = reason
            _accumulate(cmp, ref)
    _judge(cmp, rec, start, end, refs)
    return cmp


def _accumulate(cmp: EventComparison, ref: RefEvent) -> None:
    for attr in ("best", "low", "high"):
        value = getattr(ref, attr)
        if value is not None:
            setattr(cmp, f"ref_{attr}", (getattr(cmp, f"ref_{attr}") or 0) + value)
    s, e = ref.date_start.isoformat(), ref.date_end.isoformat()
    cmp.ref_start = min(cmp.ref_start or s, s)
    cmp.ref_end = max(cmp.ref_end or e, e)


def _judge(
    cmp: EventComparison, rec: dict[str, Any], start: date, end: date, refs: list[RefEvent]
) -> None:
    if not cmp.linked:
        return
    cmp.dates_agree = cmp.ref_start is not None and start.isoformat() <= cmp.ref_start and (
        cmp.ref_end or "") <= end.isoformat()  # fmt: skip
    low, high = cmp.ours.get("low"), cmp.ours.get("high")
    if cmp.ref_best is not None and low is not None and high is not None:
        cmp.deaths_agree = low <= cmp.ref_best <= high
    theirs = _tokens(" ".join(f"{r.side_a} {r.side_b}" for r in refs))
    cmp.sides_in_common = sorted(_overlap(_actor_names(rec), theirs))


def compare_store(
    store: Store, set_name: str | None = None, max_km: float = 50.0
) -> list[EventComparison]:
    return [compare_event(store, rec, set_name, max_km) for rec in store.iter_records()]


def summarise(results: list[EventComparison]) -> dict[str, Any]:
    linked = [r for r in results if r.linked]
    with_deaths = [r for r in linked if r.deaths_agree is not None]
    ratios = sorted(
        (r.ours["best"] or 0) / r.ref_best for r in linked if r.ref_best and r.ours.get("best") is not None
    )  # fmt: skip
    return {
        "events": len(results),
        "events_linked": len(linked),
        "reference_events_linked": len({x for r in linked for x in r.linked}),
        "dates_agree": sum(1 for r in linked if r.dates_agree),
        "deaths_compared": len(with_deaths),
        "deaths_within_our_range": sum(1 for r in with_deaths if r.deaths_agree),
        "median_ratio_our_best_to_their_sum": ratios[len(ratios) // 2] if ratios else None,
        "sides_in_common": sum(1 for r in linked if r.sides_in_common),
    }
