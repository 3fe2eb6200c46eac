"""Assembly: run the extraction steps over a document and derive the estimates."""

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
