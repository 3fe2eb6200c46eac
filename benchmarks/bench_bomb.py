"""Peak memory of refusing a bz2 bomb: a dump whose one page expands to 1 GiB.

    .venv/bin/python benchmarks/bench_bomb.py [--gib 1]

Writes the bomb (a MediaWiki header, then one page whose text is ``--gib`` GiB of one letter,
never closed; about a kilobyte of bz2 per ~45 MB), then runs, each in a fresh process, the
dump reader alone and ``conflictkb ingest`` of the bomb, and reports each one's answer, wall
time and peak RSS (``ru_maxrss`` of the child).
"""

from __future__ import annotations

import argparse
import bz2
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEAD = (b'<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/"><siteinfo></siteinfo>'
        b"<page><title>Bomb</title><ns>0</ns><id>1</id><revision><id>1</id>"
        b'<text xml:space="preserve">{{Infobox military conflict | conflict = Bomb }} ')  # fmt: skip

READER = """
import sys
from pathlib import Path
from conflictkb.errors import InputError
from conflictkb.readers.dump import iter_dump_pages
try:
    print(sum(1 for _ in iter_dump_pages(Path(sys.argv[1]))), "pages")
except InputError as exc:
    print("refused:", exc)
"""


def write_bomb(path: Path, gib: int) -> None:
    comp = bz2.BZ2Compressor(9)
    block = b"a" * (1 << 24)
    with path.open("wb") as out:
        out.write(comp.compress(HEAD))
        for _ in range(gib * 64):
            out.write(comp.compress(block))
        out.write(comp.flush())


def run(cmd: list[str]) -> tuple[str, float, float]:
    t = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    wall = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    answer = (proc.stdout + proc.stderr).strip().splitlines()
    return (answer[-1] if answer else f"exit {proc.returncode}"), wall, max(peak, before) / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gib", type=int, default=1)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bomb = Path(tmp) / "bomb.xml.bz2"
        t = time.perf_counter()
        write_bomb(bomb, args.gib)
        print(f"bomb: {bomb.stat().st_size:,} bytes of bz2 for {args.gib} GiB "
              f"(written in {time.perf_counter() - t:.0f} s)")  # fmt: skip
        # each in its own process; ru_maxrss of children is the largest so far, so the
        # smaller job runs first
        for name, cmd in (
            ("dump reader", [sys.executable, "-c", READER, str(bomb)]),
            ("conflictkb ingest", [sys.executable, "-m", "conflictkb", "--db",
                                   str(Path(tmp) / "kb.sqlite"), "ingest", "--skip-errors",
                                   str(bomb)]),
        ):  # fmt: skip
            answer, wall, peak = run(cmd)
            print(f"{name:18s} peak RSS {peak:7.1f} MB   {wall:5.1f} s   {answer[:110]}")


if __name__ == "__main__":
    main()
