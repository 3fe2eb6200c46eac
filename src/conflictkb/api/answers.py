"""Cached answers of the read-only pages and JSON API, sent from the event loop (issue 17).

A repeated ``GET`` gets, while what it shows is unchanged, the very bytes it got before: no
routing, no validation, no template, no hop to a worker thread for the answer itself.

- The list, search, map, timeline and document answers (``/``, ``/map``, ``/timeline``,
  ``/documents/ID`` and their ``/api/`` twins, ``/api/facets``) are kept by the state of the
  whole store, the one its own caches key on (:func:`conflictkb.store.query.generation`),
  known without a query for a second after it was looked at and until a commit from this
  process; else it is looked at again, in a worker thread. An answer is kept only if the state
  is still the same after it.
- The answers for one event (``/events/ID``, ``/api/events/ID``) are kept by the state of that
  event alone (:func:`conflictkb.store.validators.event_state`, one statement of index
  look-ups, in a worker thread): uploads and reviews of other events leave them in place. The
  state is read before the answer is made, so an answer is never older than its key.

The JSON API answers the same to every reader (the guard has already refused a reader without
a token, where tokens are needed). A page is kept only for a reader who is not signed in (no
session cookie, no bearer token): a signed-in reviewer's page has their name and forms. Only
200 answers without cookies are kept, at most :data:`MAX_BODY` bytes each and :data:`BUDGET`
bytes in all (the least recently used go first).
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from typing import Any

import anyio.to_thread
from sqlalchemy import Engine
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..store.query import current_generation, known_generation
from ..store.validators import event_state
from .auth import COOKIE

__all__ = ["BUDGET", "MAX_BODY", "AnswerCache"]

BUDGET = 64 * 1024 * 1024  # bytes of answers kept in all, per server process
MAX_BODY = 2 * 1024 * 1024
_BY_STORE = re.compile(r"^/(?:api/(?:events|map|facets)|map|timeline|(?:api/)?documents/[^/]+)?$")
_BY_EVENT = re.compile(r"^/(?:api/)?events/([^/]+)$")
_SESSION = COOKIE.encode() + b"="


class AnswerCache:
    """ASGI middleware: the cache described in the module docstring."""

    def __init__(self, app: ASGIApp, engine: Engine) -> None:
        self.app, self.engine = app, engine
        self._answers: OrderedDict[tuple[Any, ...], tuple[list[tuple[bytes, bytes]], bytes]] = (
            OrderedDict()
        )
        self._bytes = 0
        self._lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or not _anonymous_or_api(scope):
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        event = _BY_EVENT.match(path)
        state: tuple[Any, ...] | None
        if event is not None:
            state = await anyio.to_thread.run_sync(event_state, self.engine, event.group(1))
        elif _BY_STORE.match(path):
            state = known_generation(self.engine)
            if state is None:  # looked at again, off the event loop: at most once a second
                state = await anyio.to_thread.run_sync(current_generation, self.engine)
        else:
            state = None
        if state is None:
            await self.app(scope, receive, send)
            return
        key = (state, path, scope.get("query_string", b""))
        hit = self._get(key)
        if hit is not None:
            headers, body = hit
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        parts: list[Message] = []

        async def keep(message: Message) -> None:
            parts.append({**message, "headers": list(message.get("headers", []))})
            await send(message)

        await self.app(scope, receive, keep)
        if event is not None or known_generation(self.engine) == state:
            self._put(key, parts)

    def _get(self, key: tuple[Any, ...]) -> tuple[list[tuple[bytes, bytes]], bytes] | None:
        with self._lock:
            hit = self._answers.get(key)
            if hit is not None:
                self._answers.move_to_end(key)
            return hit

    def _put(self, key: tuple[Any, ...], parts: list[Message]) -> None:
        start = next((m for m in parts if m["type"] == "http.response.start"), None)
        bodies = [m for m in parts if m["type"] == "http.response.body"]
        if start is None or start["status"] != 200 or not bodies or bodies[-1].get("more_body"):
            return
        if any(k.lower() == b"set-cookie" for k, _ in start.get("headers", [])):
            return
        body = b"".join(m.get("body", b"") for m in bodies)
        if len(body) > MAX_BODY:
            return
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        headers.append((b"content-length", str(len(body)).encode()))
        with self._lock:
            old = self._answers.pop(key, None)
            self._bytes += len(body) - (len(old[1]) if old else 0)
            self._answers[key] = (headers, body)
            while self._bytes > BUDGET:
                _, (_, dropped) = self._answers.popitem(last=False)
                self._bytes -= len(dropped)


def _anonymous_or_api(scope: Scope) -> bool:
    """True for the JSON API, and for a page asked for by a reader who is not signed in."""
    if scope["path"].startswith("/api/"):
        return True
    for name, value in scope.get("headers", []):
        if name == b"authorization" or (name == b"cookie" and _SESSION in value):
            return False
    return True
