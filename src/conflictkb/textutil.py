"""Text helpers shared by every layer."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

__all__ = ["fold", "literal_alternation", "slugify"]


_SHORT = 2000  # characters: names and sentences are folded over and over, documents once


def fold(text: str) -> str:
    """Lower case, accents removed, curly quotes straightened, whitespace collapsed.

    Strings up to a sentence long (names, claimants, timeline entries, compared again on every
    rebuild of an event) are remembered, at most 8,192 of them: memory stays bounded however
    many documents are folded."""
    return _fold_short(text) if len(text) <= _SHORT else _fold(text)


@lru_cache(maxsize=8192)
def _fold_short(text: str) -> str:
    return _fold(text)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.lower().replace("’", "'").replace("‘", "'").split())


def slugify(text: str) -> str:
    """An id for a name: ASCII letters and digits joined by '-', at most 80 characters."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    return slug[:80] or "event"


def literal_alternation(words: Iterable[str]) -> str:
    """A regex matching any of ``words`` as literals, longest first: the same matches as
    ``"|".join(sorted(map(re.escape, words), key=len, reverse=True))`` followed by whatever
    comes after it, but written as a tree of shared prefixes ("mal(?:awi|aysia|i)"), so the
    engine tests each character once instead of every word at every position. For patterns
    compiled without ``re.I`` (words that differ only in case would be tried in either order)."""
    tree: dict[str, Any] = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _branches(tree)


def _branches(node: dict[str, Any]) -> str:
    parts = [re.escape(ch) + _branches(child) for ch, child in sorted(node.items()) if ch]
    if not parts:
        return ""
    body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
    if "" in node:  # a word ends here: the longer ones first (greedy), then this one
        return (body if len(parts) == 1 and len(body) == 1 else f"(?:{body})") + "?"
    return body
