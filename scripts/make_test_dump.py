"""Builds a MediaWiki XML dump for tests and benchmarks: the real pages of
../shared/data/wikitext (event and non-event pages) plus generated filler pages.

    python scripts/make_test_dump.py OUT.xml[.bz2] [--filler N] [--repeat K] [--multistream]

``--repeat`` writes the real pages K times (with new page ids) to reach tens of MB.
``--multistream`` compresses every 100 pages as their own bz2 stream, as Wikipedia's
``pages-articles-multistream.xml.bz2`` dumps are.
"""

from __future__ import annotations

import argparse
import bz2
import json
import random
from pathlib import Path
from xml.sax.saxutils import escape

WIKI = Path(__file__).resolve().parents[2] / "shared" / "data" / "wikitext"


def page(pid: int, title: str, text: str) -> str:
    return (f"  <page>\n    <title>{escape(title)}</title>\n    <ns>0</ns>\n    <id>{pid}</id>\n"
            f"    <revision>\n      <id>{pid * 10}</id>\n      <text xml:space=\"preserve\">{escape(text)}</text>\n"
            f"    </revision>\n  </page>\n")  # fmt: skip


def write(out: Path, pages: list[str], multistream: bool) -> None:
    if out.suffix != ".bz2":
        out.write_text("".join(pages), "utf-8")
        return
    step = 100 if multistream else len(pages)
    with out.open("wb") as fh:
        for i in range(0, len(pages), step):
            fh.write(bz2.compress("".join(pages[i : i + step]).encode("utf-8")))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--filler", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--source", default=str(WIKI))
    ap.add_argument("--multistream", action="store_true")
    args = ap.parse_args()
    real = []
    for name in ("civil_attack.json", "reject.json"):
        real += json.loads((Path(args.source) / name).read_text("utf-8"))
    rng = random.Random(7)
    words = "the of river village market council road season harvest school bridge festival".split()
    out = Path(args.out)
    pages = ['<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/" version="0.10">\n']
    pid = 1
    for k in range(args.repeat):
        for p in real:
            suffix = f" (copy {k})" if k else ""
            text = p["text"] if not k else p["text"] + f"\n<!-- copy {k} -->"
            pages.append(page(pid, p["title"] + suffix, text))
            pid += 1
        for i in range(args.filler // max(args.repeat, 1)):
            body = " ".join(rng.choice(words) for _ in range(400))
            pages.append(page(pid, f"Filler {k}-{i}", f"'''Filler {i}''' is a [[place]]. {body}"))
            pid += 1
    pages.append("</mediawiki>\n")
    write(out, pages, args.multistream)
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB, {pid - 1} pages)")


if __name__ == "__main__":
    main()
