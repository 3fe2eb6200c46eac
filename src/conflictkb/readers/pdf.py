"""PDF reports: the text layer through pdfminer.six, page by page, with page boundaries kept.

Each text box pdfminer finds becomes a paragraph: its lines are joined with spaces and words
hyphenated across a line end are joined again ("massa-\\ncre" -> "massacre"), so the text reads
as the report does. :attr:`Document.pages` keeps the offset where each page starts, so every
claim and timeline entry can say its page. Title and date come from the PDF's Info dictionary.

Bounds, checked before pdfminer parses anything: the page count (``max_pages``) and the bytes
the compressed streams inflate to (a decompression bomb is refused without being inflated whole).
A PDF without a text layer (a scan) is refused with the OCR step to run.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zlib
from typing import Any

from ..errors import InputError
from ..model import Document, Section
from .base import RawDocument
from .frontmatter import apply_options

__all__ = ["looks_like_pdf", "read_pdf"]

MAX_INFLATED = 256 * 1024 * 1024  # bytes all streams may inflate to, together
_STREAM = re.compile(rb"stream\r?\n")
_CHUNK = 1 << 20
_PDF_DATE = re.compile(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?")
_HYPHEN_END = re.compile(r"(\w)-\n(?=[a-zà-ÿ])")
_GENERATED_TITLE = re.compile(r"^(?:microsoft word - |untitled)|\.(?:docx?|indd|pdf|odt)$", re.I)


def looks_like_pdf(data: bytes) -> bool:
    return b"%PDF-" in data[:1024]


def _salvage_inflate(data: bytes) -> bytes:
    """pdfminer's recovery of a Flate stream with a broken checksum, in linear time.

    pdfminer.six (20260107) feeds the stream to zlib one byte at a time and appends each
    output to one bytes object: quadratic, so a corrupted 300 kB stream kept it busy for over
    40 s. Same rule here (a zlib error before the last 3 bytes is an error; after, the data
    so far is kept), with the output gathered in a list and bounded by MAX_INFLATED."""
    d = zlib.decompressobj()
    out: list[bytes] = []
    size = 0
    for i in range(len(data)):
        try:
            piece = d.decompress(data[i : i + 1])
        except zlib.error:
            if i < len(data) - 3:
                raise
            break
        out.append(piece)
        size += len(piece)
        if size > MAX_INFLATED:
            raise zlib.error(f"stream inflates to over {MAX_INFLATED >> 20} MB")
    return b"".join(out)


def _pdfminer() -> None:
    import pdfminer.pdftypes

    pdfminer.pdftypes.decompress_corrupted = _salvage_inflate


def read_pdf(raw: RawDocument) -> Document:
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser

    _pdfminer()
    data, path = raw.data, raw.path
    if not looks_like_pdf(data):
        raise InputError("named .pdf but it is not a PDF (no %PDF- header); check the file "
                         "(an HTML error page saved as .pdf?)", path=path)  # fmt: skip
    _check_inflated_size(data, path)
    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        pages = _page_count(document)
        if pages > raw.options.max_pages:
            raise InputError(f"the PDF has {pages:,} pages, over the {raw.options.max_pages:,}-"
                             "page limit; split it, or raise the limit with --max-pages",
                             path=path)  # fmt: skip
        texts = _page_texts(data)
        info = document.info[0] if document.info else {}
    except InputError:
        raise
    except Exception as exc:  # pdfminer's errors: syntax, encryption, broken streams
        raise InputError(_pdf_problem(exc), path=path) from None
    return _document(raw, texts, info)


def _check_inflated_size(data: bytes, path: str) -> None:
    """Inflate every Flate stream in bounded chunks, counting bytes and keeping none of them."""
    total = 0
    for m in _STREAM.finditer(data):
        inflater = zlib.decompressobj()
        chunk = data[m.end() : m.end() + _CHUNK]
        pos = m.end() + len(chunk)
        try:
            while chunk:
                out = inflater.decompress(chunk, _CHUNK)
                total += len(out)
                while inflater.unconsumed_tail and total <= MAX_INFLATED:
                    out = inflater.decompress(inflater.unconsumed_tail, _CHUNK)
                    total += len(out)
                if total > MAX_INFLATED:
                    raise InputError(f"the PDF's streams inflate to over {MAX_INFLATED >> 20} MB "
                                     "(a decompression bomb?); it is not read", path=path)  # fmt: skip
                if inflater.eof:
                    break
                chunk = data[pos : pos + _CHUNK]
                pos += len(chunk)
        except zlib.error:
            continue  # not a Flate stream, or a damaged one: pdfminer decides


def _page_count(document: Any) -> int:
    from pdfminer.pdftypes import resolve1

    pages = resolve1(document.catalog.get("Pages"))
    count = resolve1(pages.get("Count")) if isinstance(pages, dict) else None
    return int(count) if isinstance(count, int) else 0


MAX_LAYOUT_BOXES = 400  # text boxes a page's reading order is worked out for (real: < 100)


def _bounded_aggregator(rsrcmgr: Any, laparams: Any) -> Any:
    """pdfminer's page aggregator, whose reading-order analysis (quadratic in the text boxes
    of a page) is skipped on a page of more than :data:`MAX_LAYOUT_BOXES` boxes: a hostile
    page of a few kilobytes would otherwise take minutes. Such a page reads top to bottom."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LTPage, LTTextGroupLRTB

    class BoundedPage(LTPage):
        def group_textboxes(self, laparams: Any, boxes: Any) -> Any:
            if len(boxes) <= MAX_LAYOUT_BOXES:
                return super().group_textboxes(laparams, boxes)
            return [LTTextGroupLRTB(boxes)]

    class Aggregator(PDFPageAggregator):
        def begin_page(self, page: Any, ctm: Any) -> None:
            super().begin_page(page, ctm)
            self.cur_item = BoundedPage(self.pageno, self.cur_item.bbox)

    return Aggregator(rsrcmgr, laparams=laparams)


