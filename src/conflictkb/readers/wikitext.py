"""Reader for raw MediaWiki wikitext (an article's source, with its ``<ref>`` citations).

``Document.text`` is the wikitext exactly as given, so spans point into it. Infobox values are
*cleaned in place*: markup is overwritten with spaces (links keep their label, ``<br>`` becomes
a comma, date and coordinate templates are rendered) at the same length, so every piece of a
cleaned value lies inside the span of the markup it came from, and the extractors' spans
point into the wikitext the user gave.
Citations (``cite web`` / ``cite news`` ...) are collected with the offset of their ``<ref>``;
``Document.citations`` maps ``"start:end"`` of each ref to its citations.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

import mwparserfromhell
from mwparserfromhell.wikicode import Wikicode

from ..errors import InputError
from ..model import Citation, Document, InfoboxField, Section, Span
from .base import Decoded

__all__ = ["clean_in_place", "looks_like_wikitext", "read_wikitext"]

# A ref's body cannot hold another <ref (MediaWiki does not nest them): each match stops at
# the next one, so unclosed refs cost linear time, not quadratic.
_REF = re.compile(r"<ref(?:\s[^>]*?)?(?:/>|>(?:(?!<ref[\s>/]).)*?</ref\s*>)", re.S | re.I)
_REF_NAME = re.compile(r"""name\s*=\s*["']?([^"'/>]+?)["']?\s*(?:/?>|\s)""", re.I)
_COMMENT = re.compile(r"<!--(?:(?!<!--).)*?-->", re.S)  # linear on unclosed comments
_TEMPLATE_EDGE = re.compile(r"\{\{|\}\}")
_INFOBOX_START = re.compile(r"\{\{\s*[Ii]nfobox[ _]")
MAX_TEMPLATE_DEPTH = 40  # real infoboxes nest a few templates deep
MAX_INFOBOX_CHARS = 200_000  # real infoboxes are a few thousand characters
_BR = re.compile(r"<br\s*/?>", re.I)
_TAG = re.compile(r"</?[a-z][^>]*>", re.I)
_LINK = re.compile(r"\[\[(?:[^|\]]*\|)?([^\]]*)\]\]")
_EXTLINK = re.compile(r"\[https?://\S+\s*([^\]]*)\]")
_HEADING = re.compile(r"^(={2,6})\s*(.*?)\s*\1\s*$", re.M)


@lru_cache(maxsize=1)
def event_infobox_names() -> frozenset[str]:
    """Normalised names of event infobox templates (from the WEC configuration, shipped)."""
    text = resources.files("conflictkb.data").joinpath("event_infoboxes.json").read_text("utf-8")
    names = set()
    for cfg in json.loads(text)["infoboxConfigs"]:
        if cfg.get("include", True):
            names.update(cfg["infoboxs"])
    return frozenset(names)


def _norm(name: str) -> str:
    return re.sub(r"[\s_]+", "", name.strip().lower()).removeprefix("infobox")


def looks_like_wikitext(text: str) -> bool:
    head = text[:50000]
    return (
        "{{Infobox" in head
        or "{{infobox" in head
        or ("[[" in head and "]]" in head and "'''" in head)
    )


def _blank(s: str) -> str:
    return re.sub(r"[^\n]", " ", s)


def _same_length(rendered: str, original: str) -> str:
    return (
        (rendered + " " * len(original))[: len(original)]
        if len(rendered) <= len(original)
        else _blank(original)
    )


def _render_template(t: str) -> str:
    """Date and coordinate templates as text; every other template blanked."""
    inner = t[2:-2]
    parts = [p.strip() for p in inner.split("|")]
    name = parts[0].lower() if parts else ""
    args = [p for p in parts[1:] if "=" not in p]
    if name.startswith(("start date", "end date", "death date", "birth date")) and len(args) >= 3:
        return _same_length("-".join(args[:1] + [a.zfill(2) for a in args[1:3]]), t)
    if name == "coord" and len(args) >= 2:
        return _same_length(f"{args[0]}, {args[1]}", t)
    if name in {"nowrap", "nobr", "small", "lang"} and args:
        return _same_length(args[-1], t)
    if name in {"ubl", "unbulleted list", "plainlist", "flatlist", "hlist"}:
        return _same_length(", ".join(args), t)
    return _blank(t)


def clean_in_place(value: str, *, keep_lines: bool = False) -> str:
    """Markup overwritten so that the text keeps every offset (see the module docstring)."""
    out = _REF.sub(lambda m: _blank(m.group(0)), value)
    out = _COMMENT.sub(lambda m: _blank(m.group(0)), out)
    for _ in range(4):  # nested templates: innermost first
        out = re.sub(r"\{\{[^{}]*\}\}", lambda m: _render_template(m.group(0)), out)
    out = _LINK.sub(
        lambda m: (
            _same_length(m.group(1), m.group(0))
            if "File:" not in m.group(0)
            else _blank(m.group(0))
        ),
        out,
    )
    out = _EXTLINK.sub(lambda m: _same_length(m.group(1), m.group(0)), out)
    out = _BR.sub(lambda m: _same_length(",", m.group(0)), out)
    out = _TAG.sub(lambda m: _blank(m.group(0)), out)
    out = re.sub(r"'{2,}", lambda m: _blank(m.group(0)), out)
    out = re.sub(
        r"(?m)^[ \t]*[*#]", lambda m: _same_length("," if not keep_lines else " ", m.group(0)), out
    )
    out = out.replace("&nbsp;", "      ")
    if not keep_lines:
        out = out.replace("\n", ",")
    assert len(out) == len(value)
    return out


def _citations(text: str) -> dict[str, list[Citation]]:
    named: dict[str, list[Citation]] = {}
    out: dict[str, list[Citation]] = {}
    for m in _REF.finditer(text):
        raw = m.group(0)
        name_m = _REF_NAME.search(raw[: raw.find(">") + 1])
        cites = _cites_in(raw) if not raw.rstrip().endswith("/>") else []
        if name_m is not None:
            if cites:
                named[name_m.group(1).strip()] = cites
            else:
                cites = named.get(name_m.group(1).strip(), [])
        if cites:
            out[f"{m.start()}:{m.end()}"] = cites
    return out


def _cites_in(raw: str) -> list[Citation]:
    cites: list[Citation] = []
    try:
        code = mwparserfromhell.parse(raw)
    except Exception:  # a broken template inside one ref must not lose the document
        return cites
    for t in code.filter_templates():
        if not str(t.name).strip().lower().startswith("cite"):
            continue

        def get(*keys: str, t: object = t) -> str | None:
            for k in keys:
                if t.has(k):  # type: ignore[attr-defined]
                    v = str(t.get(k).value).strip()  # type: ignore[attr-defined]
                    if v:
                        return v
            return None

        cites.append(Citation(url=get("url"), title=get("title"),
                              publisher=get("publisher", "work", "website", "newspaper", "agency"),
                              date=get("date")))  # fmt: skip
    return cites


def _template_end(text: str, start: int, path: str) -> int:
    """Where the template opened at ``start`` closes (or the text ends), by counting braces:
    linear, with a depth limit instead of the parser's recursion."""
    depth = 0
    for m in _TEMPLATE_EDGE.finditer(text, start):
        depth += 1 if m.group(0) == "{{" else -1
        if depth > MAX_TEMPLATE_DEPTH:
            raise InputError(f"templates nested over {MAX_TEMPLATE_DEPTH} deep at character "
                             f"{m.start()}: refused", path=path)  # fmt: skip
        if depth == 0:
            return m.end()
        if m.start() - start > MAX_INFOBOX_CHARS:
            break
    return min(len(text), start + MAX_INFOBOX_CHARS)


