"""Explorer latency with 10,000 (or 100,000) events: p50 / p95 of the event list, the event
page, the map data endpoint and faceted lists.

    .venv/bin/python benchmarks/bench_explorer.py [--events 10000] [--requests 300]

Builds a store of generated copies of the real sample records (new ids and document hashes),
serves it with uvicorn on 127.0.0.1, and sends a bounded number of sequential requests from a
client in this process (loopback only).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
from sqlalchemy import insert, text

from conflictkb.assemble import default_pipeline
from conflictkb.ingest import expand_paths
from conflictkb.readers import read_document
from conflictkb.store import EventFilter, Store
from conflictkb.store import schema as s

COUNTRIES = ["UA", "SY", "ML", "AZ"]
FACETS = ["country=UA&event_type=Battles", "country=SY&date_from=2016-01-01&date_to=2018-12-31",
          "event_type=Violence+against+civilians&review=unreviewed", "admin1=Donetsk+Oblast",
          "country=UA&actor=wagner", "claimant=Human+Rights+Watch&country=ML"]  # fmt: skip
SAMPLES = Path(__file__).resolve().parent.parent / "src" / "conflictkb" / "data" / "samples"


def build(db: str, n: int) -> list[str]:
    """The real sample events, then copies of their records with new ids (written directly,
    in batches, each copy linked to its original document)."""
    store = Store(db)
    pipeline = default_pipeline()
    events = [pipeline.run(read_document(p)) for p in expand_paths([SAMPLES])]
    for ev in events:
        store.save_event(ev)
    originals = [json.dumps(store.get_record(ev.id)) for ev in events]
    ids = [ev.id for ev in events]
    for start in range(0, n - len(events), 2000):  # in batches: memory stays flat
        rows: dict[str, list[dict[str, object]]] = {"events": [], "event_documents": [],
                                                     "claims": [], "fts": [], "actors": []}  # fmt: skip
        for i in range(start, min(start + 2000, n - len(events))):
            rec = json.loads(originals[i % len(originals)])
            rec["id"], rec["title"] = f"{rec['id']}-{i}", f"{rec['title']} #{i}"
            for c in rec["claims"]:
                c["id"] = hashlib.sha1(f"{i}{c['id']}".encode()).hexdigest()[:16]
            ids.append(rec["id"])
            _rows(rec, rows)
        with store.engine.begin() as conn:
            conn.execute(insert(s.events), rows["events"])
            conn.execute(insert(s.event_documents), rows["event_documents"])
            conn.execute(insert(s.claims), rows["claims"])
            conn.execute(insert(s.actors), rows["actors"])
            conn.execute(
                text("INSERT INTO events_fts (event_id, name, body) VALUES (:id, :name, :body)"),
                rows["fts"],
            )
    return ids


def _rows(rec: dict, rows: dict[str, list[dict[str, object]]]) -> None:  # type: ignore[type-arg]
    place, deaths = rec["place"], rec["estimates"].get("deaths") or {}
    start = rec["start_date"] and date.fromisoformat(rec["start_date"])
    end = rec["end_date"] and date.fromisoformat(rec["end_date"])
    rows["events"].append({
        "id": rec["id"], "name": rec["title"], "start_date": start or None, "end_date": end or None,
        "date_precision": rec["date_precision"], "country_code": place["country_code"],
        "admin1": place["admin1"], "admin2": place["admin2"], "place_name": place["name"] or place["raw"],
        "lat": place["lat"], "lon": place["lon"], "conflict": rec["conflict"],
        "event_type": (rec.get("typology") or {}).get("event_type"),
        "type_of_violence": (rec.get("typology") or {}).get("type_of_violence"),
        "deaths_low": deaths.get("low"), "deaths_best": deaths.get("best"), "deaths_high": deaths.get("high"),
        "record": rec, "updated_at": datetime.now(UTC),
    })  # fmt: skip
    doc = rec["document"]["sha256"]
    rows["event_documents"].append({"event_id": rec["id"], "document_id": doc})
    seen: set[str] = set()
    for c in rec["claims"]:
        if c["id"] in seen:
            continue
        seen.add(c["id"])
        rows["claims"].append({
            "id": c["id"], "event_id": rec["id"], "document_id": c["document_id"] or doc,
            "property": c["property"], "min": c["min"], "max": c["max"], "qualifier": c["qualifier"],
            "category": c["category"], "category_norm": c["category_norm"], "side": c["side"],
            "claimant": c["claimant"], "perpetrator": c["perpetrator"], "text": c["text"],
            "span_start": c["span"][0], "span_end": c["span"][1], "origin": c["origin"],
            "parsed": c["parsed"], "extractor": c["extractor"], "extractor_version": c["extractor_version"],
            "review_status": c["review_status"], "note": c["note"], "corroborates": c["corroborates"],
            "citations": c["citations"],
        })  # fmt: skip
    rows["fts"].append({"id": rec["id"], "name": rec["title"], "body": rec["title"]})
    rows["actors"].extend({"event_id": rec["id"], "seq": i, "name": a["name"], "side": a["side"],
                           "role": a["role"], "actor_type": a.get("actor_type"),
                           "inter_code": a.get("inter_code")}
                          for i, a in enumerate(rec["actors"]))  # fmt: skip


def percentiles(samples: list[float]) -> tuple[float, float]:
    q = statistics.quantiles(samples, n=100)
    return q[49] * 1000, q[94] * 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=10_000)
    ap.add_argument("--requests", type=int, default=300)
    ap.add_argument("--db", help="keep the store here, and reuse it when it exists")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "bench.sqlite")
        t0 = time.perf_counter()
        if args.db and Path(db).exists():
            with Store(db) as store:  # migrates it to the current schema
                ids = [r["id"] for r in store.list_events(EventFilter(limit=args.events))]
            print(f"reusing the store {db}: {len(ids)} events")
        else:
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
                                  ("event API", lambda i: f"/api/events/{ids[(i * 37) % len(ids)]}"),
                                  ("map data", lambda i: "/api/map"),
                                  ("map data, 1 country", lambda i: f"/api/map?country={COUNTRIES[i % len(COUNTRIES)]}"),
                                  ("faceted list API", lambda i: f"/api/events?{FACETS[i % len(FACETS)]}"),
                                  ("faceted list page", lambda i: f"/?{FACETS[i % len(FACETS)]}")):  # fmt: skip
                    cold = []  # each distinct URL once, before any cache holds it
                    for u in dict.fromkeys(url(i) for i in range(args.requests)).keys():
                        if len(cold) >= 6:
                            break
                        t = time.perf_counter()
                        client.get(u)
                        cold.append(time.perf_counter() - t)
                    times = []
                    for i in range(args.requests):
                        t = time.perf_counter()
                        r = client.get(url(i))
                        times.append(time.perf_counter() - t)
                        assert r.status_code == 200, (url(i), r.status_code)
                    p50, p95 = percentiles(times)
                    print(f"{name:20s} p50 {p50:6.1f} ms   p95 {p95:6.1f} ms   ({args.requests} requests)"
                          f"   first request of a URL: max {max(cold) * 1000:6.1f} ms")  # fmt: skip
        finally:
            server.terminate()
            server.wait(timeout=20)


if __name__ == "__main__":
    main()
