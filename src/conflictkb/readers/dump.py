"""Streaming reader for MediaWiki XML dumps (``.xml``, ``.xml.bz2``, multistream included).

A reader thread decompresses the dump in small chunks into a small bounded queue while the
caller's thread parses (libbz2 releases the GIL, so the two overlap on two cores). Pages are
parsed one at a time and dropped after use, so memory stays flat however large the dump. Only
pages whose wikitext carries an event infobox are yielded. A dump that declares a DOCTYPE or
entities is refused (MediaWiki dumps never do; an XML bomb does). Resuming: the caller records
the id of the last page handled and passes it back as ``after_page_id``.
"""

from __future__ import annotations

import bz2
import queue
import re
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from ..errors import InputError
from .wikitext import event_infobox_names

__all__ = ["DumpPage", "iter_dump_pages", "is_dump"]

_INFOBOX = re.compile(r"\{\{\s*[Ii]nfobox[ _]+([^|}\n<]+)")
_CHUNK = 1 << 16  # compressed bytes per read: small reads overlap best with parsing
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
    """Decompressed chunks of the dump and the file position after each (multistream aware)."""
    compressed = path.name.lower().endswith(".bz2")
    with path.open("rb") as raw:
        dec, started = bz2.BZ2Decompressor(), False
        while block := raw.read(_CHUNK):
            if not compressed:
                yield block, raw.tell()
                continue
            while block:
                try:
                    out = dec.decompress(block)
                except OSError as exc:
                    raise InputError(f"the bz2 stream is corrupt ({exc}); pages before it were read",
                                     path=str(path)) from None  # fmt: skip
                started = True
                if out:
                    yield out, raw.tell()
                block = b""
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


def iter_dump_pages(path: Path, after_page_id: int = 0) -> Iterator[DumpPage]:
    """Event pages of a dump, in order, skipping pages up to ``after_page_id``.

    Raises :class:`InputError` when the dump is not one, declares entities, or breaks off (a
    truncated or corrupt stream); the pages before the break have been yielded by then.
    """
    parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("start", "end"))
    root: ET.Element | None = None
    checked = False
    try:
        for chunk, pos in _threaded(_raw_chunks(path)):
            if not checked:
                _check_header(chunk, path)
                checked = True
            parser.feed(chunk)
            for event in parser.read_events():
                kind, elem = cast(tuple[str, ET.Element], event)  # start/end events only
                if root is None:
                    root = elem
                if kind != "end" or _local(elem.tag) != "page":
                    continue
                page = _page(elem, pos)
                root.clear()  # drop the page (and its empty predecessors) from the tree
                if page is not None and page.page_id > after_page_id and is_event_page(page.text):
                    yield page
        if not checked:
            raise InputError("the dump is empty", path=str(path))
        parser.close()
    except ET.ParseError as exc:
        raise InputError(
            f"the XML breaks off or is malformed ({exc}); pages before it were read", path=str(path)
        ) from None
    except OSError as exc:
        raise InputError(f"cannot read the dump ({exc})", path=str(path)) from None


def _page(elem: ET.Element, pos: int) -> DumpPage | None:
    title = page_id = text = None
    for child in elem:
        tag = _local(child.tag)
        if tag == "title":
            title = child.text or ""
        elif tag == "id" and page_id is None:
            page_id = int(child.text or 0)
        elif tag == "revision":
            for r in child:
                if _local(r.tag) == "text":
                    text = r.text or ""
    if title is None or page_id is None or text is None:
        return None
    return DumpPage(page_id, title, text, pos)
