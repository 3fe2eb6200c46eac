"""Merging quality on real data: same-event pairs merged, distinct events kept apart.

.venv/bin/python benchmarks/quality_merging.py [--ged-limit N] [--threshold 6]

1. **Short reports about the same incidents as articles**: every corpus article
   (../shared/corpus/wikipedia) is stored, then a short report made of its first lead
   paragraph (under a neutral title, published two days after the article's last date, no
   infobox) is stored after it. Same-event recall: the share of reports that join their
   article's event (and none other).
2. **Revised articles**: each article again with its last paragraph dropped and a sentence
   added: the share stored as a new version of its event.
3. **Distinct coded events**: the UCDP GED events of ../shared/data/ucdp (11,363 real,
   hand-coded events, each a distinct event by GED's rules), each stored as an event of its
   own document from its coded fields (dates, the place as a report writes it, "Mosul" for
   GED's "Mosul town", resolved through the gazetteer, side A and B as the named parties, the
   deaths low-high as one figure). Every merge among them is a false merge; the pairs judged
   are the distinct pairs resolution compared.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from conflictkb.assemble import default_pipeline
from conflictkb.assemble.sameevent import DEFAULT_THRESHOLD
from conflictkb.model import (
    Actor,
    Claim,
    ClaimOrigin,
    DatePrecision,
    Document,
    Event,
    Place,
    Span,
    Typology,
)
from conflictkb.readers import read_bytes, read_document
from conflictkb.resolve.geocode import GeocodeStep
from conflictkb.store import Store

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "wikipedia"
GED = ROOT.parent / "shared" / "data" / "ucdp"


def lead_paragraph(text: str) -> str | None:
    """The first paragraph of running text after the infobox (the article's lead)."""
    body = text.split("\n\n")
    for para in body[1:]:
        p = para.strip()
        if p and not p.startswith(("Infobox", "- ", "=")) and len(p.split()) >= 25:
            return p
    return None


def reports_of_articles(store: Store, pipeline: object) -> tuple[int, int, int, int]:
    """(articles, reports made, reports merged into their article, wrong merges)."""
    stored: dict[Path, str] = {}
    for path in sorted(CORPUS.glob("*.txt")):
        stored[path] = store.save_event(pipeline.run(read_document(path))).event_id  # type: ignore[attr-defined]
    made = merged = wrong = 0
    for path, event_id in stored.items():
        lead = lead_paragraph(path.read_text(encoding="utf-8"))
        rec = store.get_record(event_id)
        end = rec.get("end_date") or rec.get("start_date")
        if lead is None or end is None:
            continue
        published = date.fromisoformat(end) + timedelta(days=2)
        doc = read_bytes(f"Field report {made + 1}\n\n{lead}\n".encode(), f"{path.stem}.report.txt")
        doc.published = doc.published or published
        outcome = store.save_event(pipeline.run(doc))  # type: ignore[attr-defined]
        made += 1
        if outcome.status == "merged":
            merged += outcome.event_id == event_id
            wrong += outcome.event_id != event_id
    return len(stored), made, merged, wrong


def revised_articles(store: Store, pipeline: object) -> tuple[int, int]:
    versions = total = 0
    for path in sorted(CORPUS.glob("*.txt")):
        text = path.read_text(encoding="utf-8").rstrip("\n")
        revised = text.rsplit("\n\n", 1)[0] + "\n\nThis article was revised for a test.\n"
        doc = read_bytes(revised.encode(), path.name)
        outcome = store.save_event(pipeline.run(doc))  # type: ignore[attr-defined]
        total += 1
        versions += outcome.status == "version"
    return total, versions


def ged_event(row: dict[str, object], geocode: GeocodeStep) -> Event:
    gid = str(row["id"])
    doc_id = hashlib.sha256(f"ged-{gid}".encode()).hexdigest()
    doc = Document(id=doc_id, path=f"ged/{gid}", format="report", title=f"GED event {gid}", text="")
    country = re.sub(r"\s*\(.*\)", "", str(row["location_root_name"]))
    # The place as a report writes it: "Mosul", not GED's "Mosul town".
    where = re.sub(
        r"\s+(?:town|village|city|suburb)$", "", str(row.get("location_where_name") or "")
    )
    raw = ", ".join(x for x in (where, str(row.get("location_adm2_name") or ""),
                                str(row.get("location_adm1_name") or "")) if x)  # fmt: skip
    start, end = (
        date.fromisoformat(str(row["start_date"])),
        date.fromisoformat(str(row["end_date"])),
    )
    days = (end - start).days
    prec = (
        DatePrecision.DAY
        if days == 0
        else DatePrecision.DAYS_2_6
        if days < 7
        else DatePrecision.WEEK
    )
    ev = Event(id=f"ged-{gid}", name=doc.title, documents=[doc], start_date=start, end_date=end,
               date_precision=prec, place=Place(raw=f"{raw}, {country}" if raw else country))  # fmt: skip
    geocode(Document(doc_id, "-", "report", ev.place.raw, ev.place.raw), ev)  # type: ignore[union-attr]
    b = str(row["side_b_name"])
    ev.actors = [Actor(name=str(row["side_a_name"]), side=1, role="combatant"),
                 Actor(name=b, side=2, role="combatant")]  # fmt: skip
    low, high = int(row["deaths_low"]), int(row["deaths_high"])  # type: ignore[call-overload]
    ev.claims = [Claim(property="deaths", min=low, max=high, text=f"{low}-{high} deaths",
                       span=Span(0, 0), origin=ClaimOrigin.NARRATIVE,
                       extractor="ged", extractor_version="1", document_id=doc_id)]  # fmt: skip
    ev.typology = Typology(
        event_type="Violence against civilians" if b == "Civilians" else "Battles"
    )
    return ev


def distinct_ged(store: Store, limit: int | None) -> tuple[int, int, int, float]:
    """(events, false merges, distinct pairs judged, seconds)."""
    rows = [json.loads(line) for f in ("train.jsonl", "validation.jsonl", "test.jsonl")
            for line in (GED / f).open(encoding="utf-8")]  # fmt: skip
    rows = rows[:limit] if limit else rows
    geocode = GeocodeStep()
    merges = pairs = 0
    t0 = time.perf_counter()
    for row in rows:
        outcome = store.save_event(ged_event(row, geocode))
        merges += outcome.status == "merged"
    elapsed = time.perf_counter() - t0
    with store.engine.connect() as conn:
        for (res,) in conn.exec_driver_sql("SELECT resolution FROM event_parts"):
            pairs += int(
                (json.loads(res) if isinstance(res, str) else res or {}).get("candidates") or 0
            )
    return len(rows), merges, pairs, elapsed


def same_day_place_dyad(store: Store) -> int:
    """False merges where both events are one day, the same day, the same written place and
    the same two sides: ACLED's rule makes those one event."""
    n = 0
    for rec in store.iter_records():
        docs = rec["documents"]
        if len(docs) < 2:
            continue
        reasons = " ".join(
            r for d in docs[1:] for r in (d.get("resolution") or {}).get("reasons", [])
        )
        n += ("same day" in reasons and ("0 km apart" in reasons or "same place written" in reasons)
              and "actors in common" in reasons and "(+2)" in reasons)  # fmt: skip
    return n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--ged-limit", type=int, default=None)
    ap.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    ap.add_argument("--ged-only", action="store_true", help="Only the distinct GED events.")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ged = Store(str(Path(tmp) / "ged.sqlite"), merge_threshold=args.threshold)
        n, merges, pairs, secs = distinct_ged(ged, args.ged_limit)
        print(f"distinct GED events: {n:,} stored, {merges} false merges, {pairs:,} distinct "
              f"pairs judged, {secs:.0f} s", flush=True)  # fmt: skip
        print(f"  of the false merges, same day, same place written and same two sides: "
              f"{same_day_place_dyad(ged)}", flush=True)  # fmt: skip
        if args.ged_only:
            return
        pipeline = default_pipeline()
        store = Store(str(Path(tmp) / "kb.sqlite"), merge_threshold=args.threshold)
        arts, made, merged, wrong = reports_of_articles(store, pipeline)
        print(f"reports of articles: {arts} articles, {made} reports, {merged} merged into their "
              f"article ({merged / max(made, 1):.1%}), {wrong} into another event", flush=True)  # fmt: skip
        total, versions = revised_articles(store, pipeline)
        print(f"revised articles: {versions}/{total} stored as versions", flush=True)


if __name__ == "__main__":
    main()
