"""GeoJSON FeatureCollection: one feature per event; geometry only where the place resolved."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, BinaryIO

__all__ = ["feature", "write_geojson"]


def feature(record: dict[str, Any]) -> dict[str, Any]:
    place = record.get("place") or {}
    lat, lon = place.get("lat"), place.get("lon")
    deaths = (record.get("estimates") or {}).get("deaths") or {}
    typ = record.get("typology") or {}
    return {
        "type": "Feature",
        "id": record.get("id"),
        "geometry": {"type": "Point", "coordinates": [lon, lat]}
        if lat is not None and lon is not None
        else None,
        "properties": {
            "title": record.get("title"),
            "start_date": record.get("start_date"),
            "end_date": record.get("end_date"),
            "date_precision": record.get("date_precision"),
            "place": place.get("name") or place.get("raw"),
            "country_code": place.get("country_code"),
            "admin1": place.get("admin1"),
            "admin2": place.get("admin2"),
            "where_prec": place.get("where_prec"),
            "event_type": typ.get("event_type"),
            "type_of_violence": typ.get("type_of_violence"),
            "deaths_low": deaths.get("low"),
            "deaths_best": deaths.get("best"),
            "deaths_high": deaths.get("high"),
            "claims": len(record.get("claims", [])),
        },
    }


def write_geojson(records: Iterable[dict[str, Any]], out: BinaryIO) -> int:
    out.write(b'{"type": "FeatureCollection", "features": [')
    n = 0
    for r in records:
        out.write((b",\n" if n else b"\n") + json.dumps(feature(r), ensure_ascii=False).encode())
        n += 1
    out.write(b"\n]}\n")
    return n
