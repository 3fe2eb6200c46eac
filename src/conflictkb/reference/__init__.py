"""Reference datasets (ACLED, UCDP GED) loaded for comparison with our events."""

from .parse import ParseResult, RefEvent, RowError, parse_reference
from .tables import load_reference, reference_sets, window

__all__ = [
    "ParseResult",
    "RefEvent",
    "RowError",
    "load_reference",
    "parse_reference",
    "reference_sets",
    "window",
]
