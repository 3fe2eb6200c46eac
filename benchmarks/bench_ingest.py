"""Ingest throughput: documents/s and MB/s over a corpus, and peak memory (issue #2).

    .venv/bin/python benchmarks/bench_ingest.py [CORPUS] [--pipeline default|infobox] [--repeat N]

Not a test: it prints figures to record in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from conflictkb.assemble import default_pipeline, infobox_pipeline
from conflictkb.ingest import expand_paths, ingest_paths
from conflictkb.store import Store

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus" / "wikipedia"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    ap.add_argument("--pipeline", choices=["default", "infobox"], default="default")
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    files = expand_paths([args.corpus])
    size = sum(f.stat().st_size for f in files)
    t0 = time.perf_counter()
    pipeline = default_pipeline() if args.pipeline == "default" else infobox_pipeline()
    load = time.perf_counter() - t0
    best = float("inf")
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            store = Store(str(Path(tmp) / "bench.sqlite"))
            t0 = time.perf_counter()
            report = ingest_paths(store, files, pipeline=pipeline)
            best = min(best, time.perf_counter() - t0)
            store.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    n = len(report.ingested)
    print(f"pipeline={args.pipeline} documents={n} bytes={size:,} pipeline_load_s={load:.2f}")
    print(f"ingest_s={best:.2f} docs_per_s={n / best:.1f} MB_per_s={size / 1e6 / best:.2f}")
    print(f"peak_rss_MB={peak_mb:.0f}")


if __name__ == "__main__":
    main()
