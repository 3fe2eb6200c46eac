"""Event resolution against stores of growing size: the time to store one document (resolution,
the merged record, the write) when the store already holds N events.

.venv/bin/python benchmarks/bench_resolution.py [--sizes 1000 10000 100000] [--rounds 3]

The N events are synthetic copies of the twelve ACLED-style Sahel notes of
tests/fixtures/acled/sahel_notes.csv (their extracted records), spread over Mali, Burkina Faso
and Niger (places jittered by up to 3 degrees) and over 2015-2025, written straight into the
tables (parts, index keys, events) as ingest would leave them. Then, at each size, the real
Moura documents (the article, the HRW note, the OHCHR statement, the French rendering), already
extracted, are stored one by one and timed; they are removed again (the store file is copied
per round) so every round starts from the same N.
"""

from __future__ import annotations

import argparse
import copy
import csv
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from conflictkb.assemble import default_pipeline
from conflictkb.assemble.sameevent import index_keys
from conflictkb.model import Document, Event
from conflictkb.readers import read_bytes, read_document
from conflictkb.record import event_from_record, event_record
from conflictkb.store import Store
from conflictkb.store import schema as s

ROOT = Path(__file__).resolve().parents[1]
NOTES = ROOT / "tests" / "fixtures" / "acled" / "sahel_notes.csv"
REPORTS = ROOT / "tests" / "fixtures" / "reports"
SEED = ROOT / "src" / "conflictkb" / "data" / "samples" / "moura_massacre.txt"
DOCS = [SEED, REPORTS / "hrw-2022-04-05-moura.md", REPORTS / "ohchr-2022-04-20-moura.md",
        REPORTS / "hcdh-2022-04-20-moura-fr.txt"]  # fmt: skip
COUNTRIES = {"ML": (17.0, -2.0), "BF": (12.3, -1.5), "NE": (14.5, 5.0)}


def templates(pipeline: object) -> list[Event]:
    rows = [r for r in csv.DictReader(NOTES.open(encoding="utf-8"))
            if not r["event_id_cnty"].startswith("#")]  # fmt: skip
    out = []
    for r in rows:
        doc = read_bytes(r["notes"].encode(), "note.txt")
        doc.published = datetime.strptime(r["event_date"], "%d %B %Y").date()
        out.append(pipeline.run(doc))  # type: ignore[attr-defined]
    return out


def synthetic_rows(tpl: list[Event], n: int, rng: random.Random) -> tuple[list[dict], list[dict],
                                                                          list[dict], list[dict]]:  # fmt: skip
    docs, events, parts, keys = [], [], [], []
    now = datetime.now(UTC)
    for i in range(n):
        ev = copy.deepcopy(rng.choice(tpl))
        cc = rng.choice(list(COUNTRIES))
        lat0, lon0 = COUNTRIES[cc]
        day = date(2015, 1, 1) + timedelta(days=rng.randrange(3650))
        ev.id, ev.name = f"synthetic-{i}", f"Synthetic event {i}"
        ev.start_date = ev.end_date = day
        if ev.place is not None:
            ev.place.country_code = cc
            ev.place.lat, ev.place.lon = lat0 + rng.uniform(-3, 3), lon0 + rng.uniform(-3, 3)
            ev.place.where_prec = ev.place.where_prec or 1
        doc_id = f"{i:064x}"
        meta = Document(id=doc_id, path=f"synthetic/{i}.txt", format="report", title=ev.name,
                        text="", published=day)  # fmt: skip
        ev.documents = [meta]
        for c in ev.claims:
            c.document_id = doc_id
        rec = event_record(ev)
        docs.append({"id": doc_id, "path": meta.path, "format": "report", "title": ev.name,
                     "text": "", "encoding": "utf-8", "sections": [], "infobox": [],
                     "published": day, "ingested_at": now})  # fmt: skip
        events.append({"id": ev.id, "name": ev.name, "start_date": day, "end_date": day,
                       "country_code": cc, "record": rec, "updated_at": now})  # fmt: skip
        part_id = f"{doc_id}:0"
        parts.append({"id": part_id, "document_id": doc_id, "seq": 0, "event_id": ev.id,
                      "record": rec, "resolution": None, "created_at": now})  # fmt: skip
        keys += [{"key": k, "part_id": part_id} for k in index_keys(event_from_record(rec))]
    return docs, events, parts, keys


def build(path: Path, tpl: list[Event], n: int) -> float:
    t0 = time.perf_counter()
    store = Store(str(path))
    docs, events, parts, keys = synthetic_rows(tpl, n, random.Random(n))
    with store.engine.begin() as conn:
        for table, rows in ((s.documents, docs), (s.events, events), (s.event_parts, parts),
                            (s.resolution_keys, keys)):  # fmt: skip
            for i in range(0, len(rows), 5000):
                conn.execute(insert(table), rows[i : i + 5000])
    store.close()
    return time.perf_counter() - t0


def timed_round(path: Path, extracted: list[Event]) -> tuple[list[float], list[int]]:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "kb.sqlite"
        shutil.copy(path, work)
        store = Store(str(work))
        times, candidates = [], []
        for ev in extracted:
            t0 = time.perf_counter()
            store.save_event(copy.deepcopy(ev))
            times.append(time.perf_counter() - t0)
        rec = store.get_record("moura-massacre")
        candidates = [
            int((d.get("resolution") or {}).get("candidates") or 0) for d in rec["documents"]
        ]
        store.close()
    return times, candidates


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    pipeline = default_pipeline()
    tpl = templates(pipeline)
    extracted = [pipeline.run(read_document(p)) for p in DOCS]
    print(f"{len(tpl)} templates, {len(extracted)} documents to resolve", file=sys.stderr)
    print("| events stored | build (s) | ms per document (median) | max | candidates judged |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            path = Path(tmp) / f"store-{n}.sqlite"
            built = build(path, tpl, n)
            all_times: list[float] = []
            cands: list[int] = []
            for _ in range(args.rounds):
                times, cands = timed_round(path, extracted)
                all_times += times
            ms = [t * 1000 for t in all_times]
            print(f"| {n:,} | {built:.1f} | {statistics.median(ms):.1f} | {max(ms):.1f} | "
                  f"{', '.join(map(str, cands))} |", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
