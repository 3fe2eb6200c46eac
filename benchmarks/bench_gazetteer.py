"""Gazetteer: index build and open time, memory, and lookups/s of whole place strings.

.venv/bin/python benchmarks/bench_gazetteer.py

The index is built in a fresh temporary folder first (what the first run on a machine pays),
then opened again as every later process does.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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
    with tempfile.TemporaryDirectory() as home:
        t0 = time.perf_counter()
        Gazetteer(index_base=Path(home))
        built = time.perf_counter() - t0
        size = sum(p.stat().st_size for p in Path(home, "index").glob("*.sqlite"))
        print(f"index build (once per machine): {built:.2f} s, {size / 1e6:.0f} MB on disk")
        t0 = time.perf_counter()
        g = Gazetteer(index_base=Path(home))
        opened = time.perf_counter() - t0
        g.lookup("Paris")  # the whole world is indexed: nothing more to load
        print(f"open ({len(g):,} places): {opened * 1000:.0f} ms, RSS +{rss() - base:.0f} MB")
        _lookups(g)
        print(f"peak RSS of this process (with the build) {rss():.0f} MB")
        code = ("import sys; from pathlib import Path; "
                "from conflictkb.resolve.gazetteer import Gazetteer; "
                "g = Gazetteer(index_base=Path(sys.argv[1])); g.lookup('Paris'); "
                "g.near_spellings('Moura', 'ML'); "
                "print(next(int(x.split()[1]) for x in open('/proc/self/status') "
                "if x.startswith('VmHWM')) / 1024)")  # fmt: skip
        out = subprocess.run([sys.executable, "-c", code, home], capture_output=True, text=True)
        print(
            f"peak RSS of a process that opens the index and looks up: {float(out.stdout):.0f} MB"
        )


def _lookups(g: Gazetteer) -> None:
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
