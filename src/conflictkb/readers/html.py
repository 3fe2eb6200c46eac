"""HTML pages: the main text through trafilatura, metadata from the page.

Trafilatura drops navigation, scripts, styles, comments and footers and writes the main text
as Markdown (headings as ``#`` lines), which becomes :attr:`Document.text`; sections come from
those headings as in :mod:`.markdown`. Title, publication date (htmldate's reading of the
page's structured metadata: meta tags, JSON-LD, ``<time>``, the URL; copyright years in a footer
are not dates), site name and canonical URL come from the page's metadata, the language from
``<html lang>`` or a Content-Language meta tag. The raw bytes are kept only as the document id.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from typing import Any

from ..errors import InputError
from ..model import Document
from .base import RawDocument
from .frontmatter import apply_options
from .markdown import markdown_sections

__all__ = ["looks_like_html", "read_html"]

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_HTML_START = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b",
                         re.I | re.S)  # fmt: skip
_DATE_CONFIG = {"original_date": True, "extensive_search": False}


def looks_like_html(data: bytes, path: str) -> bool:
    head = data[:4096]
    if _HTML_START.match(head):
        return True
    return path.lower().endswith(HTML_SUFFIXES) and b"<" in head


def read_html(raw: RawDocument) -> Document:
    import trafilatura  # heavy (lxml, htmldate, justext): only for HTML input

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # lxml's FutureWarnings inside trafilatura
        tree = trafilatura.load_html(raw.data)
        if tree is None:
            raise InputError("cannot parse the HTML page; save it again from the browser "
                             "(File > Save Page As, HTML only)", path=raw.path)  # fmt: skip
        lang = _language(tree)
        meta = trafilatura.extract_metadata(tree, date_config=_DATE_CONFIG)
        text = _main_text(trafilatura, tree, raw.path)
    title, sections = markdown_sections(text)
    doc = Document(
        id=raw.doc_id, path=raw.path, format="html", title=_clean(meta.title) or title or
        _first_line(text), text=text, sections=sections, published=_date(meta.date),
        url=_clean(meta.url), source=_clean(meta.sitename) or _clean(meta.hostname),
        language=lang,
    )  # fmt: skip
    return apply_options(doc, raw)


def _main_text(trafilatura: Any, tree: Any, path: str) -> str:
    common = {"output_format": "markdown", "include_comments": False, "include_tables": True,
              "include_links": False, "include_images": False, "with_metadata": False}  # fmt: skip
    text = trafilatura.extract(tree, **common) or trafilatura.extract(
        tree, favor_recall=True, **common
    )
    if not text or not text.strip():
        raise InputError("no main text found in the HTML page (only navigation or scripts?); "
                         "save the article's own page, or its text as .txt", path=path)  # fmt: skip
    return str(text).strip() + "\n"


def _language(tree: Any) -> str | None:
    values = [tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang")]
    for m in tree.xpath('//meta[@http-equiv or @property="og:locale"]'):
        key = (m.get("http-equiv") or m.get("property") or "").lower()
        if key in ("content-language", "og:locale"):
            values.append(m.get("content"))
    for v in values:
        if v and re.match(r"^[A-Za-z]{2}\b", v.strip()):
            return str(v).strip()[:2].lower()
    return None


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _clean(value: str | None) -> str | None:
    return " ".join(value.split()) if value and value.strip() else None


def _first_line(text: str) -> str:
    return next((ln.strip(" #") for ln in text.splitlines() if ln.strip()), "")[:200]
