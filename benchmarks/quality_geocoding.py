"""Geocoding quality on a corpus of articles (docs/quality.md, issue #4).

    .venv/bin/python benchmarks/quality_geocoding.py [CORPUS]

1. the share of articles whose place resolves to a country (infobox and text);
2. for articles whose infobox has coordinates: hide the coordinates, geocode from the place
   names and the text alone, and count the geocodes within 25 km of the written coordinates.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from conflictkb.assemble import Pipeline
from conflictkb.assemble.pipeline import infobox_step, place_country_step
from conflictkb.extract.narrative import NarrativeStep
from conflictkb.readers import read_document
from conflictkb.resolve.geocode import GeocodeStep, distance_km

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "wikipedia"


def main() -> None:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    geo = GeocodeStep()
    full = Pipeline([infobox_step, NarrativeStep(), geo, place_country_step])
    files = sorted(corpus.glob("*.txt"))
    with_country = with_coords = within = pinned = 0
    misses = []
    for f in files:
        doc = read_document(f)
        ev = full.run(doc)
        with_country += bool(ev.place and ev.place.country_code)
        written = [x for x in doc.infobox if x.norm_key == "coordinates"]
        if not written or ev.place is None or ev.place.lat is None:
            continue
        with_coords += 1
        hidden = replace(doc, infobox=[x for x in doc.infobox if x.norm_key != "coordinates"])
        guess = full.run(hidden).place
        if guess is not None and guess.lat is not None:
            pinned += 1
            d = distance_km(ev.place.lat, ev.place.lon, guess.lat, guess.lon)  # type: ignore[arg-type]
            within += d <= 25
            if d > 25:
                misses.append(f"{f.name}: {d:.0f} km ({guess.raw!r} -> {guess.name})")
    print(
        f"articles: {len(files)}; place resolves to a country: {with_country} ({100 * with_country / len(files):.1f} %)"
    )
    print(f"articles with infobox coordinates: {with_coords}; text-only geocode pinned: {pinned}; "
          f"within 25 km: {within} ({100 * within / max(with_coords, 1):.1f} % of those with coordinates)")  # fmt: skip
    for m in misses:
        print("  miss:", m)


if __name__ == "__main__":
    main()
