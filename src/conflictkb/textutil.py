"""Text helpers shared by every layer."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["fold", "slugify"]


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case, accents removed, curly quotes straightened, whitespace collapsed."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.lower().replace("’", "'").replace("‘", "'").split())


def slugify(text: str) -> str:
    """An id for a name: ASCII letters and digits joined by '-', at most 80 characters."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    return slug[:80] or "event"
