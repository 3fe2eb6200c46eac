"""Comparing our events with reference datasets (ACLED, UCDP GED)."""

from .link import EventComparison, compare_event, compare_store, summarise

__all__ = ["EventComparison", "compare_event", "compare_store", "summarise"]
