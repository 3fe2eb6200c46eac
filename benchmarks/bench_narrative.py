"""Narrative extraction speed: the whole pipeline against bare ``nlp.pipe`` of the same model.

    .venv/bin/python benchmarks/bench_narrative.py [CORPUS] [--workers 2] [--rounds 2]
    .venv/bin/python benchmarks/bench_narrative.py --notes 400 [--rounds 2] [--stock]

Both run on the same texts in one process run, interleaved (bare, pipeline, bare, pipeline
... for ``--rounds``; the best of each is kept); with ``--workers N`` the pipeline also runs in
N processes (one Pipeline each). ``--notes N`` generates N one-paragraph field notes in the
shape of ACLED's and news wires' (made up from templates: real Sahel places and actors, made-up
events) instead of reading the corpus. The whole pipeline gets the documents as ingest does:
``Pipeline.run_many`` (parsed in batches). Prints documents/s, words/s, the ratio, and peak
memory.

Bare is the model as the pipeline loads it (no lemmatizer, which nothing reads; the registry's
entity rulers added). With ``--stock``, the model as its package ships it (``spacy.load`` with
every component, the lemmatizer included, no rulers) is timed too, in the same rounds.
"""

from __future__ import annotations

import argparse
import copy
import resource
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date, timedelta
from pathlib import Path

from conflictkb.assemble import Pipeline, default_pipeline
from conflictkb.extract.narrative import MODEL, NarrativeStep
from conflictkb.ingest import settle_heap
from conflictkb.model import Document
from conflictkb.readers import read_bytes, read_document

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "wikipedia"
_PIPELINE: Pipeline | None = None


def _work(paths: list[str]) -> int:
    global _PIPELINE
    if _PIPELINE is None:
        _PIPELINE = default_pipeline()
    for _ in _PIPELINE.run_many(read_document(p) for p in paths):
        pass
    return len(paths)


PLACES = [
    ("Djibo", "Soum", "Burkina Faso"),
    ("Mopti", "Mopti", "Mali"),
    ("Bandiagara", "Mopti", "Mali"),
    ("Menaka", "Menaka", "Mali"),
    ("Gao", "Gao", "Mali"),
    ("Tillaberi", "Tillaberi", "Niger"),
    ("Diffa", "Diffa", "Niger"),
    ("Arbinda", "Soum", "Burkina Faso"),
    ("Dori", "Seno", "Burkina Faso"),
    ("Segou", "Segou", "Mali"),
    ("Timbuktu", "Timbuktu", "Mali"),
    ("Fada N'gourma", "Gourma", "Burkina Faso"),
    ("Ouallam", "Tillaberi", "Niger"),
]
ACTORS = [
    "JNIM militants",
    "Islamic State Sahel fighters",
    "unidentified gunmen",
    "suspected jihadists",
    "Dan Na Ambassagou militiamen",
    "bandits",
]
TARGETS = ["a village", "a military post", "a market", "a convoy of traders", "a checkpoint"]
CLAIMANTS = ["local sources said", "the army said in a statement", "a local official told AFP",
             "according to a security source", "residents said"]  # fmt: skip


def notes(n: int) -> list[Document]:
    """``n`` one-paragraph notes, each a made-up event in a real place (templates)."""
    out = []
    for i in range(n):
        town, region, country = PLACES[i % len(PLACES)]
        day = date(2021, 1, 1) + timedelta(days=(i * 37) % 900)
        text = (f"On {day.day} {day:%B %Y}, {ACTORS[i % len(ACTORS)]} attacked "
                f"{TARGETS[(i // 3) % len(TARGETS)]} near {town} ({region}, {country}). "
                f"{3 + i % 40} civilians were killed and {i % 9} others wounded, "
                f"{CLAIMANTS[(i // 5) % len(CLAIMANTS)]}. The attackers burned shops and "
                f"stole livestock before fleeing on motorbikes.")  # fmt: skip
        title = f"Attack near {town}"
        body = f"{title}\n\n{text}\n"
        out.append(read_bytes(body.encode(), f"note-{i}.txt"))  # as ingest reads a .txt
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default=str(DEFAULT))
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--notes", type=int, default=0, help="N generated notes instead of a corpus")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--stock", action="store_true", help="also time the model as shipped")
    args = ap.parse_args()
    files = sorted(str(p) for p in Path(args.corpus).glob("*.txt"))
    docs = notes(args.notes) if args.notes else [read_document(f) for f in files]
    words = sum(len(d.text.split()) for d in docs)
    pipeline = default_pipeline()
    narrative = next(s for s in pipeline.steps if isinstance(s, NarrativeStep))
    nlp = narrative.nlp
    pipeline.run(docs[0])  # warm: first-use work (the French model is not loaded: English)
    settle_heap()  # as ingest does once its pipeline is built (both sides gain)
    stock = None
    if args.stock:  # imported after conflictkb, which sets one OpenBLAS thread before numpy loads
        import spacy

        stock = spacy.load(MODEL)
    batch = 64 if args.notes else 16
    bares, fulls, stocks = [], [], []
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        for _ in nlp.pipe((d.text for d in docs), batch_size=batch):
            pass
        bares.append(time.perf_counter() - t0)
        if stock is not None:
            t0 = time.perf_counter()
            for _ in stock.pipe((d.text for d in docs), batch_size=batch):
                pass
            stocks.append(time.perf_counter() - t0)
        fresh = [copy.deepcopy(d) for d in docs]  # the pipeline marks documents (language)
        t0 = time.perf_counter()
        for _ in pipeline.run_many(fresh):
            pass
        fulls.append(time.perf_counter() - t0)
    bare, full = min(bares), min(fulls)
    print(f"rounds: bare {', '.join(f'{x:.1f}' for x in bares)} s; pipeline "
          f"{', '.join(f'{x:.1f}' for x in fulls)} s")  # fmt: skip
    print(f"model={MODEL} documents={len(docs)} words={words:,}")
    print(f"bare nlp.pipe: {len(docs) / bare:.1f} docs/s, {words / bare:,.0f} words/s")
    print(
        f"full pipeline, 1 process: {len(docs) / full:.1f} docs/s, {words / full:,.0f} words/s, ratio {bare / full:.2f}x bare"
    )
    if stocks:
        print(f"stock model ({', '.join(stock.pipe_names)}): rounds "  # type: ignore[union-attr]
              f"{', '.join(f'{x:.1f}' for x in stocks)} s; ratio {min(stocks) / full:.2f}x")  # fmt: skip
    if args.workers > 1 and not args.notes:
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