def _page_texts(data: bytes) -> list[str]:
    from pdfminer.layout import LAParams, LTTextContainer
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    rsrcmgr = PDFResourceManager()
    device = _bounded_aggregator(rsrcmgr, LAParams())
    interpreter = PDFPageInterpreter(rsrcmgr, device)
    out = []
    for pdf_page in PDFPage.get_pages(io.BytesIO(data)):
        interpreter.process_page(pdf_page)
        page = device.get_result()
        boxes = [_paragraph(el.get_text()) for el in page if isinstance(el, LTTextContainer)]
        out.append("\n\n".join(b for b in boxes if b))
    return out


def _paragraph(text: str) -> str:
    text = _HYPHEN_END.sub(r"\1", text.strip())
    return " ".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


def _document(raw: RawDocument, texts: list[str], info: dict[str, Any]) -> Document:
    if not any(t.strip() for t in texts):
        raise InputError("the PDF has no text layer (a scan?); run OCR first, e.g. "
                         "`ocrmypdf in.pdf out.pdf`, then read the result", path=raw.path)  # fmt: skip
    starts, parts, pos = [], [], 0
    for t in texts:
        starts.append(pos)
        parts.append(t)
        pos += len(t) + 2
    text = "\n\n".join(parts)
    title = _info_text(info.get("Title"))
    if not title or _GENERATED_TITLE.search(title):
        title = next((ln for ln in text.split("\n") if ln.strip()), "")[:200]
    doc = Document(
        id=raw.doc_id, path=raw.path, format="pdf", title=title, text=text,
        sections=[Section("Body", 1, 0, len(text))], pages=starts,
        published=_info_date(info.get("CreationDate")),
        source=_info_text(info.get("Author")) or None,
    )  # fmt: skip
    return apply_options(doc, raw)


def _info_text(value: Any) -> str:
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    value = resolve1(value)
    if isinstance(value, bytes):
        value = decode_text(value)
    return " ".join(str(value).split()) if isinstance(value, str) else ""


def _info_date(value: Any) -> dt.date | None:
    m = _PDF_DATE.match(_info_text(value))
    if m is None or m.group(2) is None:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
    except ValueError:
        return None


def _pdf_problem(exc: Exception) -> str:
    name = type(exc).__name__
    if "Password" in name or "Encrypt" in name:
        return "the PDF is encrypted; decrypt it first (e.g. `qpdf --decrypt in.pdf out.pdf`)"
    return f"cannot read the PDF ({name}: {str(exc)[:120]}); it may be damaged or truncated"
