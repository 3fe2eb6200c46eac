"""Parallel ingest against one process, through the product's own calls (issue 17).

    .venv/bin/python benchmarks/bench_workers.py [CORPUS] [--workers 2] [--rounds 3]

Each round runs ``ingest_paths`` (one process: it builds its pipeline, so the model load is in
its time as in each worker's) and then ``ingest_parallel(workers=N)``, each in a fresh Python
process (``--single W``) and into a fresh SQLite store, and times the call alone: imports and
store creation come before the clock starts, so the fixed start-up of a command (about 0.9 s
for ``conflictkb ingest``, the same for both) is left out. Prints every round, the ratio of
the medians, and the CPU of the parent and of the workers. Not a test: figures for
docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from conflictkb.ingest import expand_paths, ingest_paths
from conflictkb.parallel import ingest_parallel
from conflictkb.store import Store

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "wikipedia"


def _cpu(who: int) -> float:
    r = resource.getrusage(who)
    return r.ru_utime + r.ru_stime


def _timed(files: list[Path], workers: int) -> tuple[float, float, float]:
    """(wall, parent CPU, workers' CPU) of one ingest into a fresh store."""
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(str(Path(tmp) / "bench.sqlite"))
        parent, children = _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        if workers == 1:
            report = ingest_paths(store, files)
        else:
            report = ingest_parallel(store, files, workers=workers)
        wall = time.perf_counter() - t0
        assert len(report.ingested) == len(files), report
        return (wall, _cpu(resource.RUSAGE_SELF) - parent,
                _cpu(resource.RUSAGE_CHILDREN) - children)  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default=str(DEFAULT))
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--single", type=int, help=argparse.SUPPRESS)  # one timed run: W workers
    args = ap.parse_args()
    files = expand_paths([args.corpus])
    if args.single:
        print(*_timed(files, args.single))
        return
    ones, many = [], []
    for i in range(args.rounds):
        for workers, out in ((1, ones), (args.workers, many)):
            cmd = [sys.executable, __file__, args.corpus, "--single", str(workers)]
            line = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
            wall, parent, children = map(float, line.split()[-3:])
            out.append(wall)
            print(f"round {i + 1}, {workers} worker(s): {wall:.2f} s; CPU parent {parent:.2f} s, "
                  f"workers {children:.2f} s", flush=True)  # fmt: skip
    one, par = statistics.median(ones), statistics.median(many)
    print(f"{len(files)} documents; median 1 process {one:.2f} s, {args.workers} workers "
          f"{par:.2f} s: speed-up {one / par:.2f}x (pairs: "
          f"{', '.join(f'{a / b:.2f}' for a, b in zip(ones, many, strict=True))})")  # fmt: skip


if __name__ == "__main__":
    main()
