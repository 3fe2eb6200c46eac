"""An offline gazetteer: GeoNames places and admin names, shipped in ``data/gazetteer``.

Built by ``scripts/build_gazetteer.py``; users add GeoNames country files with
``conflictkb gazetteer add FILE`` (kept in the user data folder, ``$CONFLICTKB_HOME`` or
``~/.local/share/conflictkb``). Names are matched accent- and case-folded, on the name, its
ASCII form and its alternate names; a near spelling (one or two letters off: "Mourrah" for
"Mourra", "Moura" for "Mora") is accepted only inside a known country.
"""

from __future__ import annotations

import gzip
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..errors import InputError
from ..textutil import fold

__all__ = [
    "SAHEL",
    "SPLIT_FROM",
    "GazPlace",
    "Gazetteer",
    "bare_admin_name",
    "user_dir",
]


@dataclass(frozen=True, slots=True)
class GazPlace:
    id: int
    name: str
    lat: float
    lon: float
    feature: str
    country: str
    admin1_code: str
    admin2_code: str
    admin2_name: str
    population: int
    admin2_derived: bool


def user_dir() -> Path:
    base = os.environ.get("CONFLICTKB_HOME")
    return Path(base) if base else Path.home() / ".local" / "share" / "conflictkb"


def _parse(line: str) -> tuple[GazPlace, list[str]] | None:
    f = line.rstrip("\n").split("\t")
    if len(f) < 13:
        return None
    place = GazPlace(int(f[0]), f[1], float(f[4]), float(f[5]), f[6], f[7], f[8], f[9],
                     f[10], int(f[11] or 0), f[12] == "1")  # fmt: skip
    names = [f[1], f[2], *[a for a in f[3].split("|") if a]]
    return place, names


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


