"""The event's place from the place expressions of the text, the way a coder finds it.

Every mention ("near Boulkessi (Mondoro, Mopti)", "in Diffa", "between Koro and Dioungani") is
looked up in the gazetteer; its candidates are scored by the context the text gives:

* the admin names written with the mention (the parenthetical, "in the X region") match the
  candidate's admin1 or admin2: +4 each;
* the candidate's country is named in the text (a country name, "the Syrian civil war", not
  the nationality of forces nor an actor's name): +3 times its share of the text's evidence;
* other mentions have candidates in that country: +1.5 each, divided by the number of
  countries that mention's name is found in;
* another mention names the candidate's admin1 region: +2;
* the candidate's importance (capital, admin seat, town) and population break the rest of ties.

A name that is an admin1 region ("the Mopti region", "in Gao region") is resolved as a region.
Admin names written beside a mention bind it: candidates in another region are dropped. The
event's place is the mention of greatest weight (set by the narrative step: sentences with
violence, the first lines) that resolves; its country is the event's country.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..model import PlaceMention
from .countries import country_named, find_country
from .gazetteer import SPLIT_FROM, Gazetteer, GazPlace, bare_admin_name

__all__ = ["TextPlace", "resolve_mentions"]

_MAX_MENTIONS = 40  # the weightiest mentions are resolved; the rest of a long article is noise
_NEAR_FOR = 4  # near spellings are looked for the four weightiest mentions only
_FEATURE = {"PPLC": 3.0, "PPLA": 2.5, "PPLA2": 2.0, "PPLA3": 1.5, "PPLA4": 1.2, "PPL": 1.0}


@dataclass(frozen=True, slots=True)
class TextPlace:
    """The resolved place of one mention: a gazetteer place, or an admin1 region alone."""

    mention: PlaceMention
    place: GazPlace | None
    country: str
    admin1_code: str | None  # "ML.04"
    score: float
    reasons: tuple[str, ...]


@dataclass
class _Candidate:
    mention: PlaceMention
    place: GazPlace | None
    country: str
    admin1: str | None
    base: float


_ARTICLE = re.compile(r"^(?:al|el|as|ar|ash|at|ad|an|az)[-\s]", re.I)


def _spellings(name: str) -> list[str]:
    """The name and its common variants: "al-Qaryatayn", "al Qaryatayn", "Qaryatayn"."""
    out = [name, name.replace("-", " ")]
    if _ARTICLE.match(name):
        out.append(_ARTICLE.sub("", name))
    return list(dict.fromkeys(out))


def _lookup(gaz: Gazetteer, name: str, countries: set[str], near_in: set[str],
            regions: set[str], admins: tuple[str, ...] = ()) -> list[tuple[GazPlace, int]]:  # fmt: skip
    """(place, edits; 0 for the name itself) of the places so named in the named countries and
    the home region (the Sahel); near spellings ("Moura" for "Mora") inside ``near_in`` when no
    named country has the name in the regions written beside it; the world's places of that
    exact name when none of these has one."""
    names = _spellings(name)
    hits = {h.id: (h, 0) for n in names for cc in sorted(countries) for h in gaz.lookup(n, cc)}
    hits |= {h.id: (h, 0) for n in names for h in gaz.lookup_home(n)}
    # the written names below region level ("Djenne" in "Moura (Djenne, Mopti)")
    written = {bare_admin_name(a) for a in admins if not gaz.admin1_codes_named(a)} - {""}
    exact = [h for h, _ in hits.values() if h.country in countries and _fits(h, regions)]
    if not exact or (
        written
        and not any(_admin_names(gaz, f"{h.country}.{h.admin1_code}", h) & written for h in exact)
    ):
        # none so named there, or none in the cercle written beside it: "Moura (Djenne,
        # Mopti)" is GeoNames' "Mora" of Djenné, not a "Moura" elsewhere in Mopti
        for cc in sorted(near_in):
            for h, d in gaz.near_spellings_scored(name, cc):
                hits.setdefault(h.id, (h, d))
    if not any(d == 0 for _, d in hits.values()):
        for h in (h for n in names for h in gaz.lookup(n)):
            hits.setdefault(h.id, (h, 0))
    return list(hits.values())


def _fits(p: GazPlace, regions: set[str]) -> bool:
    """Whether a place lies in one of the admin1 regions written beside its name (any, when
    none is written); a region carved out of the place's older one fits too."""
    code = f"{p.country}.{p.admin1_code}"
    return not regions or code in regions or any(SPLIT_FROM.get(r) == code for r in regions)


def _below_country(m: PlaceMention, countries: set[str]) -> tuple[str, ...]:
    """The admin names written with a mention, but a last one that is one of the text's
    countries: the Mali of "Mopti (Mopti, Mali)" is no prefecture of Guinea. ("Mokwa (Niger,
    Nigeria)" keeps Niger State; a Nigerian text's "Minna (Niger)" too.)"""
    if m.admins and country_named(m.admins[-1]) in countries:
        return m.admins[:-1]
    return m.admins


