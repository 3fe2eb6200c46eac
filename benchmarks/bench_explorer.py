"""Explorer latency with 10,000 events: p50 / p95 of the event list and the event page.

    .venv/bin/python benchmarks/bench_explorer.py [--events 10000] [--requests 300]

Builds a store of generated copies of the real sample records (new ids and document hashes),
serves it with uvicorn on 127.0.0.1, and sends a bounded number of sequential requests from a
client in this process (loopback only).
"""

from __future__ import annotations

import argparse
import hashlib
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import httpx

from conflictkb.assemble import default_pipeline
from conflictkb.ingest import expand_paths
from conflictkb.readers import read_document
from conflictkb.store import Store

SAMPLES = Path(__file__).resolve().parent.parent / "src" / "conflictkb" / "data" / "samples"


def build(db: str, n: int) -> list[str]:
    store = Store(db)
    pipeline = default_pipeline()
    events = [pipeline.run(read_document(p)) for p in expand_paths([SAMPLES])]
    ids = []
    for i in range(n):
        base = events[i % len(events)]
        doc = replace(base.documents[0], id=hashlib.sha256(f"{i}".encode()).hexdigest())
        ev = replace(base, id=f"{base.id}-{i}", name=f"{base.name} #{i}", documents=[doc])
        for c in ev.claims:
            c.document_id = doc.id
        ids.append(store.save_event(ev).event_id)
    return ids


def percentiles(samples: list[float]) -> tuple[float, float]:
    q = statistics.quantiles(samples, n=100)
    return q[49] * 1000, q[94] * 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=10_000)
    ap.add_argument("--requests", type=int, default=300)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "bench.sqlite")
        t0 = time.perf_counter()
        ids = build(db, args.events)
        print(f"store with {len(ids)} events built in {time.perf_counter() - t0:.0f} s")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = subprocess.Popen([sys.executable, "-m", "conflictkb", "--db", db, "serve", "--port", str(port)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(100):
                try:
                    httpx.get(base + "/api/events?limit=1", timeout=1)
                    break
                except httpx.HTTPError:
                    time.sleep(0.2)
            with httpx.Client(base_url=base, timeout=10) as client:
                for name, url in (("event list page", lambda i: f"/?offset={(i * 50) % args.events}"),
                                  ("event list API", lambda i: f"/api/events?offset={(i * 50) % args.events}"),
                                  ("event page", lambda i: f"/events/{ids[(i * 37) % len(ids)]}"),
                                  ("event API", lambda i: f"/api/events/{ids[(i * 37) % len(ids)]}")):  # fmt: skip
                    client.get(url(0))
                    times = []
                    for i in range(args.requests):
                        t = time.perf_counter()
                        r = client.get(url(i))
                        times.append(time.perf_counter() - t)
                        assert r.status_code == 200, (url(i), r.status_code)
                    p50, p95 = percentiles(times)
                    print(f"{name:16s} p50 {p50:6.1f} ms   p95 {p95:6.1f} ms   ({args.requests} requests)")
        finally:
            server.terminate()
            server.wait(timeout=20)


if __name__ == "__main__":
    main()
