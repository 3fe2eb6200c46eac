"""Streaming reader for MediaWiki XML dumps (``.xml``, ``.xml.bz2``, multistream included).

A reader thread decompresses the dump in small chunks into a small bounded queue while the
caller's thread cuts the stream into pages (libbz2 releases the GIL, so the two overlap on two
cores). Only pages whose bytes mention an infobox are parsed as XML, one at a time, and only
those whose wikitext carries an event infobox are yielded; memory stays flat however large the
dump. A dump that declares a DOCTYPE or
entities is refused (MediaWiki dumps never do; an XML bomb does). Resuming: the caller records
the id of the last page handled and passes it back as ``after_page_id``.
"""

from __future__ import annotations

import bz2
import logging
import queue
import re
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from .wikitext import event_infobox_names

__all__ = ["DumpPage", "iter_dump_pages", "is_dump"]

log = logging.getLogger(__name__)
_INFOBOX = re.compile(r"\{\{\s*[Ii]nfobox[ _]+([^|}\n<]+)")
_PAGE_END = b"</page>"
_PAGE_START = re.compile(rb"<page[\s>]")
_HINT = re.compile(rb"\{\{\s*[Ii]nfobox")  # cheap test on the raw bytes before any parsing
_MAX_PAGE_BYTES = 64 * 2**20  # far above any real page: bounds memory on hostile input
_CHUNK = 1 << 16  # compressed bytes per read: small reads overlap best with parsing
_OUT_MAX = 1 << 20  # decompressed bytes per chunk at most
_QUEUE_CHUNKS = 8  # at most this many decompressed chunks wait for the parser


@dataclass(frozen=True, slots=True)
class DumpPage:
    page_id: int
    title: str
    text: str
    input_pos: int = 0  # bytes of the dump file (compressed, if it is) read so far


def is_dump(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith((".xml", ".xml.bz2"))


def _raw_chunks(path: Path) -> Iterator[tuple[bytes, int]]:
    """Decompressed chunks of the dump and the file position after each (multistream aware).

    No chunk exceeds :data:`_OUT_MAX` bytes, however much one compressed block expands (a bz2
    bomb of a thousand bytes can stand for a gibibyte): memory stays bounded while streaming."""
    compressed = path.name.lower().endswith(".bz2")
    with path.open("rb") as raw:
        dec, started = bz2.BZ2Decompressor(), False
        while block := raw.read(_CHUNK):
            if not compressed:
                yield block, raw.tell()
                continue
            while block or (started and not dec.needs_input and not dec.eof):
                try:
                    out = dec.decompress(block, max_length=_OUT_MAX)
                except (OSError, EOFError) as exc:
                    raise InputError(f"the bz2 stream is corrupt ({exc}); pages before it were read",
                                     path=str(path)) from None  # fmt: skip
                started, block = True, b""
                if out:
                    yield out, raw.tell()
                if dec.eof:  # the next stream of a multistream dump starts here
                    block, dec, started = dec.unused_data, bz2.BZ2Decompressor(), False
        if compressed and started:
            raise InputError(
                "the bz2 stream is truncated; pages before it were read", path=str(path)
            )


def _threaded(source: Iterator[tuple[bytes, int]]) -> Iterator[tuple[bytes, int]]:
    """Run ``source`` in a reader thread, ahead of the consumer by a few chunks."""
    q: queue.Queue[tuple[bytes, int] | BaseException | None] = queue.Queue(_QUEUE_CHUNKS)
    stop = threading.Event()

    def work() -> None:
        try:
            for item in source:
                while not stop.is_set():
                    try:
                        q.put(item, timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            q.put(None)
        except BaseException as exc:  # handed to the consumer, raised there
            q.put(exc)

    thread = threading.Thread(target=work, name="dump-reader", daemon=True)
    thread.start()
    try:
        while (item := q.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        thread.join(timeout=5)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def is_event_page(text: str) -> bool:
    names = event_infobox_names()
    return any(
        re.sub(r"[\s_]+", "", m.group(1).lower()) in names for m in _INFOBOX.finditer(text[:100000])
    )


def _check_header(head: bytes, path: Path) -> None:
    prolog = head.split(b"<mediawiki", 1)[0]
    if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
        raise InputError(
            "the XML declares a DOCTYPE or entities: refused (possible XML bomb)", path=str(path)
        )
    if b"<mediawiki" not in head:
        raise InputError("not a MediaWiki XML dump (no <mediawiki> root)", path=str(path))


def _page_blocks(path: Path) -> Iterator[tuple[bytes, int]]:
    """Each ``<page>...</page>`` of the dump as bytes, and the file position after it.

    Text in XML cannot hold a raw ``<``, so ``</page>`` only ever closes a page: splitting the
    byte stream there is exact, and costs a memory search instead of a parse.
    """
    buf, checked = bytearray(), False  # grows in place: no copy of the whole page per chunk
    for chunk, pos in _threaded(_raw_chunks(path)):
        if not checked:
            _check_header(chunk, path)
            checked = True
        searched = max(0, len(buf) - len(_PAGE_END))
        buf += chunk
        start = 0
        while (end := buf.find(_PAGE_END, searched)) >= 0:
            end += len(_PAGE_END)
            yield bytes(buf[start:end]), pos
            start = searched = end
        del buf[:start]
        if len(buf) > _MAX_PAGE_BYTES:
            raise InputError(f"a page runs over {_MAX_PAGE_BYTES // 2**20} MiB without ending; "
                             "refused (is this a MediaWiki dump?)", path=str(path))  # fmt: skip
    if not checked:
        raise InputError("the dump is empty", path=str(path))
    if bytes(buf).strip() not in (b"</mediawiki>", b""):
        raise InputError("the XML breaks off inside a page; pages before it were read",
                         path=str(path))  # fmt: skip


def iter_dump_pages(path: Path, after_page_id: int = 0) -> Iterator[DumpPage]:
    """Event pages of a dump, in order, skipping pages up to ``after_page_id``.

    Only pages whose bytes mention an infobox are parsed; a malformed one is skipped with a
    logged reason. Raises :class:`InputError` when the file is not a dump, declares entities,
    or breaks off (a truncated or corrupt stream): the pages before the break were yielded.
    """
    try:
        for block, pos in _page_blocks(path):
            if not _HINT.search(block):
                continue
            opening = _PAGE_START.search(block)
            try:
                page = _page(ET.fromstring(block[opening.start() :]), pos) if opening else None
            except (ET.ParseError, ValueError) as exc:
                log.warning("%s: skipped a malformed page before byte %d (%s)", path, pos, exc)
                continue
            if page is not None and page.page_id > after_page_id and is_event_page(page.text):
                yield page
    except OSError as exc:
        raise InputError(f"cannot read the dump ({exc})", path=str(path)) from None


def _page(elem: ET.Element, pos: int) -> DumpPage | None:
    title = page_id = text = None
    for child in elem:
        tag = _local(child.tag)
        if tag == "title":
            title = child.text or ""
        elif tag == "id" and page_id is None:
            page_id = int(child.text or 0)  # not a number: ValueError, the page is skipped
        elif tag == "revision":
            for r in child:
                if _local(r.tag) == "text":
                    text = r.text or ""
    if title is None or page_id is None or text is None:
        return None
    return DumpPage(page_id, title, text, pos)
