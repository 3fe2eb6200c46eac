"""Settings, declared once: name, default and help. CLI flags and environment variables
(prefix ``CONFLICTKB_``) override them."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "DEFAULT_DB"]

DEFAULT_DB = "conflictkb.sqlite"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CONFLICTKB_", extra="ignore")

    db: str = Field(DEFAULT_DB, description="Store location: a SQLite path or a database URL.")
    max_bytes: int = Field(
        20 * 1024 * 1024, description="Largest document accepted by the readers, in bytes."
    )
    max_pages: int = Field(500, description="Longest PDF accepted by the PDF reader, in pages.")
    actors_file: Path | None = Field(
        None, description="Extra actor registry (YAML) merged over the bundled one."
    )
    api_token: str | None = Field(
        None, description="Token that enables the API's write endpoints (Bearer auth)."
    )
    merge_threshold: float = Field(
        6.0,
        description="Score at which a new document's event joins a stored event "
        "(docs/merging.md); higher merges less.",
    )
    secret_key: str | None = Field(
        None,
        description="Key of the explorer's CSRF tokens; random per start when unset "
        "(set it when several server processes serve one store).",
    )
    read_token_required: bool = Field(
        False, description="Reading the explorer and the API needs a user's token too."
    )
    time_limit: float = Field(
        600.0, description="Longest one document's extraction may take at ingest, in seconds."
    )
    upload_time_limit: float = Field(
        120.0, description="Longest an upload's extraction may take, in seconds."
    )
    upload_limit: int = Field(
        5 * 1024 * 1024, description="Largest document the API accepts for upload, in bytes."
    )
