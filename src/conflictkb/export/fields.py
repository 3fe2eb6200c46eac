"""Values that several export formats derive from an event record.

Everything here reads the record (the JSON contract) only. Where a value cannot be known it is
``None`` and the writers leave the column empty: nothing is invented.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, BinaryIO

import pycountry

__all__ = [
    "CountryInfo",
    "claimants",
    "combatants",
    "country_info",
    "deaths_split",
    "documents_of",
    "joined",
    "priogrid_gid",
    "write_csv",
]

Record = dict[str, Any]


@dataclass(frozen=True, slots=True)
class CountryInfo:
    alpha2: str
    name: str | None
    iso_numeric: int | None
    alpha3: str | None
    gwno: int | None
    ucdp_region: str | None
    acled_region: str | None


@lru_cache(maxsize=1)
def _table() -> dict[str, dict[str, str]]:
    text = resources.files("conflictkb.data").joinpath("countries.csv").read_text("utf-8")
    return {row["alpha2"]: row for row in csv.DictReader(text.splitlines())}


def country_info(alpha2: str | None) -> CountryInfo | None:
    if not alpha2:
        return None
    c = pycountry.countries.get(alpha_2=alpha2)
    row = _table().get(alpha2, {})
    return CountryInfo(
        alpha2=alpha2,
        name=str(getattr(c, "common_name", None) or c.name) if c else None,
        iso_numeric=int(c.numeric) if c else None,
        alpha3=c.alpha_3 if c else None,
        gwno=int(row["gwno"]) if row.get("gwno") else None,
        ucdp_region=row.get("ucdp_region") or None,
        acled_region=row.get("acled_region") or None,
    )


def priogrid_gid(lat: float | None, lon: float | None) -> int | None:
    """PRIO-GRID cell id (0.5° cells numbered row by row from -90, -180)."""
    if lat is None or lon is None:
        return None
    row = min(359, int(math.floor((lat + 90) / 0.5)))
    col = min(719, int(math.floor((lon + 180) / 0.5)))
    return row * 720 + col + 1


def deaths_split(record: Record) -> dict[str, int] | None:
    """UCDP's four deaths columns from the estimate scopes (best figures).

    Side 1 combatants -> deaths_a, side 2 combatants -> deaths_b, civilians of any side ->
    deaths_civilians, the rest -> deaths_unknown. Their sum is the total best estimate.
    """
    est = (record.get("estimates") or {}).get("deaths")
    if not est:
        return None
    out = {"deaths_a": 0, "deaths_b": 0, "deaths_civilians": 0, "deaths_unknown": 0}
    for scope in est.get("scopes", []):
        if not scope.get("included", True):
            continue
        side, cat, best = scope.get("side"), scope.get("category"), int(scope["best"])
        if cat == "civilians":
            out["deaths_civilians"] += best
        elif cat == "combatants" and side == 1:
            out["deaths_a"] += best
        elif cat == "combatants" and side == 2:
            out["deaths_b"] += best
        else:
            out["deaths_unknown"] += best
    return out


_SIDE_ROLES = {"combatant", "initiator", "target"}


def combatants(record: Record, side: int) -> list[dict[str, Any]]:
    """The actors of one side: the infobox's combatants, else who did what to whom
    (side 1 the initiator, side 2 the target)."""
    return [
        a
        for a in record.get("actors", [])
        if a.get("role") in _SIDE_ROLES and a.get("side") == side
    ]


def claimants(record: Record, prop: str | None = None) -> list[str]:
    seen: list[str] = []
    for c in record.get("claims", []):
        who = c.get("claimant")
        if who and (prop is None or c.get("property") == prop) and who not in seen:
            seen.append(who)
    return seen


def write_csv(rows: Iterable[dict[str, Any]], columns: Sequence[str], out: BinaryIO) -> int:
    """UTF-8 CSV with exactly ``columns``, in order; None becomes an empty cell."""
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    writer = csv.DictWriter(text, fieldnames=list(columns), restval="", extrasaction="raise")
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow({k: ("" if v is None else v) for k, v in row.items()})
        n += 1
    text.flush()
    text.detach()
    return n


def documents_of(record: Record) -> list[dict[str, Any]]:
    """The record's documents (a record from before merging names one)."""
    return list(record.get("documents") or ([record["document"]] if record.get("document") else []))


def joined(values: Iterable[object]) -> str | None:
    """Distinct non-empty values joined with "; " (GED's and ACLED's way of listing sources)."""
    return "; ".join(dict.fromkeys(str(v) for v in values if v)) or None
