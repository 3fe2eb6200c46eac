"""The document's language: from its metadata, else detected with py3langid's bundled model.

Only the body is read (at most 5,000 characters). A short text (under 100 characters) whose
best guess is neither supported language nor confident is taken as English, the default.
A document in a language we have no lexicon for keeps its metadata and infobox facts, and a
warning says that its text was not read.
"""

from __future__ import annotations

import logging
from functools import cache
from typing import Any

from ..model import Document, Event
from .lexicon import SUPPORTED

__all__ = ["detect_language", "language_step", "set_language"]

log = logging.getLogger(__name__)
_SAMPLE = 5000


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str:
    """ISO 639-1 code of ``text``'s language."""
    sample = " ".join(text[:_SAMPLE].split())
    if len(sample) < 20:
        return "en"
    ident = _identifier()
    code, prob = ident.classify(sample)
    if code in SUPPORTED or (prob >= 0.99 and len(sample) >= 100):
        return str(code)
    ranked = ident.rank(sample)
    return next((c for c, _ in ranked if c in SUPPORTED), "en")


def set_language(doc: Document) -> str:
    """``doc.language``, detected from the body and set when no metadata did."""
    if doc.language is None:
        body = "\n".join(doc.text[s.start : s.end] for s in doc.sections) or doc.text
        doc.language = detect_language(body)
    return doc.language


def language_step(doc: Document, event: Event) -> None:
    """Set ``doc.language`` when no metadata did; warn once for an unsupported language."""
    set_language(doc)
    if doc.language not in SUPPORTED:
        msg = (f"language {doc.language!r} is not supported (supported: {', '.join(SUPPORTED)}): "
               "only metadata and infobox facts were extracted")  # fmt: skip
        doc.warnings.append(msg)
        log.warning("%s: %s", doc.path, msg)
