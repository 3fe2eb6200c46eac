"""Explorer latency with 10,000 (or 100,000) events: p50 / p95 of the event list, the event
page, the map data endpoint and faceted lists; then a load of concurrent clients.

    .venv/bin/python benchmarks/bench_explorer.py [--events 10000] [--requests 300]
        [--clients 16 --seconds 20 [--upload] [--rounds 20] [--rate 0]]

Builds a store of generated copies of the real sample records (new ids and document hashes),
serves it with uvicorn on 127.0.0.1, and sends a bounded number of sequential requests from a
client in this process (loopback only). With ``--clients N``, N concurrent clients then send
a mix (event page, list pages by key, the last page, a search with tens of thousands of hits,
the map) for ``--seconds``, each client on a keep-alive connection of a lean HTTP client (so
that the load generator does not take the cores it measures): as fast as they can (a closed
loop), or ``--rate`` requests/s in all, paced. ``--rounds``: how many events each client
visits in turn (250: most event pages are made cold). With ``--upload`` a sample article,
made new each time, is being uploaded, extracted and stored all along. Each load prints the
CPU used by the client, the server and its upload worker.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
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


def mix(ids: list[str], keys: list[str], seed: int, rounds: int) -> list[tuple[str, str]]:
    """(kind, URL) of one client's share of the concurrent load, in turn: ``rounds`` rounds of
    each kind, each round another event and another page key."""
    out = []
    for j in range(rounds):
        event = ids[(seed * 7919 + j * 104729) % len(ids)]
        key = keys[(seed + j) % len(keys)]
        out += [("event page", f"/events/{event}"), ("list page (by key)", f"/?after={key}"),
                ("list API (by key)", f"/api/events?after={key}"), ("last page", "/?before=end"),
                ("search, many hits", "/api/events?q=of"), ("search page", "/?q=battle"),
                ("map data", "/api/map"), ("event API", f"/api/events/{event}")]  # fmt: skip
    return out


class _Connection:
    """One keep-alive HTTP/1.1 connection, as lean as a client can be: the load's clients share
    this machine's two cores with the server and the upload worker, and httpx's client took
    1.6 ms of CPU a request (0.9 of a core at 545 requests/s), more than the server itself."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\n\r\n".encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        fields = dict(line.lower().split(": ", 1) for line in lines[1:] if ": " in line)
        if fields.get("transfer-encoding") == "chunked":
            body = b""
            while size := int((await self.reader.readuntil(b"\r\n")).strip(), 16):
                body += (await self.reader.readexactly(size + 2))[:-2]
            await self.reader.readuntil(b"\r\n")
        else:
            body = await self.reader.readexactly(int(fields.get("content-length", 0)))
        return status, body

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def _client(conn: _Connection, plan: list[tuple[str, str]], until: float, start: int,
                  out: dict[str, list[float]], every: float, first: float) -> None:  # fmt: skip
    """Send the plan's requests in turn, from its ``start``-th, until ``until``: at once (a
    closed loop), or one each ``every`` seconds from ``first`` (a bounded rate). A paced
    request's time counts from when it was due, so a server that falls behind shows in the
    latency instead of slowing the load down."""
    i, due = start, first
    while time.perf_counter() < until:
        kind, url = plan[i % len(plan)]
        if every:
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            t, due = due, due + every
        else:
            t = time.perf_counter()
        status, body = await conn.get(url)
        out.setdefault(kind, []).append(time.perf_counter() - t)
        assert status == 200 and body, (url, status)
        i += 1


