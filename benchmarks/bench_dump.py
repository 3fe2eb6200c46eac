"""Dump benchmarks (issue #7): scanning speed against ``bzip2 -dc``, memory at two dump sizes,
and extraction documents/s with 1 and 2 workers and on a local Dask cluster.

    .venv/bin/python benchmarks/bench_dump.py scan DUMP.xml.bz2 [DUMP2.xml.bz2 ...]
    .venv/bin/python benchmarks/bench_dump.py extract DUMP.xml.bz2 [--infobox-only]
        [--engines local:1,local:2,dask:2]

Dumps come from ``scripts/make_test_dump.py``. Every measurement runs in a fresh child process,
so its peak RSS is its own. Not a test: it prints figures to record in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import bz2
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SCAN = """
import json, resource, sys, time
from pathlib import Path
from conflictkb.readers.dump import iter_dump_pages
t = time.perf_counter()
n = sum(1 for _ in iter_dump_pages(Path(sys.argv[1])))
s = time.perf_counter() - t
print(json.dumps({"pages": n, "s": s,
                  "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

INGEST = """
import json, resource, sys, time
from pathlib import Path
from conflictkb.assemble import default_pipeline, infobox_pipeline
from conflictkb.store import Store
engine, workers, infobox, dump, db = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1", sys.argv[4], sys.argv[5]
def main():
    store = Store(db)
    t = time.perf_counter()
    if engine == "dask":
        from conflictkb.cluster import ingest_dask
        r = ingest_dask(store, [dump], workers=workers, infobox_only=infobox)
    elif workers > 1:
        from conflictkb.parallel import ingest_parallel
        r = ingest_parallel(store, [dump], workers=workers, infobox_only=infobox)
    else:
        from conflictkb.ingest import ingest_paths
        p = infobox_pipeline() if infobox else default_pipeline()
        r = ingest_paths(store, [dump], pipeline=p)
    s = time.perf_counter() - t
    print(json.dumps({"docs": len(r.ingested), "failed": len(r.failed), "s": s,
                      "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
if __name__ == "__main__":
    main()
"""


def _child(code: str, *args: str) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as fh:
        fh.write(code)
    out = subprocess.run([sys.executable, fh.name, *args], check=True, capture_output=True,
                         text=True).stdout  # fmt: skip
    Path(fh.name).unlink()
    return json.loads(out.strip().splitlines()[-1])


def _bzip2_seconds(dump: Path, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        with open("/dev/null", "wb") as sink:
            subprocess.run(["bzip2", "-dc", str(dump)], stdout=sink, check=True)
        best = min(best, time.perf_counter() - t)
    return best


def _uncompressed_size(dump: Path) -> int:
    n = 0
    with bz2.open(dump, "rb") as fh:
        while block := fh.read(1 << 20):
            n += len(block)
    return n


def scan(dumps: list[Path], repeat: int) -> None:
    print(
        "| dump | bz2 MB | XML MB | event pages | bzip2 -dc s | scan s | scan MB/s (XML) "
        "| ratio | scan peak RSS MB |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for dump in dumps:
        raw, xml = dump.stat().st_size / 1e6, _uncompressed_size(dump) / 1e6
        ref = _bzip2_seconds(dump, repeat)
        runs = [_child(SCAN, str(dump)) for _ in range(repeat)]
        best = min(runs, key=lambda r: r["s"])
        rss = max(r["rss"] for r in runs)
        print(f"| {dump.name} | {raw:.1f} | {xml:.1f} | {best['pages']:.0f} | {ref:.2f} "
              f"| {best['s']:.2f} | {xml / best['s']:.1f} | {ref / best['s']:.2f}x | {rss:.0f} |")  # fmt: skip


def extract(dump: Path, infobox: bool, engines: list[tuple[str, int]]) -> None:
    print(f"dump={dump.name} pipeline={'infobox' if infobox else 'default'}")
    print("| engine | workers | documents | seconds | docs/s | peak RSS MB (parent) |")
    print("|---|---|---|---|---|---|")
    for engine, workers in engines:
        with tempfile.TemporaryDirectory() as tmp:
            r = _child(INGEST, engine, str(workers), "1" if infobox else "0", str(dump),
                       str(Path(tmp) / "kb.sqlite"))  # fmt: skip
        print(f"| {engine} | {workers} | {r['docs']:.0f} | {r['s']:.1f} | {r['docs'] / r['s']:.2f} "
              f"| {r['rss']:.0f} |")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("scan")
    s.add_argument("dumps", nargs="+", type=Path)
    s.add_argument("--repeat", type=int, default=3)
    e = sub.add_parser("extract")
    e.add_argument("dump", type=Path)
    e.add_argument("--infobox-only", action="store_true")
    e.add_argument("--engines", default="local:1,local:2,dask:2",
                   help="comma-separated ENGINE:WORKERS runs (engines: local, dask)")  # fmt: skip
    args = ap.parse_args()
    if args.cmd == "scan":
        scan(args.dumps, args.repeat)
    else:
        runs = [(e, int(n)) for e, n in (item.split(":") for item in args.engines.split(","))]
        extract(args.dump, args.infobox_only, runs)
    print(
        f"# children peak RSS MB: {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f}"
    )


if __name__ == "__main__":
    main()
