"""Place strings to gazetteer places, with admin regions and UCDP / ACLED precision codes.

Order of trust: coordinates written in the document, then a gazetteer place named in the place
string (most specific part first; country and region in context narrow it down), then a named
admin1 region (no pin), then the country alone (no pin). A place we cannot resolve keeps its
raw text and gets no coordinates: a guess is never shown as a fact.
"""

from __future__ import annotations

import math
import re

from ..model import Document, Event, Place
from .countries import (
    country_name,
    country_scores,
    dominant_country,
    find_country,
    named_countries,
)
from .gazetteer import SPLIT_FROM, Gazetteer, GazPlace
from .textplace import TextPlace, resolve_mentions

__all__ = ["GeocodeStep", "distance_km", "lead_context"]

_DESCRIPTOR = re.compile(
    r"^(?:.*\b(?:town|city|village|commune|region|district|province|area)\s+of\s+)", re.I
)
_REGION_WORD = (
    r"(?i:Oblast|Governorate|Province|Region|Krai|Prefecture|Department|State|"
    r"Voivodeship|County|Emirate|Wilaya|Vilayet|Raion|Okrug)"
)
_REGION = re.compile(
    rf"\b(?P<a>[A-Z][\w'’-]+(?:[ -][A-Z][\w'’-]+)?)\s+{_REGION_WORD}\b|"
    rf"\b{_REGION_WORD}\s+of\s+(?P<b>[A-Z][\w'’-]+(?:[ -][A-Z][\w'’-]+)?)"
)
_OCCUPIED = re.compile(r"^[\w]+-(?:occupied|controlled|held)\s+", re.I)
_FEATURE_RANK = {"PPLC": 5, "PPLA": 4, "PPLA2": 3, "PPLA3": 2, "PPLA4": 2, "PPL": 1}


def lead_context(doc: Document) -> str:
    """The title and the lead, where the event is introduced. A report whose title is its
    first line has it once: evidence written once is not counted twice."""
    lead = next((s for s in doc.sections if s.level == 1), None)
    text = doc.text[lead.start : lead.end] if lead else doc.text[:2000]
    return text if doc.title and text.lstrip().startswith(doc.title) else doc.title + "\n" + text


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def _parts(raw: str) -> list[str]:
    parts = []
    for chunk in re.split(r",|;|\band\b|\(|\)", raw):
        text = _DESCRIPTOR.sub("", chunk.strip()).strip(" .")
        text = re.sub(
            r"^(?:the|northern|southern|eastern|western|central|near|outskirts of|"
            r"[\w]+-(?:occupied|controlled|held))\s+",
            "",
            text,
            flags=re.I,
        )
        if text:
            parts.append(text)
    return parts


