"""Narrative extraction speed: the whole pipeline against bare ``nlp.pipe`` of the same model.

    .venv/bin/python benchmarks/bench_narrative.py [CORPUS] [--workers 2]

Both run on the same texts in one process run; with ``--workers N`` the pipeline also runs in N
processes (one Pipeline each). Prints documents/s, words/s, the ratio, and peak memory.
"""

from __future__ import annotations

import argparse
import resource
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from conflictkb.assemble import Pipeline, default_pipeline
from conflictkb.extract.narrative import MODEL, NarrativeStep
from conflictkb.readers import read_document

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "wikipedia"
_PIPELINE: Pipeline | None = None


def _work(paths: list[str]) -> int:
    global _PIPELINE
    if _PIPELINE is None:
        _PIPELINE = default_pipeline()
    for p in paths:
        _PIPELINE.run(read_document(p))
    return len(paths)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default=str(DEFAULT))
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    files = sorted(str(p) for p in Path(args.corpus).glob("*.txt"))
    docs = [read_document(f) for f in files]
    words = sum(len(d.text.split()) for d in docs)
    pipeline = default_pipeline()
    narrative = next(s for s in pipeline.steps if isinstance(s, NarrativeStep))
    nlp = narrative.nlp
    t0 = time.perf_counter()
    for _ in nlp.pipe((d.text for d in docs), batch_size=16):
        pass
    bare = time.perf_counter() - t0
    t0 = time.perf_counter()
    for d in docs:
        pipeline.run(d)
    full = time.perf_counter() - t0
    print(f"model={MODEL} documents={len(docs)} words={words:,}")
    print(f"bare nlp.pipe: {len(docs) / bare:.1f} docs/s, {words / bare:,.0f} words/s")
    print(
        f"full pipeline, 1 process: {len(docs) / full:.1f} docs/s, {words / full:,.0f} words/s, ratio {bare / full:.2f}x bare"
    )
    if args.workers > 1:
        chunks = [files[i :: args.workers * 4] for i in range(args.workers * 4)]
        with ProcessPoolExecutor(args.workers) as pool:
            list(pool.map(_work, [[files[0]]] * args.workers))  # warm: load the model in each
            t0 = time.perf_counter()
            n = sum(pool.map(_work, chunks))
            par = time.perf_counter() - t0
        print(
            f"full pipeline, {args.workers} processes: {n / par:.1f} docs/s, speed-up {full / par:.2f}x"
        )
    print(f"peak_rss_MB={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}")


if __name__ == "__main__":
    main()