class Gazetteer:
    def __init__(self, extra_dir: Path | None = None) -> None:
        self.places: list[GazPlace] = []
        self.by_name: dict[str, list[int]] = defaultdict(list)
        self.by_country: dict[str, list[int]] = defaultdict(list)
        self.admin1: dict[str, str] = {}
        self.admin2: dict[str, str] = {}
        self._admin1_folded: list[tuple[str, str]] = []  # (code, name without "Region")
        self._loaded: set[str] = set()
        self._keys: list[tuple[str, ...]] = []
        self._names_by_country: dict[str, dict[str, list[int]]] = {}
        self._admin2_index: dict[str, list[str]] | None = None
        self._load_admin()
        self._ensure("ML")
        folder = extra_dir if extra_dir is not None else user_dir() / "gazetteer"
        for path in sorted(folder.glob("*.tsv")) if folder.is_dir() else []:
            self._add_lines(path.read_text("utf-8").splitlines())

    def _load_admin(self) -> None:
        data = resources.files("conflictkb.data").joinpath("gazetteer")
        with data.joinpath("admin1.tsv").open("r", encoding="utf-8") as fh:
            for line in fh:
                code, name = line.rstrip("\n").split("\t")[:2]
                self.admin1[code] = name
        self._admin1_folded = [(c, bare_admin_name(n)) for c, n in self.admin1.items()]
        self._admin1_folded += [(c, alias) for alias, c in _ADMIN1_EXONYMS if c in self.admin1]
        with (
            data.joinpath("admin2.tsv.gz").open("rb") as raw,
            gzip.open(raw, "rt", encoding="utf-8") as fh,
        ):
            for line in fh:
                code, name = line.rstrip("\n").split("\t")[:2]
                self.admin2[code] = name

    def _ensure(self, country: str | None) -> None:
        """Load the bundled part holding ``country`` (all parts when None), once."""
        parts = [p for p, test in _PARTS.items() if country is None or test(country)]
        data = resources.files("conflictkb.data").joinpath("gazetteer")
        for part in parts:
            if part in self._loaded:
                continue
            self._loaded.add(part)
            with (
                data.joinpath(f"{part}.tsv.gz").open("rb") as raw,
                gzip.open(raw, "rt", encoding="utf-8") as fh,
            ):
                self._add_lines(fh)

    def _add_lines(self, lines: Iterable[str]) -> int:
        n = 0
        for line in lines:
            parsed = _parse(line)
            if parsed is None:
                continue
            place, names = parsed
            idx = len(self.places)
            self.places.append(place)
            self.by_country[place.country].append(idx)
            keys = tuple({fold(x) for x in names if x})
            self._keys.append(keys)
            self._names_by_country.pop(place.country, None)
            for key in keys:
                self.by_name[key].append(idx)
            n += 1
        return n

    def admin1_name(self, p: GazPlace) -> str | None:
        return self.admin1.get(f"{p.country}.{p.admin1_code}") if p.admin1_code else None

    def admin2_name(self, p: GazPlace) -> str | None:
        name = p.admin2_name or (
            self.admin2.get(f"{p.country}.{p.admin1_code}.{p.admin2_code}")
            if p.admin2_code
            else None
        )
        return _short(name) if name else None

    def lookup(self, name: str, country: str | None = None) -> list[GazPlace]:
        """Places called ``name`` (exact after folding), in ``country`` when given."""
        self._ensure(country)
        hits = [self.places[i] for i in self.by_name.get(fold(name), [])]
        return [p for p in hits if country is None or p.country == country]

    def lookup_home(self, name: str) -> list[GazPlace]:
        """Places called ``name`` in the home region (the Sahel part, always loaded): the
        same answer whatever other parts earlier documents loaded."""
        return [
            p for i in self.by_name.get(fold(name), []) if (p := self.places[i]).country in SAHEL
        ]

    def near_spellings(self, name: str, country: str) -> list[GazPlace]:
        """Places in ``country`` whose name is one edit away (two for long names)."""
        return [p for p, _ in self.near_spellings_scored(name, country)]

    @staticmethod
    def edit_distance(a: str, b: str, limit: int = 3) -> int:
        """Levenshtein distance of two folded names, ``limit + 1`` once past ``limit``."""
        return _edits(fold(a), fold(b), limit)

    def near_spellings_scored(self, name: str, country: str) -> list[tuple[GazPlace, int]]:
        """(place, edits) of the places in ``country`` one edit away from ``name`` (two for
        long names), with the edits to the closest of the place's names."""
        self._ensure(country)
        key = fold(name)
        limit = 1 if len(key) < 9 else 2
        if len(key) < 4:
            return []
        best: dict[int, int] = {}
        for cand, ids in self._country_names(country):
            if abs(len(cand) - len(key)) <= limit and (d := _edits(key, cand, limit)) <= limit:
                for i in ids:
                    best[i] = min(d, best.get(i, d))
        return [(self.places[i], d) for i, d in best.items()]

    def _country_names(self, country: str) -> Iterator[tuple[str, list[int]]]:
        """(folded name, place indexes) of one country, indexed on first use."""
        if country not in self._names_by_country:
            index: dict[str, list[int]] = defaultdict(list)
            for i in self.by_country.get(country, []):
                for key in self._keys[i]:
                    index[key].append(i)
            self._names_by_country[country] = index
        yield from self._names_by_country[country].items()

    def admin1_code(self, country: str, name: str) -> str | None:
        """The admin1 code of ``name`` ("Mopti Region", "Raqqa Governorate") in ``country``."""
        key = bare_admin_name(name)
        for code, admin in self._admin1_folded:
            if code.startswith(country + ".") and admin == key:
                return code.split(".", 1)[1]
        return None

    def admin1_codes_named(self, name: str, *, near: bool = False) -> list[str]:
        """Every admin1 code (CC.X), in any country, whose name is ``name``.

        With ``near``, when none is so named: those one edit away (two for names of 9 letters
        or more), for transliterations ("Zaporizhzhia" / "Zaporizhzhya")."""
        key = bare_admin_name(name)
        if not key:
            return []
        names = self._admin1_folded
        exact = [code for code, admin in names if admin == key]
        if exact or not near or len(key) < 5:
            return exact
        limit = 1 if len(key) < 9 else 2
        return [
            code
            for code, admin in names
            if abs(len(admin) - len(key)) <= limit and _edits(key, admin, limit) <= limit
        ]

    def admin2_codes_named(self, name: str) -> list[str]:
        """Every admin2 code (CC.A1.A2) whose name, without its type words ("Cercle",
        "Province du"), is ``name``."""
        if self._admin2_index is None:
            index: dict[str, list[str]] = defaultdict(list)
            for code, admin in self.admin2.items():
                index[bare_admin_name(admin)].append(code)
            self._admin2_index = index
        return list(self._admin2_index.get(bare_admin_name(name), []))

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
_PARTS: dict[str, Callable[[str], bool]] = {
    "places-sahel": lambda cc: cc in SAHEL,
    "places-world-a-c": lambda cc: cc not in SAHEL and cc[:1] <= "C",
    "places-world-d-i": lambda cc: cc not in SAHEL and "D" <= cc[:1] <= "I",
    "places-world-j-p": lambda cc: cc not in SAHEL and "J" <= cc[:1] <= "P",
    "places-world-q-z": lambda cc: cc not in SAHEL and cc[:1] >= "Q",
}

# Type words and particles of admin names, dropped before names are compared: "Mopti Region",
# "Raqqa Governorate", "Province du Soum", "Cercle de Djenné", "al-Hasakah".
_ADMIN_WORDS = frozenset({"region", "governorate", "oblast", "province", "district", "state",
                          "cercle", "department", "departement", "muhafazat", "raion", "county",
                          "prefecture", "commune", "du", "de", "des", "la", "le", "d", "l", "al",
                          "ar", "as", "ad", "ash"})  # fmt: skip


def bare_admin_name(name: str) -> str:
    """An admin name without its type words, folded: "Province du Soum" -> "soum"."""
    words = fold(name).replace("'", " ").replace("-", " ").split()
    return " ".join(w for w in words if w not in _ADMIN_WORDS)


def _short(name: str) -> str:
    """GeoNames admin2 names carry their type in Mali ("Djenne Cercle"): drop it."""
    return name[: -len(" Cercle")] if name.endswith(" Cercle") else name


def _edits(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, stopping early past ``limit``."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        cur = [i]
        for j, cb in enumerate(b, start=1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]
