"""What ingest reads: files, and the event pages of MediaWiki dumps, as named byte strings.

Every ingest engine (in process, worker processes, a Dask cluster) consumes the same stream of
:class:`Source` items in the same order, so they store the same documents and resume alike.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import ConflictKBError, InputError
from .model import Document
from .readers import READABLE_SUFFIXES, ReadOptions, read_bytes
from .readers.base import DEFAULT_MAX_BYTES, check_size
from .readers.dump import is_dump, iter_dump_pages

__all__ = ["Scan", "Source", "dump_key", "expand_paths", "input_size", "iter_sources",
           "scan_paths"]  # fmt: skip

_SKIP_NAMES = {"notice.md", "readme.md", "license", "license.md", "license.txt", "notice.txt",
               "readme.txt", "readme"}  # fmt: skip
_SUFFIXES = READABLE_SUFFIXES | {".xml", ".bz2", ""}


@dataclass(frozen=True, slots=True)
class Source:
    """One document to ingest, read but not yet parsed."""

    name: str  # the file path, or "dump.xml.bz2#Page title"
    data: bytes
    format: str | None  # reader name, or None to sniff it
    sha256: str  # the document id, known before extraction: lets ingest skip what it has
    pos: int  # bytes of input read so far, over all inputs (for progress bars)
    checkpoint: tuple[str, int] | None = None  # (dump, page id) to record once this is stored
    error: ConflictKBError | None = None  # the input could not be read
    options: ReadOptions = ReadOptions()

    def read(self, max_bytes: int | None = None) -> Document:
        options = self.options
        if max_bytes is not None and max_bytes != options.max_bytes:
            options = replace(options, max_bytes=max_bytes)
        return read_bytes(self.data, self.name, format=self.format, options=options)


@dataclass(frozen=True, slots=True)
class Scan:
    """What a list of files and folders holds: the files to read, and those passed over."""

    files: list[Path]
    skipped: list[tuple[str, str]]  # (path, why)


def scan_paths(paths: Iterable[str | Path]) -> Scan:
    """Files as given (always read: their content decides the format), and the document files
    inside folders (sorted, recursive); every other file in a folder is skipped with a reason."""
    files: list[Path] = []
    skipped: list[tuple[str, str]] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                why = _skip_reason(f) if f.is_file() else None
                if why:
                    skipped.append((str(f), why))
                elif f.is_file():
                    files.append(f)
        elif p.exists():
            files.append(p)
        else:
            raise InputError("no such file or folder", path=str(p))
    return Scan(files, skipped)


def _skip_reason(f: Path) -> str | None:
    if any(part.startswith(".") for part in f.parts[-1:]):
        return "hidden file"
    if f.name.lower() in _SKIP_NAMES:
        return "a notice or licence file, not a report"
    if f.suffix.lower() not in _SUFFIXES:
        known = ", ".join(sorted(s for s in _SUFFIXES if s))
        return f"unknown file type {f.suffix!r} (read: {known}); name the file to read it anyway"
    return None


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """The files :func:`scan_paths` would read."""
    return scan_paths(paths).files


def input_size(files: Iterable[Path]) -> int:
    return sum(f.stat().st_size for f in files)


def dump_key(path: Path) -> str:
    """How the store names a dump's checkpoint: the same file at the same place and size."""
    return f"dump:{path.resolve()}:{path.stat().st_size}"


def iter_sources(
    files: Iterable[Path],
    *,
    resume: Callable[[str], int] = lambda _key: 0,
    max_bytes: int = DEFAULT_MAX_BYTES,
    options: ReadOptions | None = None,
) -> Iterator[Source]:
    """Sources in input order; a dump yields its event pages after ``resume(dump_key)``.
    ``options`` (limits, metadata to fill in) go with every source; ``max_bytes`` wins."""
    opts = replace(options or ReadOptions(), max_bytes=max_bytes)
    done = 0
    for path in files:
        if is_dump(path):
            yield from _dump_sources(path, done, resume(dump_key(path)), opts)
        else:
            yield _file_source(path, done, opts)
        done += path.stat().st_size


def _file_source(path: Path, done: int, options: ReadOptions) -> Source:
    max_bytes = options.max_bytes
    try:
        size = path.stat().st_size
        check_size(size, max_bytes, str(path))
        data = path.read_bytes()
    except OSError as exc:
        error = InputError(f"cannot read file ({exc.strerror})", path=str(path))
        return Source(str(path), b"", None, "", done, error=error)
    except InputError as error:
        return Source(str(path), b"", None, "", done + size, error=error)
    sha = hashlib.sha256(data).hexdigest()
    return Source(str(path), data, None, sha, done + len(data), options=options)


def _dump_sources(path: Path, done: int, after: int, options: ReadOptions) -> Iterator[Source]:
    key = dump_key(path)
    pages = iter_dump_pages(path, after)
    while True:
        try:
            page = next(pages)
        except StopIteration:
            return
        except ConflictKBError as exc:  # a truncated or corrupt dump: what came before stays
            yield Source(str(path), b"", None, "", done, error=exc)
            return
        data = page.text.encode("utf-8")
        yield Source(f"{path}#{page.title}", data, "wikitext", hashlib.sha256(data).hexdigest(),
                     done + page.input_pos, checkpoint=(key, page.page_id),
                     options=options)  # fmt: skip