def load(base: str, plans: list[list[tuple[str, str]]], clients: int, seconds: float,
         server: int | None = None, rate: float = 0) -> None:  # fmt: skip
    """``clients`` concurrent clients for ``seconds``, each on its connection, as fast as they
    can or ``rate`` requests/s in all; prints p50/p95 per kind, requests/s, and the CPU time of
    this client and of the server (pid ``server`` and its children)."""
    out: dict[str, list[float]] = {}
    host, port = base.removeprefix("http://").split(":")

    async def run() -> float:
        conns = [_Connection(host, int(port)) for _ in range(clients)]
        t0 = time.perf_counter()
        until = t0 + seconds
        try:
            every = clients / rate if rate else 0.0  # the paced clients start spread out
            await asyncio.gather(*(_client(conns[c], plans[c % len(plans)], until, c, out, every,
                                           t0 + every * c / clients)
                                   for c in range(clients)))  # fmt: skip
        finally:
            for conn in conns:
                conn.close()
        return time.perf_counter() - t0

    cpu0, (server0, upload0) = time.process_time(), _cpu_seconds(server)
    took = asyncio.run(run())
    server1, upload1 = _cpu_seconds(server)
    cpu, server_cpu, upload_cpu = time.process_time() - cpu0, server1 - server0, upload1 - upload0
    total = sum(len(v) for v in out.values())
    every = [x for v in out.values() for x in v]
    p50, p95 = percentiles(every)
    paced = f" (paced at {rate:,.0f}/s)" if rate else " (closed loop)"
    print(f"{clients} clients{paced}, {took:.0f} s: {total / took:,.0f} requests/s in all, "
          f"p50 {p50:.1f} ms, p95 {p95:.1f} ms; CPU: this client {cpu / took:.2f} core, "
          f"the server {server_cpu / took:.2f}, its upload worker {upload_cpu / took:.2f}")  # fmt: skip
    for kind, times in sorted(out.items()):
        k50, k95 = percentiles(times) if len(times) > 2 else (times[0] * 1000,) * 2
        print(f"  {kind:20s} p50 {k50:6.1f} ms   p95 {k95:6.1f} ms   ({len(times)} requests)")


def _cpu_seconds(pid: int | None) -> tuple[float, float]:
    """CPU time (user and system, all threads) of the server process ``pid`` and the processes
    it started: (the server's, its upload workers'), told apart by the upload workers' lower
    priority. (0, 0) without /proc."""
    server = upload = 0.0
    todo = [pid] if pid else []
    while todo:
        p = todo.pop()
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            todo += [int(c) for c in Path(f"/proc/{p}/task/{p}/children").read_text().split()]
        except (OSError, IndexError):
            continue
        cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        if int(fields[16]) > 0:  # nice: an upload worker
            upload += cpu
        else:
            server += cpu
    return server, upload


