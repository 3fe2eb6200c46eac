"""The REST API (FastAPI), thin over the library."""
