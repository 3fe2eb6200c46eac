"""The templates' environment: ``record.name`` on a dict without an exception per lookup.

Jinja reads ``x.y`` as ``getattr(x, "y")`` first and ``x["y"]`` only after the
``AttributeError``. The pages read dicts (the JSON records) thousands of times each, so an event
page spent a third of its time raising and catching those errors. For a plain dict, a name that
is not one of dict's own attributes goes straight to the item: the same value as Jinja's rule
(a dict instance has no attributes of its own), without the exception.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment

__all__ = ["PageEnvironment"]

_DICT_ATTRIBUTES = frozenset(dir(dict))


class PageEnvironment(Environment):
    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)