class GeocodeStep:
    """Pipeline step: resolve ``event.place`` against the offline gazetteer."""

    __name__ = "geocode"

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer or Gazetteer()

    def __call__(self, doc: Document, event: Event) -> None:
        place = event.place or Place(raw="")
        event.place = place
        context = lead_context(doc)
        if place.raw:
            self._from_raw(place, context)
        # The text places the event when the place field says nothing that resolves, and
        # refines a region the field names; a field naming a country only ("Nagorno-Karabakh")
        # is kept as the field says: a war along a front is not one of its towns.
        stated_country_only = bool(place.raw) and place.country_code and not place.admin1
        if place.lat is None and event.place_mentions and not stated_country_only:
            self._from_text(place, event, context)
        if place.country_code is None:
            place.country_code = dominant_country(context, self._region_votes(context))
        if place.country_code and place.where_prec is None:
            place.where_prec = 6
        if place.country_code:
            place.name = place.name or country_name(place.country_code)

    def _from_text(self, place: Place, event: Event, context: str) -> None:
        """The event's place from the text's place expressions (the place field named none,
        or none that resolves to a point). A stated country or region narrows the search."""
        scores = country_scores(context)
        top = max(scores.values(), default=0)
        named = {c: v / top for c, v in scores.items()} | {c: 0.5 for c in
                                                            named_countries(context) - set(scores)}  # fmt: skip
        if place.country_code:
            named = {place.country_code: 1.0}
        found = resolve_mentions(event.place_mentions, self.gazetteer, named)
        # named twice or "the war in X", and the text's main country
        sure = {c for c, share in named.items() if share >= 0.5 and scores.get(c, 0) >= 4}
        if sure:  # a homonym abroad is not the place of an event the text places in X
            found = [t for t in found if t.country in sure]
        if place.admin1:
            code = next((c for c, n in self.gazetteer.admin1.items() if n == place.admin1), None)
            found = [t for t in found if t.admin1_code == code] or found
        best = max(found, key=lambda t: (t.mention.weight + 0.15 * min(t.score, 10)
                                         + 0.5 * (t.place is not None)), default=None)  # fmt: skip
        if best is None or best.mention.weight < 0:
            return
        self._apply_text(place, best)

    def _apply_text(self, place: Place, t: TextPlace) -> None:
        place.raw = place.raw or t.mention.name
        place.span = place.span or t.mention.span
        place.flags.append(
            f"place read from the text: {t.mention.cue} {t.mention.name}"
            + (f" ({'; '.join(t.reasons)})" if t.reasons else "")
        )
        if t.place is not None:
            self._apply(place, t.place)
            self._written_region(place, t)
            if t.mention.near:
                place.where_prec, place.geo_precision = 2, 2
            return
        place.country_code = t.country
        place.admin1 = self.gazetteer.admin1.get(t.admin1_code or "")
        region = t.mention.admin_level or t.admin1_code in self.gazetteer.admin1_codes_named(
            t.mention.name
        )
        place.name = place.admin1 if region else t.mention.name  # a place we cannot pin
        place.where_prec, place.geo_precision = 4, (3 if region else 2)

    def _written_region(self, place: Place, t: TextPlace) -> None:
        """A region carved out of the place's older one and written beside it ("Akabar
        (Menaka, Menaka)": GeoNames still files Akabar under Gao) is the place's admin1."""
        if t.place is None:
            return
        old = f"{t.place.country}.{t.place.admin1_code}"
        for name in t.mention.admins:
            code = self.gazetteer.admin1_code(t.place.country, name)
            full = f"{t.place.country}.{code}" if code else None
            if full and SPLIT_FROM.get(full) == old:
                place.admin1 = self.gazetteer.admin1.get(full)
                place.flags.append(f"admin1 {place.admin1} as written (GeoNames files the place "
                                   f"under the older {self.gazetteer.admin1.get(old)})")  # fmt: skip
                return

    def _from_raw(self, place: Place, context: str) -> None:
        parts = _parts(place.raw)
        country = (
            (find_country(place.raw) if place.raw else None)
            or self._country_of_region(parts)
            or (find_country(place.raw, demonyms=True) if place.raw else None)
            or dominant_country(context, self._region_votes(context))
        )
        if country is None:
            return
        place.country_code = place.country_code or country
        admin1 = next((c for p in parts if (c := self.gazetteer.admin1_code(country, p))), None)
        hit = self._best(parts, country, admin1)
        if hit is not None:
            self._apply(place, hit)
        elif admin1 is not None:
            place.admin1 = self.gazetteer.admin1.get(f"{country}.{admin1}")
            place.name = place.name or place.admin1
            place.where_prec, place.geo_precision = 4, 3

    def _region_votes(self, text: str) -> dict[str, int]:
        """3 points to a country per first-level region of it named in ``text`` ("Kherson
        Oblast", "Homs province", "the Raqqa Governorate"), when no other country has one so
        named."""
        votes: dict[str, int] = {}
        for m in _REGION.finditer(text):
            name = _OCCUPIED.sub("", m.group("a") or m.group("b"))
            codes = {c.split(".")[0] for c in self.gazetteer.admin1_codes_named(name, near=True)}
            if len(codes) == 1:
                code = codes.pop()
                votes[code] = votes.get(code, 0) + 3
        return votes

    def _country_of_region(self, parts: list[str]) -> str | None:
        """The country of a named first-level region ("Mopti Region"), when only one has it."""
        for part in parts:
            codes = {c.split(".")[0] for c in self.gazetteer.admin1_codes_named(part)}
            if len(codes) == 1:
                return codes.pop()
        return None

    def _best(self, parts: list[str], country: str, admin1: str | None) -> GazPlace | None:
        for part in parts:
            if find_country(part) == country and len(part.split()) <= 3 and country_name(country):
                continue
            if admin1 and self.gazetteer.admin1_code(country, part) == admin1:
                continue
            hits = self.gazetteer.lookup(part, country) or self.gazetteer.near_spellings(
                part, country
            )
            if admin1:
                hits = [h for h in hits if h.admin1_code == admin1] or (
                    [] if len(hits) > 1 else hits
                )
            if hits:
                return max(hits, key=lambda h: (_FEATURE_RANK.get(h.feature, 0), h.population))
        return None

    def _apply(self, place: Place, hit: GazPlace) -> None:
        g = self.gazetteer
        written = place.lat is not None and place.lon is not None
        if written:
            d = distance_km(place.lat, place.lon, hit.lat, hit.lon)  # type: ignore[arg-type]
            if d > 25:
                place.flags.append(
                    f"the place name resolves {d:.0f} km from the written coordinates; kept the coordinates"
                )
                place.where_prec, place.geo_precision = 1, 1
                return
        place.name = hit.name
        place.geonames_id = hit.id
        place.country_code = hit.country
        place.admin1 = g.admin1_name(hit)
        place.admin2 = g.admin2_name(hit)
        if hit.admin2_derived and place.admin2:
            place.flags.append("admin2 derived from the nearest GeoNames places (none recorded)")
        if not written:
            place.lat, place.lon = hit.lat, hit.lon
            place.source = "gazetteer"
        place.where_prec, place.geo_precision = 1, 1
