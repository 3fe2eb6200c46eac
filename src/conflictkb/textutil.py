"""Text helpers shared by every layer."""

from __future__ import annotations

import importlib
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

__all__ = ["first_char_guard", "fold", "literal_alternation", "slugify"]


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


def first_char_guard(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` led by a lookahead for the characters its matches can start with: the same
    matches, but the engine tries the pattern's alternatives only where one of them is (a
    leading ``\\b`` otherwise hides them from its own fast scan). ``pattern`` as it is when its
    first characters cannot be told (a class of many, a pattern that may match empty)."""
    try:
        parser: Any = importlib.import_module("re._parser")
        found, empty = _first_chars(parser, list(parser.parse(pattern.pattern, pattern.flags)))
    except (ImportError, AttributeError, TypeError, ValueError, re.error):
        return pattern
    if found is None or empty or not found:
        return pattern
    chars = "".join(re.escape(c) for c in sorted(found))
    return re.compile(f"(?=[{chars}])(?:{pattern.pattern})", pattern.flags)


def _first_chars(c: Any, items: list[Any]) -> tuple[set[str] | None, bool]:
    """(the characters a match of the parsed ``items`` can start with, or None when any;
    whether it can match empty). ``c``: ``re._parser``, which re-exports the opcodes."""
    out: set[str] = set()
    for op, av in items:
        if op is c.AT:  # \\b, ^: zero-width
            continue
        if op is c.LITERAL:
            return out | {chr(av)}, False
        if op is c.IN:
            for sub, arg in av:
                if sub is c.LITERAL:
                    out.add(chr(arg))
                elif sub is c.RANGE and arg[1] - arg[0] < 64:
                    out.update(chr(i) for i in range(arg[0], arg[1] + 1))
                else:
                    return None, False
            return out, False
        if op is c.SUBPATTERN or op is c.BRANCH or op in (c.MAX_REPEAT, c.MIN_REPEAT):
            subs = [av[-1]] if op is c.SUBPATTERN else av[1] if op is c.BRANCH else [av[2]]
            empty = op is not c.SUBPATTERN and op is not c.BRANCH and av[0] == 0
            for sub in subs:
                found, may_be_empty = _first_chars(c, list(sub))
                if found is None:
                    return None, False
                out |= found
                empty = empty or may_be_empty
            if not empty:
                return out, False
            continue
        return None, False
    return out, True
