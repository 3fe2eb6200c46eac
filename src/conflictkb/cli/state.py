"""What the root command hands to every command."""

from __future__ import annotations

from dataclasses import dataclass

from ..settings import Settings
from ..store import Store

__all__ = ["CLIState"]


@dataclass
class CLIState:
    db: str
    max_bytes: int
    settings: Settings

    def store(self) -> Store:
        return Store(self.db)
