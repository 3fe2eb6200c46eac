"""Streaming reader for MediaWiki XML dumps (``.xml``, ``.xml.bz2``, multistream included).

Pages are read one at a time with ``iterparse`` and cleared after use, so memory stays flat
however large the dump. Only pages whose wikitext carries an event infobox are yielded. A dump
that declares a DOCTYPE or entities is refused (MediaWiki dumps never do; an XML bomb does).
Resuming: :class:`Checkpoint` records the id of the last page handled; a rerun skips up to it.
"""

from __future__ import annotations

import bz2
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ..errors import InputError
from .wikitext import event_infobox_names

__all__ = ["Checkpoint", "DumpPage", "iter_dump_pages", "is_dump"]

_INFOBOX = re.compile(r"\{\{\s*[Ii]nfobox[ _]+([^|}\n<]+)")


@dataclass(frozen=True, slots=True)
class DumpPage:
    page_id: int
    title: str
    text: str


def is_dump(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith((".xml", ".xml.bz2"))


def _open(path: Path) -> IO[bytes]:
    return bz2.open(path, "rb") if path.name.lower().endswith(".bz2") else path.open("rb")  # type: ignore[return-value]


def _check_header(path: Path) -> None:
    with _open(path) as fh:
        try:
            head = fh.read(65536)
        except (OSError, EOFError) as exc:
            raise InputError(
                f"cannot read the dump ({exc}); is the bz2 stream corrupt?", path=str(path)
            ) from None
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise InputError(
            "the XML declares a DOCTYPE or entities: refused (possible XML bomb)", path=str(path)
        )
    if b"<mediawiki" not in head:
        raise InputError("not a MediaWiki XML dump (no <mediawiki> root)", path=str(path))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def is_event_page(text: str) -> bool:
    names = event_infobox_names()
    return any(
        re.sub(r"[\s_]+", "", m.group(1).lower()) in names for m in _INFOBOX.finditer(text[:100000])
    )


def iter_dump_pages(path: Path, after_page_id: int = 0) -> Iterator[DumpPage]:
    """Event pages of a dump, in order, skipping pages up to ``after_page_id``."""
    _check_header(path)
    with _open(path) as fh:
        context = ET.iterparse(fh, events=("end",))
        try:
            for _event, elem in context:
                if _local(elem.tag) != "page":
                    continue
                page = _page(elem)
                elem.clear()
                if page is not None and page.page_id > after_page_id and is_event_page(page.text):
                    yield page
        except ET.ParseError as exc:
            raise InputError(
                f"the XML breaks off or is malformed ({exc}); pages before it were read",
                path=str(path),
            ) from None
        except (EOFError, OSError) as exc:
            raise InputError(f"the compressed stream is truncated or corrupt ({exc}); pages before it were read",
                             path=str(path)) from None  # fmt: skip


def _page(elem: ET.Element) -> DumpPage | None:
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
    return DumpPage(page_id, title, text)


class Checkpoint:
    """The last page id handled for a dump, in a small JSON file beside the store."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> int:
        try:
            return int(json.loads(self.path.read_text("utf-8")).get("last_page_id", 0))
        except (OSError, ValueError):
            return 0

    def save(self, page_id: int) -> None:
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"last_page_id": page_id}), "utf-8")
        tmp.replace(self.path)
