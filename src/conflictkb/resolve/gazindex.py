"""The gazetteer's on-disk index: one SQLite file per set of source files, built once.

The bundled GeoNames parts (gzip TSV) are parsed once into ``index/gazetteer-<hash>.sqlite``
in the user data folder; the hash covers the source files and the code that folds names, so a
new release or an added country file gets a new index and an old one is never read. Later runs
open the file read-only and look names up by index: nothing is parsed at start and the places
stay on disk, so start-up time and memory do not grow with the gazetteer.

Building takes about 7 s (83 MB) for the bundled world gazetteer; ``conflictkb gazetteer index`` (run
by ``make``) does it at install. Two processes building at once wait on one lock file.
"""

from __future__ import annotations

import fcntl
import gzip
import hashlib
import logging
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..textutil import fold

__all__ = ["GazPlace", "Source", "bare_admin_name", "index_for", "open_index", "parse_line"]

log = logging.getLogger(__name__)
FORMAT = 1  # bump when the tables change
Source = tuple[str, bytes]  # (name, the file's bytes: gzip or plain TSV)

_SCHEMA = """
CREATE TABLE places (id INTEGER PRIMARY KEY, geonameid INTEGER, name TEXT, lat REAL, lon REAL,
    feature TEXT, country TEXT, admin1_code TEXT, admin2_code TEXT, admin2_name TEXT,
    population INTEGER, admin2_derived INTEGER);
CREATE TABLE names (key TEXT, country TEXT, place INTEGER);
CREATE TABLE admin2 (code TEXT PRIMARY KEY, name TEXT, bare TEXT);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
"""
_INDEXES = """
CREATE INDEX names_key ON names(key, country, place);
CREATE INDEX names_country ON names(country, key, place);
CREATE INDEX admin2_bare ON admin2(bare);
"""


@dataclass(frozen=True, slots=True)
class GazPlace:
    id: int  # the GeoNames id
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


def parse_line(line: str) -> tuple[GazPlace, list[str]] | None:
    """A place of our 13-column TSV and every name it is written with; None for a short line."""
    f = line.rstrip("\n").split("\t")
    if len(f) < 13:
        return None
    place = GazPlace(int(f[0]), f[1], float(f[4]), float(f[5]), f[6], f[7], f[8], f[9],
                     f[10], int(f[11] or 0), f[12] == "1")  # fmt: skip
    return place, [f[1], f[2], *[a for a in f[3].split("|") if a]]


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


def fingerprint(sources: Iterable[Source]) -> str:
    """A hash of the sources and of the code that turns them into keys."""
    h = hashlib.sha256(f"format {FORMAT}".encode())
    for module in (Path(__file__), Path(__file__).parent.parent / "textutil.py"):
        h.update(module.read_bytes())
    for name, data in sources:
        h.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return h.hexdigest()[:16]


def index_dir(base: Path) -> Path:
    """``base/index``, else a folder of the temporary directory when ``base`` is read-only."""
    for folder in (base / "index", Path(tempfile.gettempdir()) / f"conflictkb-{os.getuid()}"):
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        if os.access(folder, os.W_OK):
            return folder
    raise InputError(f"no writable folder for the gazetteer index: set CONFLICTKB_HOME to one "
                     f"(tried {base / 'index'})")  # fmt: skip


def index_for(sources: list[Source], admin2: Source | None, base: Path, stem: str) -> Path:
    """The index file of ``sources`` (and the admin2 names) under ``base``, built if missing."""
    folder = index_dir(base)
    target = folder / f"{stem}-{fingerprint([*sources, *([admin2] if admin2 else [])])}.sqlite"
    if target.exists():
        return target
    with _locked(folder / f"{stem}.lock"):
        if not target.exists():  # another process may have built it while we waited
            _build(target, sources, admin2)
    return target


def open_index(path: Path) -> sqlite3.Connection:
    """A read-only connection, usable from any thread (reads only)."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    con.execute("PRAGMA query_only = 1")
    return con


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    with path.open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _lines(data: bytes) -> Iterator[str]:
    raw = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
    yield from raw.decode("utf-8").splitlines()


def _build(target: Path, sources: list[Source], admin2: Source | None) -> None:
    log.info("building the gazetteer index %s (once)", target)
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    try:
        con.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;" + _SCHEMA)
        for _, data in sources:
            _add_places(con, _lines(data))
        if admin2 is not None:
            rows = (line.split("\t")[:2] for line in _lines(admin2[1]) if "\t" in line)
            con.executemany("INSERT OR REPLACE INTO admin2 VALUES (?, ?, ?)",
                            ((c, n, bare_admin_name(n)) for c, n in rows))  # fmt: skip
        con.executescript(_INDEXES + "ANALYZE;")
        con.execute("INSERT INTO meta VALUES ('sources', ?)", (" ".join(n for n, _ in sources),))
        con.commit()
    finally:
        con.close()
    os.replace(tmp, target)


def _add_places(con: sqlite3.Connection, lines: Iterable[str]) -> None:
    places: list[tuple[object, ...]] = []
    names: list[tuple[str, str, int]] = []
    (start,) = con.execute("SELECT COALESCE(MAX(id), 0) FROM places").fetchone()
    for line in lines:
        parsed = parse_line(line)
        if parsed is None:
            continue
        p, written = parsed
        start += 1
        places.append((start, p.id, p.name, p.lat, p.lon, p.feature, p.country, p.admin1_code,
                       p.admin2_code, p.admin2_name, p.population, int(p.admin2_derived)))  # fmt: skip
        names.extend((key, p.country, start) for key in sorted({fold(x) for x in written if x}))
    con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", places)
    con.executemany("INSERT INTO names VALUES (?, ?, ?)", names)
