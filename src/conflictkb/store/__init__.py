"""The event store (SQLite by default, PostgreSQL for teams)."""

from .query import EventFilter
from .schema import SCHEMA_VERSION
from .store import IngestOutcome, Store, database_url

__all__ = ["SCHEMA_VERSION", "EventFilter", "IngestOutcome", "Store", "database_url"]
