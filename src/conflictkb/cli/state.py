"""What the root command hands to every command."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..errors import InputError
from ..readers import ReadOptions
from ..settings import Settings
from ..store import Store

__all__ = ["CLIState"]


@dataclass
class CLIState:
    db: str
    max_bytes: int
    settings: Settings

    def store(self) -> Store:
        return Store(self.db, merge_threshold=self.settings.merge_threshold)

    def read_options(self, published: str | None, language: str | None) -> ReadOptions:
        """Read options from the settings and the --published / --language flags."""
        date = None
        if published:
            try:
                date = dt.date.fromisoformat(published)
            except ValueError:
                raise InputError(
                    f"--published {published!r} is not a date; write YYYY-MM-DD"
                ) from None
        if language is not None and not (len(language) == 2 and language.isalpha()):
            raise InputError(f"--language {language!r} is not a two-letter code such as en or fr")
        return ReadOptions(max_bytes=self.max_bytes, max_pages=self.settings.max_pages,
                           published=date, language=language.lower() if language else None)  # fmt: skip
