"""An offline gazetteer: GeoNames places and admin names, shipped in ``data/gazetteer``.

Built by ``scripts/build_gazetteer.py``, read through an SQLite index made from it on first use
(:mod:`.gazindex`); users add GeoNames country files with
``conflictkb gazetteer add FILE`` (kept in the user data folder, ``$CONFLICTKB_HOME`` or
``~/.local/share/conflictkb``). Names are matched accent- and case-folded, on the name, its
ASCII form and its alternate names; a near spelling (one or two letters off: "Mourrah" for
"Mourra", "Moura" for "Mora") is accepted only inside a known country.
"""

from __future__ import annotations

import sqlite3
from collections import OrderedDict
from importlib import resources
from pathlib import Path
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from ..errors import InputError
from ..paths import user_dir
from ..textutil import fold
from .gazindex import GazPlace, Source, bare_admin_name, index_for, open_index

__all__ = [
    "SAHEL",
    "SPLIT_FROM",
    "GazPlace",
    "Gazetteer",
    "bare_admin_name",
    "bundled_sources",
    "user_dir",
]

_COLUMNS = ("p.geonameid, p.name, p.lat, p.lon, p.feature, p.country, p.admin1_code, "
            "p.admin2_code, p.admin2_name, p.population, p.admin2_derived")  # fmt: skip
_NEAR_CACHE = 16  # countries whose names are kept in memory for near-spelling search
# a country's folded names of each length, each with its place ids: a name more than k letters
# longer or shorter is more than k edits away
_ByLength = dict[int, tuple[list[str], list[list[int]]]]


def _geonames_line(line: str) -> str | None:
    """A 19-column GeoNames line (populated places only) in our 13-column form."""
    f = line.rstrip("\n").split("\t")
    if len(f) < 15 or f[6] != "P":
        return None
    float(f[4]), float(f[5])  # noqa: B018 - validates the coordinates
    alts = "|".join(a for a in f[3].split(",") if a)[:600]
    return "\t".join(
        [f[0], f[1], f[2], alts, f[4], f[5], f[7], f[8], f[10], f[11], "", f[14] or "0", "0"]
    )


def bundled_sources() -> tuple[list[Source], Source]:
    """The bundled place parts, Sahel first, and the admin2 names, as (name, bytes)."""
    data = resources.files("conflictkb.data").joinpath("gazetteer")
    parts = [(f"{p}.tsv.gz", data.joinpath(f"{p}.tsv.gz").read_bytes()) for p in _PARTS]
    return parts, ("admin2.tsv.gz", data.joinpath("admin2.tsv.gz").read_bytes())


def _place(row: tuple[Any, ...]) -> GazPlace:
    gid, name, lat, lon, feature, country, a1, a2, a2name, population, derived = row
    return GazPlace(gid, name, lat, lon, feature, country, a1, a2, a2name, population,
                    bool(derived))  # fmt: skip