def uploading(base: str, token: str, stop: threading.Event, done: list[float]) -> None:
    """Upload a sample article again and again (a new line each time: new bytes, a new
    version of the stored article, extracted and stored) until ``stop``; the time of each
    upload goes in ``done``."""
    body = max(SAMPLES.glob("*.txt"), key=lambda p: p.stat().st_size).read_bytes()
    n = 0
    with httpx.Client(base_url=base, timeout=300) as client:
        while not stop.is_set():
            n += 1
            t = time.perf_counter()
            line = f"\n\nRevision {n}, {time.time_ns()}.\n"  # new in every run, on a kept store too
            r = client.post("/api/documents", content=body + line.encode(),
                            headers={"Authorization": f"Bearer {token}",
                                     "X-Filename": "upload.txt"})  # fmt: skip
            assert r.status_code in (200, 201), r.text
            assert r.json()["status"] != "duplicate", "the upload was not extracted"
            done.append(time.perf_counter() - t)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=10_000)
    ap.add_argument("--requests", type=int, default=300)
    ap.add_argument("--clients", type=int, default=0, help="then a concurrent load of N clients")
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument(
        "--rounds",
        type=int,
        default=20,
        help="events each client visits in turn (16 x 250: most event pages unseen)",
    )
    ap.add_argument(
        "--rate",
        type=float,
        default=0,
        help="requests/s of all clients together (0: each as fast as it can)",
    )
    ap.add_argument("--upload", action="store_true", help="upload and extract all along")
    ap.add_argument("--skip-sequential", action="store_true")
    ap.add_argument("--server-workers", type=int, default=1, help="serve --workers N")
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
        token = "bench-token"
        env = {**os.environ, "CONFLICTKB_API_TOKEN": token}
        server = subprocess.Popen([sys.executable, "-m", "conflictkb", "--db", db, "serve", "--port", str(port), "--workers", str(args.server_workers)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)  # fmt: skip
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(100):
                try:
                    httpx.get(base + "/api/events?limit=1", timeout=1)
                    break
                except httpx.HTTPError:
                    time.sleep(0.2)
            if not args.skip_sequential:
                sequential(base, ids, args.events, args.requests)
            if args.clients:
                concurrent(base, ids, args, token, server.pid)
        finally:
            server.terminate()
            server.wait(timeout=20)


def concurrent(base: str, ids: list[str], args: argparse.Namespace, token: str,
               server: int) -> None:  # fmt: skip
    with httpx.Client(base_url=base, timeout=30) as client:  # keys of pages far into the list
        keys = [client.get("/api/events", params={"limit": 500}).json()["next"]]
        while len(keys) < 9 and keys[-1]:
            keys.append(
                client.get("/api/events", params={"limit": 500, "after": keys[-1]}).json()["next"]
            )
        keys = [k for k in keys if k]
        hits = client.get("/api/events", params={"q": "of", "limit": 1}).json()["total"]
    print(f"search 'of': {hits:,} hits")
    plans = [mix(ids, keys, seed, args.rounds) for seed in range(args.clients)]
    load(base, plans, args.clients, 3, server)  # warm-up
    stop, done = threading.Event(), []
    worker = threading.Thread(target=uploading, args=(base, token, stop, done), daemon=True)
    if args.upload:
        worker.start()
        time.sleep(3)  # the upload worker process is loading its model
    load(base, plans, args.clients, args.seconds, server, args.rate)
    if args.upload:
        stop.set()
        worker.join(timeout=300)
        print(f"uploads finished meanwhile: {len(done)} (each {statistics.mean(done):.1f} s)" if done
              else "no upload finished within the load")  # fmt: skip


def sequential(base: str, ids: list[str], events: int, requests: int) -> None:
    with httpx.Client(base_url=base, timeout=10) as client:
        for name, url in (("event list page", lambda i: f"/?offset={(i * 50) % events}"),
                          ("event list API", lambda i: f"/api/events?offset={(i * 50) % events}"),
                          ("event page", lambda i: f"/events/{ids[(i * 37) % len(ids)]}"),
                          ("event API", lambda i: f"/api/events/{ids[(i * 37) % len(ids)]}"),
                          ("map data", lambda i: "/api/map"),
                          ("map data, 1 country", lambda i: f"/api/map?country={COUNTRIES[i % len(COUNTRIES)]}"),
                          ("faceted list API", lambda i: f"/api/events?{FACETS[i % len(FACETS)]}"),
                          ("faceted list page", lambda i: f"/?{FACETS[i % len(FACETS)]}")):  # fmt: skip
            cold = []  # each distinct URL once, before any cache holds it
            for u in dict.fromkeys(url(i) for i in range(requests)).keys():
                if len(cold) >= 6:
                    break
                t = time.perf_counter()
                client.get(u)
                cold.append(time.perf_counter() - t)
            times = []
            for i in range(requests):
                t = time.perf_counter()
                r = client.get(url(i))
                times.append(time.perf_counter() - t)
                assert r.status_code == 200, (url(i), r.status_code)
            p50, p95 = percentiles(times)
            print(f"{name:20s} p50 {p50:6.1f} ms   p95 {p95:6.1f} ms   ({requests} requests)"
                  f"   first request of a URL: max {max(cold) * 1000:6.1f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
