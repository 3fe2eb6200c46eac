"""Where conflictkb keeps what it builds once per machine (the gazetteer index, the unpacked
language-identification model): ``$CONFLICTKB_HOME``, else ``~/.local/share/conflictkb``."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["user_dir"]


def user_dir() -> Path:
    base = os.environ.get("CONFLICTKB_HOME")
    return Path(base) if base else Path.home() / ".local" / "share" / "conflictkb"