class Gazetteer:
    """Place look-ups over the gazetteer index (:mod:`.gazindex`): the bundled parts and the
    user's added country files, each in its own index file, built on first use."""

    def __init__(self, extra_dir: Path | None = None, index_base: Path | None = None) -> None:
        base = index_base or user_dir()
        data = resources.files("conflictkb.data").joinpath("gazetteer")
        self.admin1: dict[str, str] = {}
        with data.joinpath("admin1.tsv").open("r", encoding="utf-8") as fh:
            for line in fh:
                code, name = line.rstrip("\n").split("\t")[:2]
                self.admin1[code] = name
        self._admin1_folded = [(c, bare_admin_name(n)) for c, n in self.admin1.items()]
        self._admin1_folded += [(c, alias) for alias, c in _ADMIN1_EXONYMS if c in self.admin1]
        self._admin1_by_name: dict[str, list[str]] = {}  # bare name -> codes, in file order
        for code, bare in self._admin1_folded:
            self._admin1_by_name.setdefault(bare, []).append(code)
        parts, admin2 = bundled_sources()
        self._cons = [open_index(index_for(parts, admin2, base, "gazetteer"))]
        folder = extra_dir if extra_dir is not None else user_dir() / "gazetteer"
        extra = [(p.name, p.read_bytes()) for p in sorted(folder.glob("*.tsv"))] if (
            folder.is_dir()) else []  # fmt: skip
        if extra:
            self._cons.append(open_index(index_for(extra, None, base, "user-gazetteer")))
        self._near: OrderedDict[str, list[_ByLength]] = OrderedDict()
        self._admin2: dict[str, str | None] = {}

    def __len__(self) -> int:
        return sum(c.execute("SELECT COUNT(*) FROM places").fetchone()[0] for c in self._cons)

    def _places(self, where: str, args: tuple[object, ...]) -> list[GazPlace]:
        sql = (f"SELECT {_COLUMNS} FROM names n JOIN places p ON p.id = n.place "
               f"WHERE {where} ORDER BY n.place")  # fmt: skip
        return [_place(row) for con in self._cons for row in con.execute(sql, args)]

    def admin1_name(self, p: GazPlace) -> str | None:
        return self.admin1.get(f"{p.country}.{p.admin1_code}") if p.admin1_code else None

    def admin2_name(self, p: GazPlace) -> str | None:
        name = p.admin2_name or (
            self._admin2_of(f"{p.country}.{p.admin1_code}.{p.admin2_code}")
            if p.admin2_code
            else None
        )
        return _short(name) if name else None

    def _admin2_of(self, code: str) -> str | None:
        if code not in self._admin2:
            row = self._cons[0].execute("SELECT name FROM admin2 WHERE code = ?", (code,))
            self._admin2[code] = next((r[0] for r in row), None)
        return self._admin2[code]

    def lookup(self, name: str, country: str | None = None) -> list[GazPlace]:
        """Places called ``name`` (exact after folding), in ``country`` when given."""
        if country is None:
            return self._places("n.key = ?", (fold(name),))
        return self._places("n.key = ? AND n.country = ?", (fold(name), country))

    def lookup_home(self, name: str) -> list[GazPlace]:
        """Places called ``name`` in the home region (the Sahel)."""
        marks = ",".join("?" * len(SAHEL))
        return self._places(f"n.key = ? AND n.country IN ({marks})", (fold(name), *SAHEL))

    def near_spellings(self, name: str, country: str) -> list[GazPlace]:
        """Places in ``country`` whose name is one edit away (two for long names)."""
        return [p for p, _ in self.near_spellings_scored(name, country)]

    @staticmethod
    def edit_distance(a: str, b: str, limit: int = 3) -> int:
        """Levenshtein distance of two folded names, ``limit + 1`` once past ``limit``."""
        return int(Levenshtein.distance(fold(a), fold(b), score_cutoff=limit))

    def near_spellings_scored(self, name: str, country: str) -> list[tuple[GazPlace, int]]:
        """(place, edits) of the places in ``country`` one edit away from ``name`` (two for
        long names), with the edits to the closest of the place's names."""
        key = fold(name)
        limit = 1 if len(key) < 9 else 2
        if len(key) < 4:
            return []
        out: list[tuple[GazPlace, int]] = []
        for con, by_length in zip(self._cons, self._country_names(country), strict=True):
            best: dict[int, int] = {}
            for n in range(len(key) - limit, len(key) + limit + 1):  # farther lengths: farther
                keys, ids = by_length.get(n, ([], []))
                found = process.extract(key, keys, scorer=Levenshtein.distance, limit=None,
                                        score_cutoff=limit)  # fmt: skip
                for _, d, i in found:
                    for pid in ids[i]:
                        best[pid] = min(int(d), best.get(pid, limit + 1))
            if best:
                marks = ",".join("?" * len(best))
                rows = con.execute(f"SELECT p.id, {_COLUMNS} FROM places p WHERE p.id IN "
                                   f"({marks}) ORDER BY p.id", tuple(best))  # fmt: skip
                out += [(_place(r[1:]), best[r[0]]) for r in rows]
        return out

    def _country_names(self, country: str) -> list[_ByLength]:
        """Per length, (folded names, their place ids) of one country in each index, for the
        last few countries asked about."""
        if country in self._near:
            self._near.move_to_end(country)
            return self._near[country]
        lists = [_names_of(con, country) for con in self._cons]
        self._near[country] = lists
        if len(self._near) > _NEAR_CACHE:
            self._near.popitem(last=False)
        return lists

    def admin1_code(self, country: str, name: str) -> str | None:
        """The admin1 code of ``name`` ("Mopti Region", "Raqqa Governorate") in ``country``."""
        for code in self._admin1_by_name.get(bare_admin_name(name), []):
            if code.startswith(country + "."):
                return code.split(".", 1)[1]
        return None

    def admin1_codes_named(self, name: str, *, near: bool = False) -> list[str]:
        """Every admin1 code (CC.X), in any country, whose name is ``name``.

        With ``near``, when none is so named: those one edit away (two for names of 9 letters
        or more), for transliterations ("Zaporizhzhia" / "Zaporizhzhya")."""
        key = bare_admin_name(name)
        if not key:
            return []
        exact = list(self._admin1_by_name.get(key, []))
        if exact or not near or len(key) < 5:
            return exact
        limit = 1 if len(key) < 9 else 2
        return [
            code
            for code, admin in self._admin1_folded
            if Levenshtein.distance(key, admin, score_cutoff=limit) <= limit
        ]

    def admin2_codes_named(self, name: str) -> list[str]:
        """Every admin2 code (CC.A1.A2) whose name, without its type words ("Cercle",
        "Province du"), is ``name``."""
        rows = self._cons[0].execute("SELECT code FROM admin2 WHERE bare = ? ORDER BY rowid",
                                     (bare_admin_name(name),))  # fmt: skip
        return [r[0] for r in rows]

    @staticmethod
    def add_file(path: Path, target: Path | None = None) -> int:
        """Copy the populated places of a GeoNames country file into the user gazetteer."""
        if not path.is_file():
            raise InputError("no such file", path=str(path))
        out_dir = target or user_dir() / "gazetteer"
        out_dir.mkdir(parents=True, exist_ok=True)
        lines = []
        with path.open(encoding="utf-8") as fh:
            for i, line in enumerate(fh, start=1):
                try:
                    row = _geonames_line(line)
                except ValueError:
                    raise InputError(
                        f"line {i} is not a GeoNames row (bad coordinates)", path=str(path)
                    ) from None
                if row is not None:
                    lines.append(row)
        if not lines:
            raise InputError(
                "no populated places found: is this a GeoNames country file (19 tab-separated columns)?",
                path=str(path),
            )
        (out_dir / f"{path.stem}.tsv").write_text("\n".join(lines) + "\n", "utf-8")
        return len(lines)


