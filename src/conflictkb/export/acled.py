"""ACLED CSV: the 31 columns of an ACLED export.

``fatalities`` follows ACLED's rule, the most conservative reported figure (our low death
estimate); the disputed figures and who reports them go into ``notes``.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from datetime import date
from typing import Any, BinaryIO

from .fields import combatants, country_info, documents_of, joined, write_csv

__all__ = ["ACLED_COLUMNS", "acled_row", "write_acled"]

ACLED_COLUMNS = (
    "event_id_cnty event_date year time_precision disorder_type event_type sub_event_type "
    "actor1 assoc_actor_1 inter1 actor2 assoc_actor_2 inter2 interaction civilian_targeting "
    "iso region country admin1 admin2 admin3 location latitude longitude geo_precision source "
    "source_scale notes fatalities tags timestamp"
).split()
assert len(ACLED_COLUMNS) == 31


def _time_precision(record: dict[str, Any]) -> int | None:
    start: str | None = record.get("start_date")
    end: str | None = record.get("end_date") or start
    if not start or not end:
        return None
    days = (date.fromisoformat(end) - date.fromisoformat(start)).days
    if record.get("date_precision") == 1 and days == 0:
        return 1
    return 2 if days <= 7 else 3


def _actors(record: dict[str, Any], side: int) -> tuple[str | None, str | None, int | None]:
    names = combatants(record, side)
    if not names:
        return None, None, None
    assoc = "; ".join(a["name"] for a in names[1:]) or None
    return names[0]["name"], assoc, names[0].get("inter_code")


def _figure(c: dict[str, Any]) -> str:
    lo, hi = c.get("min"), c.get("max")
    if lo is None and hi is None:
        return str(c.get("text", ""))
    if hi is None:
        return f"{lo}+"
    if lo is None:
        return f"up to {hi}"
    return str(lo) if lo == hi else f"{lo}-{hi}"


def _notes(record: dict[str, Any]) -> str:
    parts = [record.get("title", "")]
    deaths = [
        c for c in record.get("claims", []) if c.get("property") == "deaths" and c.get("parsed")
    ]
    if deaths:
        figures = "; ".join(
            f"{_figure(c)} {c.get('category') or ''}".strip() + f" ({c.get('claimant') or 'unattributed'})"
            for c in deaths
        )  # fmt: skip
        parts.append(f"Reported deaths: {figures}.")
    est = (record.get("estimates") or {}).get("deaths")
    if est:
        parts.append(f"conflictkb estimate low/best/high {est['low']}/{est['best']}/{est['high']}.")
    return " ".join(p for p in parts if p)


def acled_row(record: dict[str, Any]) -> dict[str, Any]:
    place = record.get("place") or {}
    info = country_info(place.get("country_code"))
    typ = record.get("typology") or {}
    a1, assoc1, inter1 = _actors(record, 1)
    a2, assoc2, inter2 = _actors(record, 2)
    if typ.get("event_type") == "Violence against civilians" and info is not None:
        a2, assoc2, inter2 = f"Civilians ({info.name})", None, 7
    inters = sorted(i for i in (inter1, inter2) if i)
    est = (record.get("estimates") or {}).get("deaths")
    start = record.get("start_date")
    return {
        "event_id_cnty": record.get("id"),
        "event_date": start,
        "year": start[:4] if start else None,
        "time_precision": _time_precision(record),
        "disorder_type": typ.get("disorder_type"),
        "event_type": typ.get("event_type"),
        "sub_event_type": typ.get("sub_event_type"),
        "actor1": a1,
        "assoc_actor_1": assoc1,
        "inter1": inter1,
        "actor2": a2,
        "assoc_actor_2": assoc2,
        "inter2": inter2,
        "interaction": "".join(str(i) for i in inters) or None,
        "civilian_targeting": "Civilian targeting" if inter2 == 7 else None,
        "iso": info.iso_numeric if info else None,
        "region": info.acled_region if info else None,
        "country": info.name if info else None,
        "admin1": place.get("admin1"),
        "admin2": place.get("admin2"),
        "location": place.get("name") or place.get("raw") or None,
        "latitude": place.get("lat"),
        "longitude": place.get("lon"),
        "geo_precision": place.get("geo_precision"),
        "source": joined([d.get("source") or d.get("title") for d in documents_of(record)]
                         + [c["claimant"] for c in record.get("claims", []) if c.get("claimant")]),
        "notes": _notes(record),
        "fatalities": est["low"] if est else None,
        "timestamp": int(time.time()),
    }  # fmt: skip


def write_acled(records: Iterable[dict[str, Any]], out: BinaryIO) -> int:
    return write_csv((acled_row(r) for r in records), ACLED_COLUMNS, out)