def _written_admins(gaz: Gazetteer, admins: tuple[str, ...]) -> list[tuple[str, str]]:
    """(country, admin1 code) of the admin names written with a mention ("Mondoro, Mopti")."""
    out: list[tuple[str, str]] = []
    for name in admins:
        for code in gaz.admin1_codes_named(name):
            out.append((code.split(".")[0], code))
        for code in gaz.admin2_codes_named(name):
            cc, a1, _ = code.split(".", 2)
            out.append((cc, f"{cc}.{a1}"))
    return out


def _candidates(gaz: Gazetteer, m: PlaceMention, countries: set[str],
                near_in: set[str]) -> list[_Candidate]:  # fmt: skip
    admins = _below_country(m, countries)
    written = _written_admins(gaz, admins)
    countries = countries | {cc for cc, _ in written}
    out: list[_Candidate] = []
    for code in gaz.admin1_codes_named(m.name):
        cc = code.split(".")[0]
        if m.admin_level or not countries or cc in countries:
            out.append(_Candidate(m, None, cc, code, 2.5 if m.admin_level else 0.5))
    if m.admin_level and out:
        return out
    regions = {code for _, code in written}
    near_countries = near_in | {cc for cc, _ in written}
    for p, edits in _lookup(gaz, m.name, countries, near_countries, regions, admins):
        if not _fits(p, regions):
            continue  # "Kerboule (Tillaberi, Tillaberi)" is no village of Zinder
        base = _FEATURE.get(p.feature, 0.8) + math.log10(p.population + 1) / 3
        if edits:  # the closer spelling first, and to the place's own name: "Moura" is
            # "Mora" before "Kouara" (one of whose other names is "Koura")
            base -= 1.0 + 0.5 * edits + 0.25 * min(gaz.edit_distance(m.name, p.name), 2)
        out.append(_Candidate(m, p, p.country, f"{p.country}.{p.admin1_code}", base))
    if not out:  # "Boulkessi (Mondoro, Mopti)", not in the gazetteer: its region as written
        out = [_Candidate(m, None, cc, code, 0.5) for cc, code in dict.fromkeys(written)]
    return out


def _admin_names(gaz: Gazetteer, admin1: str | None, place: GazPlace | None) -> set[str]:
    """The bare names of a candidate's admin1 region (CC.X) and, for a place, its admin2."""
    names = {bare_admin_name(gaz.admin1.get(admin1 or "", ""))}
    if place is not None:
        names.add(bare_admin_name(gaz.admin2_name(place) or ""))
    return names - {""}


def resolve_mentions(mentions: Iterable[PlaceMention], gaz: Gazetteer,
                     named: dict[str, float]) -> list[TextPlace]:  # fmt: skip
    """Every mention that resolves, best candidate each, in order of the mentions' weight.

    ``named``: the countries the text names (or the event's known country), each with its
    share of the text's country evidence (1.0 for the most named)."""
    # a country, or a nationality ("Turkish", "Arabs"), is not a place of the event
    own = [m for m in mentions if find_country(m.name, demonyms=True) is None]
    own = sorted(own, key=lambda m: -m.weight)[:_MAX_MENTIONS]
    near_in = {c for c, share in named.items() if share >= 1.0}
    # near spellings cost a scan of a country's names: only for the likeliest mentions
    cands = {id(m): _candidates(gaz, m, set(named), near_in if i < _NEAR_FOR else set())
             for i, m in enumerate(own)}  # fmt: skip
    by_country: dict[str, dict[int, float]] = {}
    admin1s: dict[str, set[int]] = {}
    for key, cs in cands.items():
        spread = len({c.country for c in cs})
        for c in cs:  # a name found in five countries says little about any of them
            by_country.setdefault(c.country, {})[key] = 1 / spread
            if c.place is None and c.admin1:
                admin1s.setdefault(c.admin1, set()).add(key)
    out: list[TextPlace] = []
    for m in own:
        scored = [_score(gaz, c, named, by_country, admin1s) for c in cands[id(m)]]
        if scored:
            out.append(max(scored, key=lambda t: t.score))
    return sorted(out, key=lambda t: -t.mention.weight)


def _score(gaz: Gazetteer, c: _Candidate, named: dict[str, float],
           by_country: dict[str, dict[int, float]],
           admin1s: dict[str, set[int]]) -> TextPlace:  # fmt: skip
    score, reasons = c.base, []
    written = {bare_admin_name(a) for a in c.mention.admins} - {""}
    matched = written & _admin_names(gaz, c.admin1, c.place)
    if matched:
        score += 4 * len(matched)
        reasons.append(f"in {', '.join(sorted(matched))} as written beside it")
    if c.country in named:
        score += 3 * named[c.country]
        reasons.append(f"{c.country} is named in the text")
    near = {k: v for k, v in by_country.get(c.country, {}).items() if k != id(c.mention)}
    if near:
        score += 1.5 * sum(near.values())
        reasons.append(f"{len(near)} other place(s) of the text may be in {c.country}")
    if c.place is not None and c.admin1 and admin1s.get(c.admin1, set()) - {id(c.mention)}:
        score += 2
        reasons.append("its region is named in the text")
    return TextPlace(c.mention, c.place, c.country, c.admin1, score, tuple(reasons))
