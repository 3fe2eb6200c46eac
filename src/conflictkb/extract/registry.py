"""The actor registry: canonical names, aliases, types and countries of armed actors,
governments, organisations and monitors. Shipped as ``data/actors.yaml``; users add their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..errors import ConfigError
from ..textutil import fold

__all__ = [
    "ACTOR_TYPES",
    "ARMED_TYPES",
    "STATE_TYPES",
    "ActorEntry",
    "ActorRegistry",
    "load_registry",
]

ACTOR_TYPES = ("state_forces", "foreign_military", "rebel_group", "militia",
               "international_org", "ngo", "government", "civilians")  # fmt: skip
STATE_TYPES = frozenset({"state_forces", "government"})  # a state's forces or its government
ARMED_TYPES = STATE_TYPES | {"foreign_military", "rebel_group", "militia"}


@dataclass(frozen=True, slots=True)
class ActorEntry:
    canonical: str
    aliases: tuple[str, ...]
    type: str
    country: str | None


class ActorRegistry:
    """Names and aliases to entries. Short acronyms ("IS", "UN", "WHO") match only as written:
    folded, they are common words ("is", "who")."""

    def __init__(self, entries: list[ActorEntry]) -> None:
        self.entries = entries
        self._index: dict[str, ActorEntry] = {}
        self._acronyms: dict[str, ActorEntry] = {}
        self._governments: dict[str, ActorEntry] = {}
        for e in entries:
            if e.type == "government" and e.country:
                self._governments.setdefault(e.country, e)
            for name in (e.canonical, *e.aliases):
                if _is_acronym(name):
                    self._acronyms.setdefault(name, e)
                else:
                    self._index.setdefault(_key(name), e)
        # for find_in: longest names first, and each acronym's pattern, made once
        self._by_length = sorted((n for n in self._index if len(n) > 2), key=len, reverse=True)
        self._acronym_patterns = [(re.compile(rf"(?<![\w-]){re.escape(n)}(?![\w-])"), e)
                                  for n, e in self._acronyms.items()]  # fmt: skip

    def match(self, text: str) -> ActorEntry | None:
        """The entry whose name or alias is ``text`` (case, accents and a leading "the" ignored;
        short acronyms as written)."""
        bare = re.sub(r"^the\s+", "", text.strip(" .,'"), flags=re.I)
        return self._acronyms.get(bare) or self._index.get(_key(text))

    def government(self, country: str) -> ActorEntry | None:
        """The first government entry of ``country`` (alpha-2), if the registry has one."""
        return self._governments.get(country)

    def find_in(self, text: str) -> list[ActorEntry]:
        """Entries named anywhere in ``text`` (longest names first, each once)."""
        folded = f" {fold(text)} "
        found: list[ActorEntry] = []
        for name in self._by_length:
            if f" {name} " in folded and self._index[name] not in found:
                found.append(self._index[name])
                folded = folded.replace(f" {name} ", " ")
        for pattern, entry in self._acronym_patterns:
            if entry not in found and pattern.search(text):
                found.append(entry)
        return found

    def patterns(self) -> list[dict[str, Any]]:
        """spaCy EntityRuler patterns: every name and alias, labelled ORG (or NORP), id canonical."""
        out = []
        for e in self.entries:
            label = "NORP" if e.type == "civilians" else "ORG"
            for name in dict.fromkeys((e.canonical, *e.aliases)):
                if len(name) < 2 or (name.islower() and e.type == "civilians"):
                    continue
                pattern: str | list[dict[str, str]] = (
                    [{"TEXT": name}] if _is_acronym(name) else name
                )
                out.append({"label": label, "pattern": pattern, "id": e.canonical})
        return out


_ACRONYM = re.compile(r"^[A-Z][A-Z0-9]{1,3}$")


def _is_acronym(name: str) -> bool:
    """A short all-capitals name, matched as written."""
    return _ACRONYM.match(name) is not None


def _key(name: str) -> str:
    k = fold(name).strip(" .,'")
    return k[4:] if k.startswith("the ") else k


def _entries(data: Any, source: str) -> list[ActorEntry]:
    if not isinstance(data, dict) or not isinstance(data.get("actors"), list):
        raise ConfigError(f"{source}: expected a mapping with an 'actors' list")
    out = []
    for i, item in enumerate(data["actors"]):
        if not isinstance(item, dict) or not item.get("name"):
            raise ConfigError(f"{source}: actor #{i + 1} has no name")
        typ = item.get("type", "rebel_group")
        if typ not in ACTOR_TYPES:
            raise ConfigError(
                f"{source}: actor {item['name']!r} has unknown type {typ!r}; use one of {', '.join(ACTOR_TYPES)}"
            )
        aliases = tuple(str(a) for a in item.get("aliases") or [])
        out.append(ActorEntry(str(item["name"]), aliases, typ, item.get("country")))
    return out


@lru_cache(maxsize=1)
def _bundled() -> tuple[ActorEntry, ...]:
    text = resources.files("conflictkb.data").joinpath("actors.yaml").read_text("utf-8")
    return tuple(_entries(yaml.safe_load(text), "actors.yaml"))


def load_registry(extra: Path | None = None) -> ActorRegistry:
    """The bundled registry, with the entries of ``extra`` (a user YAML) taking precedence."""
    entries = list(_bundled())
    if extra is not None:
        try:
            data = yaml.safe_load(Path(extra).read_text("utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise ConfigError(f"{extra}: cannot read actor registry ({exc})") from None
        entries = _entries(data, str(extra)) + entries
    return ActorRegistry(entries)