# English names of admin1 regions that GeoNames writes otherwise (ACLED writes these).
_ADMIN1_EXONYMS = (("timbuktu", "ML.08"), ("segou", "ML.05"), ("menaka", "ML.12070577"),
                   ("taoudeni", "ML.12070575"), ("tillaberi", "NE.09"))  # fmt: skip
# Regions carved out of older ones: a GeoNames place may still carry the older code.
SPLIT_FROM = {"ML.12070577": "ML.09", "ML.12070575": "ML.08"}

SAHEL = ("ML", "BF", "NE", "MR")
_PARTS = ("places-sahel", "places-world-a-c", "places-world-d-i", "places-world-j-p",
          "places-world-q-z")  # fmt: skip


def _short(name: str) -> str:
    """GeoNames admin2 names carry their type in Mali ("Djenne Cercle"): drop it."""
    return name[: -len(" Cercle")] if name.endswith(" Cercle") else name


def _names_of(con: sqlite3.Connection, country: str) -> _ByLength:
    """The folded names of ``country`` by length, each with its place ids."""
    out: _ByLength = {}
    rows = con.execute("SELECT key, place FROM names WHERE country = ? ORDER BY key, place",
                       (country,))  # fmt: skip
    last = None
    for key, place in rows:
        if key == last:
            out[len(key)][1][-1].append(place)
        else:
            keys, ids = out.setdefault(len(key), ([], []))
            keys.append(key)
            ids.append([place])
            last = key
    return out
