"""Coordinates as written: "35.95°N, 39.0167°E", "14.33, -4.60", "14°19′N 4°36′W"."""

from __future__ import annotations

import re

__all__ = ["parse_coordinates"]

_DEC = re.compile(
    r"(?<![\d.])(?P<lat>-?\d{1,2}(?:\.\d+)?)\s*°?\s*(?P<ns>[NS])?\s*[,;/ ]\s*"
    r"(?P<lon>-?\d{1,3}(?:\.\d+)?)\s*°?\s*(?P<ew>[EW])?",
    re.I,
)
_DMS = re.compile(
    r"(?<![\d.])(?P<ld>\d{1,2})\s*°\s*(?:(?P<lm>\d{1,2}(?:\.\d+)?)\s*[′']\s*)?(?:(?P<ls>\d{1,2}(?:\.\d+)?)\s*[″\"]\s*)?"
    r"(?P<ns>[NS])\W+"
    r"(?P<od>\d{1,3})\s*°\s*(?:(?P<om>\d{1,2}(?:\.\d+)?)\s*[′']\s*)?(?:(?P<os>\d{1,2}(?:\.\d+)?)\s*[″\"]\s*)?"
    r"(?P<ew>[EW])",
    re.I,
)


def parse_coordinates(text: str) -> tuple[float, float] | None:
    """(lat, lon) in decimal degrees, or None when the text holds no valid pair."""
    m = _DMS.search(text)
    if m is not None:
        lat = _dms(m.group("ld"), m.group("lm"), m.group("ls"))
        lon = _dms(m.group("od"), m.group("om"), m.group("os"))
        return _signed(lat, lon, m.group("ns"), m.group("ew"))
    m = _DEC.search(text)
    if m is None:
        return None
    return _signed(float(m.group("lat")), float(m.group("lon")), m.group("ns"), m.group("ew"))


def _dms(d: str, m: str | None, s: str | None) -> float:
    return float(d) + float(m or 0) / 60 + float(s or 0) / 3600


def _signed(lat: float, lon: float, ns: str | None, ew: str | None) -> tuple[float, float] | None:
    if ns and ns.upper() == "S":
        lat = -abs(lat)
    if ew and ew.upper() == "W":
        lon = -abs(lon)
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return round(lat, 6), round(lon, 6)
