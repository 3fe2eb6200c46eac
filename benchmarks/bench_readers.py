"""Readers and languages: HTML and PDF reading throughput (MB/s, documents/s), and the French
pipeline's documents/s beside the English one on the same statement (interleaved rounds).

.venv/bin/python benchmarks/bench_readers.py [--rounds 3]

Inputs: the corpus articles (../shared/corpus/wikipedia) rendered as HTML pages (paragraphs,
headings, navigation, scripts, a footer) and as PDFs (tests/pdfmake.py, 45 lines a page), so
both readers see the same 197k words; the OHCHR statement of 20 April 2022 in English and in
French (tests/fixtures/reports) for the pipelines.
"""

from __future__ import annotations

import argparse
import html
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from conflictkb.assemble import default_pipeline  # noqa: E402
from conflictkb.readers import read_bytes, read_document  # noqa: E402
from pdfmake import make_pdf  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "wikipedia"
REPORTS = ROOT / "tests" / "fixtures" / "reports"


def as_html(title: str, paras: list[str]) -> bytes:
    body = "\n".join(f"<h2>{html.escape(p.strip('= '))}</h2>" if p.startswith("==")
                     else f"<p>{html.escape(p)}</p>" for p in paras)  # fmt: skip
    page = (f"<!DOCTYPE html><html lang='en'><head><title>{html.escape(title)}</title>"
            "<meta property='article:published_time' content='2022-04-20'>"
            "<script>var x = 1;</script><style>p{margin:0}</style></head><body><nav><a href='/'>"
            f"Home</a></nav><article><h1>{html.escape(title)}</h1>{body}</article>"
            "<footer>&copy; 2014 - 2025</footer></body></html>")  # fmt: skip
    return page.encode()


def as_pdf(title: str, paras: list[str]) -> bytes:
    pages, page, lines = [], [], 0
    for p in paras:
        page.append(p)
        lines += len(p) // 88 + 2
        if lines > 45:
            pages.append(page)
            page, lines = [], 0
    return make_pdf(pages + ([page] if page else []), title=title, created="D:20220420")


def corpus_docs() -> list[tuple[str, list[str]]]:
    out = []
    for f in sorted(CORPUS.glob("*.txt")):
        text = f.read_text()
        paras = [p.strip() for p in text.split("\n\n") if p.strip() and not p.startswith("- ")]
        out.append((f.stem, paras[1:]))
    return out


def read_rate(files: list[tuple[str, bytes]]) -> tuple[float, float]:
    t0 = time.perf_counter()
    for name, data in files:
        read_bytes(data, name)
    dt = time.perf_counter() - t0
    return sum(len(d) for _, d in files) / dt / 1e6, len(files) / dt


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    docs = corpus_docs()
    htmls = [(f"{n}.html", as_html(n, p)) for n, p in docs]
    pdfs = [(f"{n}.pdf", as_pdf(n, p)) for n, p in docs]
    mb = lambda fs: sum(len(d) for _, d in fs) / 1e6  # noqa: E731
    print(f"{len(docs)} documents: HTML {mb(htmls):.1f} MB, PDF {mb(pdfs):.1f} MB")
    rates: dict[str, list[tuple[float, float]]] = {"html": [], "pdf": []}
    for _ in range(args.rounds):
        rates["html"].append(read_rate(htmls))
        rates["pdf"].append(read_rate(pdfs))
    for fmt, rs in rates.items():
        print(f"read {fmt}: {statistics.median(r[0] for r in rs):.2f} MB/s, "
              f"{statistics.median(r[1] for r in rs):.1f} docs/s (median of {args.rounds})")  # fmt: skip
    pipeline = default_pipeline()
    en = read_document(REPORTS / "ohchr-2022-04-20-moura.md")
    fr = read_document(REPORTS / "hcdh-2022-04-20-moura-fr.txt")
    pipeline.run(fr)  # loads the French model once, outside the timing
    n = 20
    times: dict[str, list[float]] = {"en": [], "fr": []}
    for _ in range(args.rounds):
        for code, doc in (("en", en), ("fr", fr)):
            t0 = time.perf_counter()
            for _ in range(n):
                doc.language = code
                pipeline.run(doc)
            times[code].append(n / (time.perf_counter() - t0))
    for code in times:
        words = len((en if code == "en" else fr).text.split())
        print(f"pipeline {code}: {statistics.median(times[code]):.1f} docs/s "
              f"({words} words a document)")  # fmt: skip


if __name__ == "__main__":
    main()
