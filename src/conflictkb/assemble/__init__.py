"""Assembly: run the extraction steps over a document and derive the estimates.

The names below are imported on first use (PEP 562): the pipeline imports spaCy, which
commands that need no model (``--help``, ``events``, ``review``, ...) must not pay for.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .estimates import compute_estimates, effective_category
    from .pipeline import Pipeline, Step, default_pipeline, infobox_pipeline, slugify

__all__ = [
    "Pipeline",
    "Step",
    "compute_estimates",
    "default_pipeline",
    "effective_category",
    "infobox_pipeline",
    "slugify",
]

_WHERE = {"compute_estimates": ".estimates", "effective_category": ".estimates",
          "Pipeline": ".pipeline", "Step": ".pipeline", "default_pipeline": ".pipeline",
          "infobox_pipeline": ".pipeline", "slugify": ".pipeline"}  # fmt: skip


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_WHERE[name], __name__), name)