def _infobox_code(text: str, path: str) -> tuple[Wikicode, int] | None:
    """The first event infobox, parsed alone (the parser backtracks badly on broken markup
    elsewhere in a page), and the offset it starts at."""
    names = event_infobox_names()
    for m in _INFOBOX_START.finditer(text):
        end = _template_end(text, m.start(), path)
        head = re.match(r"\{\{\s*([^|}\n<]+)", text[m.start() : end])
        if head is None or _norm(head.group(1)) not in names:
            continue
        try:
            return mwparserfromhell.parse(text[m.start() : end]), m.start()
        except Exception as exc:  # the parser is robust; this is a last guard
            raise InputError(f"cannot parse the infobox ({exc.__class__.__name__})",
                             path=path) from None  # fmt: skip
    return None


def _infobox(code: Wikicode, text: str, offset: int = 0) -> list[InfoboxField]:
    names = event_infobox_names()
    for t in code.filter_templates(recursive=False):
        if _norm(str(t.name)) not in names:
            continue
        raw = str(t)
        base = text.find(raw, offset)
        if base < 0:
            continue
        fields: list[InfoboxField] = []
        cursor = base
        for param in t.params:
            p_raw = str(param)
            start = text.find(p_raw, cursor)
            if start < 0:
                continue
            cursor = start + len(p_raw)
            if not param.showkey:
                continue
            v_raw = str(param.value)
            v_start = start + len(p_raw) - len(v_raw)
            fields.append(
                InfoboxField(
                    str(param.name).strip(),
                    clean_in_place(v_raw),
                    Span(v_start, v_start + len(v_raw)),
                )
            )
        return fields
    return []


def _sections(text: str, body_start: int) -> list[Section]:
    heads = list(_HEADING.finditer(text, body_start))
    out = [Section("Lead", 1, body_start, heads[0].start() if heads else len(text))]
    for i, h in enumerate(heads):
        level = len(h.group(1))
        end = next((n.start() for n in heads[i + 1 :] if len(n.group(1)) <= level), len(text))
        out.append(Section(h.group(2), level, h.start(), end))
    return out


def read_wikitext(decoded: Decoded, doc_id: str, path: str) -> Document:
    text = decoded.text
    found = _infobox_code(text, path)
    infobox = _infobox(found[0], text, found[1]) if found else []
    title_field = next((f for f in infobox if f.norm_key in {"title", "name", "conflict"}), None)
    title = title_field.value.strip(" ,") if title_field else ""
    if not title:
        bold = re.search(r"'''(.+?)'''", text)
        title = re.sub(r"\[\[(?:[^|\]]*\|)?([^\]]*)\]\]", r"\1", bold.group(1)) if bold else path
    end = max((f.span.end for f in infobox), default=0)
    return Document(
        id=doc_id, path=path, format="wikitext", title=title.strip(), text=text,
        sections=_sections(text, end), infobox=infobox, encoding=decoded.encoding,
        warnings=list(decoded.warnings), citations=_citations(text),
    )  # fmt: skip
