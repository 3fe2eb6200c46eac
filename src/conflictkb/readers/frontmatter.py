"""Front matter: a YAML block between ``---`` lines at the top of a text or Markdown report.

::

    ---
    title: Mali: Moura killings
    published: 2022-04-05
    url: https://example.org/report
    source: Human Rights Watch      # the publisher
    language: en
    claimant: Human Rights Watch    # who speaks in the report's own voice
    ---

The block is metadata, not body: sections start after it. Known keys fill the Document;
others are listed in a warning. A broken block is an InputError that names its line.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import yaml

from ..errors import InputError
from ..model import Document
from .base import RawDocument

__all__ = ["FrontMatter", "apply_front_matter", "apply_options", "split_front_matter"]

_OPEN = re.compile(r"\A---[ \t]*\r?\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.M)
_MAX_BLOCK = 64 * 1024
_KEYS = {"title": "title", "published": "published", "date": "published", "url": "url",
         "source": "source", "publisher": "source", "language": "language", "lang": "language",
         "claimant": "claimant"}  # fmt: skip
_LANG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")


@dataclass(frozen=True, slots=True)
class FrontMatter:
    values: dict[str, Any]
    line: dict[str, int]  # key -> 1-based line in the file, for error messages


def split_front_matter(text: str, path: str) -> tuple[FrontMatter, int]:
    """The front matter of ``text`` (empty when it has none) and where the body starts."""
    opened = _OPEN.match(text)
    if opened is None:
        return FrontMatter({}, {}), 0
    closed = _CLOSE.search(text, opened.end(), opened.end() + _MAX_BLOCK)
    if closed is None:
        raise InputError("front matter opened with '---' on line 1 is not closed by a '---' "
                         f"line within {_MAX_BLOCK // 1024} KB; close it or remove it", path=path)  # fmt: skip
    block = text[opened.end() : closed.start()]
    values, lines = _parse_yaml(block, path)
    body = closed.end() + (1 if text[closed.end() : closed.end() + 1] == "\n" else 0)
    return FrontMatter(values, lines), body


def _parse_yaml(block: str, path: str) -> tuple[dict[str, Any], dict[str, int]]:
    try:
        if any(isinstance(t, yaml.AliasToken | yaml.AnchorToken) for t in yaml.scan(block)):
            raise InputError("front matter uses YAML anchors or aliases; write plain values",
                             path=path)  # fmt: skip
        node = yaml.compose(block, Loader=yaml.SafeLoader)
        data = yaml.safe_load(block)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 2}" if mark is not None else "block"
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(f"front matter {where}: {problem}; fix the YAML between the '---' "
                         "lines", path=path) from None  # fmt: skip
    if data is None:
        return {}, {}
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise InputError("front matter must be 'key: value' lines", path=path)
    lines = {str(k.value): k.start_mark.line + 2 for k, _ in node.value}
    return {str(k): v for k, v in data.items()}, lines


def apply_front_matter(doc: Document, fm: FrontMatter, raw: RawDocument) -> Document:
    """Fill ``doc`` from its front matter, then from the read options (see apply_options)."""
    ignored = []
    for key, value in fm.values.items():
        field = _KEYS.get(key.lower())
        if field is None:
            ignored.append(key)
            continue
        line = fm.line.get(key, 1)
        setattr(doc, field, _value(field, value, line, raw.path))
    if ignored:
        doc.warnings.append("front matter keys not used: " + ", ".join(sorted(ignored)))
    return apply_options(doc, raw)


def apply_options(doc: Document, raw: RawDocument) -> Document:
    """Metadata given on the command line fills what the document does not say itself."""
    if doc.published is None and raw.options.published is not None:
        doc.published = raw.options.published
    if doc.language is None and raw.options.language is not None:
        doc.language = raw.options.language
    return doc


def _value(field: str, value: Any, line: int, path: str) -> Any:
    if field == "published":
        return _date(value, line, path)
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise InputError(f"front matter line {line}: {field} must be a single value", path=path)
    text = " ".join(str(value).split())
    if field == "language":
        if not _LANG.match(text):
            raise InputError(f"front matter line {line}: language {text!r} is not a language "
                             "code such as 'en' or 'fr'", path=path)  # fmt: skip
        return text[:2].lower() if len(text) > 3 else text.lower()
    return text or None


def _date(value: Any, line: int, path: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise InputError(f"front matter line {line}: published {value!r} is not a date; write "
                         "YYYY-MM-DD", path=path) from None  # fmt: skip
