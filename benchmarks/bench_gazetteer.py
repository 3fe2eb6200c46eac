"""Gazetteer: load time, memory, and lookups/s of whole place strings.

.venv/bin/python benchmarks/bench_gazetteer.py
"""

from __future__ import annotations

import resource
import time

from conflictkb.model import Document, Event, Place
from conflictkb.resolve.gazetteer import Gazetteer
from conflictkb.resolve.geocode import GeocodeStep

PLACES = ["Mourrah, Mali", "Moura, Mopti Region", "Tongo Tongo, Tillabéri, Niger", "Djibo, Burkina Faso",
          "Raqqa, Raqqa Governorate, Syria", "Mariupol, Donetsk Oblast, Ukraine", "Shusha, Azerbaijan",
          "Idlib, Idlib Governorate, Syria", "Kharkiv, Kharkiv Oblast", "Hostomel, Kyiv Oblast, Ukraine"]  # fmt: skip


def rss() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    base = rss()
    t0 = time.perf_counter()
    g = Gazetteer()
    sahel = time.perf_counter() - t0
    print(f"load (admin names + Sahel part): {sahel:.2f} s, RSS +{rss() - base:.0f} MB")
    t0 = time.perf_counter()
    g.lookup("x", None)  # loads every part
    print(
        f"load (all parts, {len(g.places):,} places): +{time.perf_counter() - t0:.2f} s, RSS {rss():.0f} MB"
    )
    step = GeocodeStep(g)
    doc = Document("b", "-", "report", "bench", "")
    n = 0
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < 5:
        for p in PLACES:
            step(doc, Event(id="b", name="b", place=Place(raw=p)))
            n += 1
    dt = time.perf_counter() - t0
    print(f"geocode: {n / dt:,.0f} place strings/s (mix of exact and near-spelling lookups)")
    t0 = time.perf_counter()
    m = 0
    while time.perf_counter() - t0 < 2:
        g.lookup("Ar Raqqah", "SY")
        m += 1
    print(f"exact name lookups: {m / (time.perf_counter() - t0):,.0f}/s")


if __name__ == "__main__":
    main()
