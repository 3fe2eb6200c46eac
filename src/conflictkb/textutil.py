"""Text helpers shared by every layer."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["fold", "slugify"]


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
