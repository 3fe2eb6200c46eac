"""Rich rendering of events for the terminal. All text is printed without markup."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

__all__ = ["events_table", "figure", "render_event"]


def figure(mn: int | None, mx: int | None) -> str:
    if mn is None and mx is None:
        return "?"
    if mx is None:
        return f"{mn:,}+"
    if mn is None:
        return f"≤{mx:,}"
    return f"{mn:,}" if mn == mx else f"{mn:,}–{mx:,}"


def events_table(rows: list[dict[str, Any]]) -> Table:
    t = Table(title=f"{len(rows)} events")
    for col in ("id", "name", "start", "end", "country", "best deaths"):
        t.add_column(col, overflow="fold")
    for r in rows:
        best = r.get("deaths_best")
        t.add_row(
            Text(r["id"]), Text(r["name"]), str(r.get("start_date") or ""),
            str(r.get("end_date") or ""), r.get("country_code") or "",
            "" if best is None else f"{best:,}",
        )  # fmt: skip
    return t


def render_event(console: Console, rec: dict[str, Any], *, ids: bool = False) -> None:
    place = rec.get("place") or {}
    console.print(Text(rec["title"], style="bold"))
    lines = [
        ("dates", f"{rec.get('start_date') or '?'} – {rec.get('end_date') or '?'} "
                  f"(precision {rec.get('date_precision') or '?'})"),
        ("place", ", ".join(str(x) for x in (place.get("name") or place.get("raw"),
                  place.get("admin2"), place.get("admin1"), place.get("country_code")) if x)),
        ("conflict", rec.get("conflict") or ""),
        ("result", rec.get("result") or ""),
    ]  # fmt: skip
    if place.get("lat") is not None:
        lines.append(("coordinates", f"{place['lat']:.4f}, {place['lon']:.4f}"))
    typ = rec.get("typology") or {}
    if typ.get("event_type"):
        lines.append(("type", f"{typ.get('event_type')} / {typ.get('sub_event_type')}"))
    for k, v in lines:
        console.print(Text(f"  {k:<12}") + Text(v))
    for a in rec.get("actors", []):
        if a["role"] == "combatant":
            console.print(Text(f"  side {a['side']}: ") + Text(a["name"]))
    _documents(console, rec)
    _claims(console, rec, ids)
    if rec.get("timeline"):
        console.print(Text("Timeline", style="bold"))
        for t in rec["timeline"]:
            console.print(Text(f"  {t['date'] or '?'}  {t['kind']:<13} ") + Text(t["text"][:110]))


def _documents(console: Console, rec: dict[str, Any]) -> None:
    """The event's documents (how each joined it), links and orphaned review decisions."""
    docs = rec.get("documents") or []
    console.print(Text(f"Documents ({len(docs)}; {rec.get('number_of_sources', len(docs))} "
                       "source(s))", style="bold"))  # fmt: skip
    for d in docs:
        res = d.get("resolution") or {}
        how = res.get("kind") or ""
        if res.get("score") is not None:
            how += f" (score {res['score']})"
        console.print(Text(f"  {d['sha256'][:12]}  {d.get('published') or '?':<10}  "
                           f"{d.get('source') or '—':<10}  ") + Text(d.get("title") or "")
                      + Text(f"  [{how}]" if how else ""))  # fmt: skip
    for link in rec.get("links") or []:
        console.print(Text(f"  {link['kind']}: ") + Text(link.get("name") or "")
                      + Text(f" ({link.get('event_id') or 'not stored'})"))  # fmt: skip
    for o in rec.get("orphaned_reviews") or []:
        console.print(Text(f"  orphaned review {o['claim_id']} ({o['status']}): ", style="bold")
                      + Text(o["text"][:80]))  # fmt: skip


def _claims(console: Console, rec: dict[str, Any], ids: bool) -> None:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for c in rec.get("claims", []):
        groups[c["property"]].append(c)
    estimates = rec.get("estimates", {})
    for prop, claims in groups.items():
        est = estimates.get(prop)
        head = f"{prop}"
        if est:
            head += f"  low {est['low']:,} · best {est['best']:,} · high {est['high']:,}"
        t = Table(title=head, title_justify="left", show_edge=False)
        cols = ("figure", "side", "victims", "claimant", "origin", "review", "source text")
        for col in (("id",) if ids else ()) + cols:
            t.add_column(col, overflow="fold")
        for c in claims:
            fig = figure(c["min"], c["max"]) if c["parsed"] else "unparsed"
            row = [
                fig, str(c["side"] or ""), Text(c["category"] or c["category_norm"]),
                Text(_claimant(c)), c["origin"], c["review_status"], Text(c["text"][:80]),
            ]  # fmt: skip
            t.add_row(*([c["id"]] if ids else []), *row)
        console.print(t)


def _claimant(c: dict[str, Any]) -> str:
    """The claimant as written, and the party it speaks for when that reads differently."""
    written, party = c.get("claimant"), c.get("claimant_norm")
    if not written:
        return "—"
    return f"{written} ({party})" if party and party != written else written
