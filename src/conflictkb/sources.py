"""What ingest reads: files, and the event pages of MediaWiki dumps, as named byte strings.

Every ingest engine (in process, worker processes, a Dask cluster) consumes the same stream of
:class:`Source` items in the same order, so they store the same documents and resume alike.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import ConflictKBError, InputError
from .model import Document
from .readers import read_bytes
from .readers.base import DEFAULT_MAX_BYTES
from .readers.dump import is_dump, iter_dump_pages

__all__ = ["Source", "dump_key", "expand_paths", "input_size", "iter_sources"]

_SKIP_NAMES = {"NOTICE.md", "README.md", "LICENSE", "LICENSE.md"}
_SUFFIXES = {".txt", ".text", ".md", ".wiki", ".xml", ".bz2", ""}


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

    def read(self, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
        return read_bytes(self.data, self.name, format=self.format, max_bytes=max_bytes)


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, and the document files inside folders (sorted, recursive)."""
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            out.extend(
                f for f in sorted(p.rglob("*"))
                if f.is_file() and f.name not in _SKIP_NAMES and f.suffix.lower() in _SUFFIXES
                and not f.name.startswith(".")
            )  # fmt: skip
        elif p.exists():
            out.append(p)
        else:
            raise InputError("no such file or folder", path=str(p))
    return out


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
) -> Iterator[Source]:
    """Sources in input order; a dump yields its event pages after ``resume(dump_key)``."""
    done = 0
    for path in files:
        if is_dump(path):
            yield from _dump_sources(path, done, resume(dump_key(path)))
        else:
            yield _file_source(path, done, max_bytes)
        done += path.stat().st_size


def _file_source(path: Path, done: int, max_bytes: int) -> Source:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"file is {size:,} bytes, over the {max_bytes:,}-byte limit "
                "(raise it with --max-bytes or CONFLICTKB_MAX_BYTES)",
                path=str(path),
            )
        data = path.read_bytes()
    except OSError as exc:
        error = InputError(f"cannot read file ({exc.strerror})", path=str(path))
        return Source(str(path), b"", None, "", done, error=error)
    except InputError as error:
        return Source(str(path), b"", None, "", done + size, error=error)
    return Source(str(path), data, None, hashlib.sha256(data).hexdigest(), done + len(data))


def _dump_sources(path: Path, done: int, after: int) -> Iterator[Source]:
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
                     done + page.input_pos, checkpoint=(key, page.page_id))  # fmt: skip
