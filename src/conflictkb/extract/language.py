"""The document's language: from its metadata, else detected with py3langid's bundled model.

Only the body is read (at most 5,000 characters). A short text (under 100 characters) whose
best guess is neither supported language nor confident is taken as English, the default.
A document in a language we have no lexicon for keeps its metadata and infobox facts, and a
warning says that its text was not read.
"""

from __future__ import annotations

import logging
import lzma
import os
import shutil
from array import array
from functools import cache
from pathlib import Path
from typing import Any

from ..model import Document, Event
from ..paths import user_dir
from .lexicon import SUPPORTED

__all__ = ["detect_language", "language_step", "set_language"]

log = logging.getLogger(__name__)
_SAMPLE = 5000


@cache
def _identifier() -> Any:
    """py3langid's bundled model, read from its unpacked copy in :func:`user_dir` (made on
    first use: unpacking the LZMA file costs about 0.27 s in every process, reading the copy
    0.1 s); from the packed file where no copy can be written."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    packed = MODEL_DIR / MODEL_FILE
    try:
        unpacked = _unpacked(packed)
    except OSError as exc:
        log.debug("language model read packed: %s", exc)
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    import numpy as np

    with np.load(unpacked, allow_pickle=False) as m:
        return LanguageIdentifier(np.asarray(m["ptc"]), np.asarray(m["pc"]), m["classes"].tolist(),
                                  _uints(m["nextmove"]), m["out_feat"].tolist(), norm_probs=True,
                                  tk_row=_uints(m["nextmove_row"]))  # fmt: skip


def _unpacked(packed: Path) -> Path:
    """The uncompressed copy of the model file ``packed``, one per version of it."""
    stat = packed.stat()
    target = user_dir() / "langid" / f"model-{stat.st_size}-{stat.st_mtime_ns}.npz"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        part = target.with_suffix(f".{os.getpid()}.part")
        with lzma.open(packed) as src, open(part, "wb") as out:
            shutil.copyfileobj(src, out, length=1 << 20)
        os.replace(part, target)  # whole or absent, whoever else unpacks it at once
    return target


def _uints(values: Any) -> array[int]:
    """An unsigned-integer numpy array as the stdlib array py3langid's tables are."""
    import numpy as np

    out = array({2: "H", 4: "I", 8: "L"}[values.dtype.itemsize])
    out.frombytes(np.ascontiguousarray(values).data.cast("B"))
    return out


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
