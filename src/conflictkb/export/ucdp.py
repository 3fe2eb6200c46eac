"""UCDP GED CSV: the 49 columns of the Georeferenced Event Dataset, in their order.

docs/exports.md maps every column to where its value comes from. Columns UCDP fills from its
own registries (conflict and dyad ids, actor ids) stay empty.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, BinaryIO

from ..extract.registry import STATE_TYPES
from .fields import (
    claimants,
    combatants,
    country_info,
    deaths_split,
    documents_of,
    joined,
    priogrid_gid,
    write_csv,
)

__all__ = ["GED_COLUMNS", "ged_row", "write_ged"]

GED_COLUMNS = (
    "id relid year active_year code_status type_of_violence conflict_dset_id conflict_new_id "
    "conflict_name dyad_dset_id dyad_new_id dyad_name side_a_dset_id side_a_new_id side_a "
    "side_b_dset_id side_b_new_id side_b number_of_sources source_article source_office "
    "source_date source_headline source_original where_prec where_coordinates "
    "where_description adm_1 adm_2 latitude longitude geom_wkt priogrid_gid country "
    "country_id region event_clarity date_prec date_start date_end deaths_a deaths_b "
    "deaths_civilians deaths_unknown best high low gwnoa gwnob"
).split()
assert len(GED_COLUMNS) == 49


def _side(record: dict[str, Any], side: int) -> str | None:
    names = [a["name"] for a in combatants(record, side)]
    return ", ".join(names) or None


def _ucdp_order(record: dict[str, Any]) -> tuple[int, int]:
    """UCDP's side A is the state where one side is a state (our sides from roles number the
    initiator first): (our side shown as A, our side shown as B)."""

    def state(side: int) -> bool:
        return any(a.get("actor_type") in STATE_TYPES
                   for a in combatants(record, side))  # fmt: skip

    return (2, 1) if state(2) and not state(1) else (1, 2)


def _gwno(record: dict[str, Any], side: int) -> int | None:
    for a in combatants(record, side):
        if a.get("actor_type") in STATE_TYPES and a.get("country"):
            info = country_info(a["country"])
            return info.gwno if info else None
    return None


def ged_row(record: dict[str, Any]) -> dict[str, Any]:
    place = record.get("place") or {}
    info = country_info(place.get("country_code"))
    split = deaths_split(record)
    est = (record.get("estimates") or {}).get("deaths") or {}
    docs = documents_of(record)
    typ = record.get("typology") or {}
    first, second = _ucdp_order(record)
    if split and first == 2:
        split["deaths_a"], split["deaths_b"] = split["deaths_b"], split["deaths_a"]
    side_a, side_b = _side(record, first), _side(record, second)
    lat, lon = place.get("lat"), place.get("lon")
    start = record.get("start_date")
    return {
        "id": record.get("id"),
        "relid": record.get("id"),
        "year": start[:4] if start else None,
        "type_of_violence": typ.get("type_of_violence"),
        "conflict_name": record.get("conflict"),
        "dyad_name": f"{side_a} - {side_b}" if side_a and side_b else None,
        "side_a": side_a,
        "side_b": side_b,
        "number_of_sources": record.get("number_of_sources") or len(docs) or None,
        "source_article": joined(d.get("url") or d.get("path") for d in docs),
        "source_office": joined(d.get("source") for d in docs),
        "source_date": joined(d.get("published") for d in docs),
        "source_headline": joined(d.get("title") for d in docs) or record.get("title"),
        "source_original": "; ".join(claimants(record)) or None,
        "where_prec": place.get("where_prec"),
        "where_coordinates": place.get("name") or place.get("raw") or None,
        "where_description": place.get("raw") or None,
        "adm_1": place.get("admin1"),
        "adm_2": place.get("admin2"),
        "latitude": lat,
        "longitude": lon,
        "geom_wkt": f"POINT ({lon} {lat})" if lat is not None and lon is not None else None,
        "priogrid_gid": priogrid_gid(lat, lon),
        "country": info.name if info else None,
        "country_id": info.gwno if info else None,
        "region": info.ucdp_region if info else None,
        "date_prec": record.get("date_precision"),
        "date_start": start,
        "date_end": record.get("end_date") or start,
        **(split or {}),
        "best": est.get("best"),
        "high": est.get("high"),
        "low": est.get("low"),
        "gwnoa": _gwno(record, first),
        "gwnob": _gwno(record, second),
    }


def write_ged(records: Iterable[dict[str, Any]], out: BinaryIO) -> int:
    return write_csv((ged_row(r) for r in records), GED_COLUMNS, out)
