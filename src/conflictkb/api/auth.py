"""Who is asking: tokens, the browser session cookie, CSRF and same-origin checks.

* The JSON API takes ``Authorization: Bearer <token>``: a user's token (``conflictkb user
  add``) or the operator's ``CONFLICTKB_API_TOKEN`` (role ``operator``). A bearer header is
  never sent by a browser on its own, so these requests need no CSRF token.
* The explorer signs in with a token once (``/login``); the token travels back in an
  ``HttpOnly``, ``SameSite=Strict`` cookie. Every form that writes carries a CSRF token (an HMAC
  of the session token under the server's secret) and must come from the same origin.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from urllib.parse import urlsplit

from fastapi import Request

from ..errors import AuthError, ForbiddenError
from ..settings import Settings
from ..store import Store
from ..store.workbench import User

__all__ = ["COOKIE", "Auth"]

COOKIE = "ckb_session"


class Auth:
    def __init__(self, settings: Settings, store: Store) -> None:
        self.settings = settings
        self.store = store
        key = settings.secret_key or secrets.token_hex(32)
        self._key = key.encode()

    def lookup(self, token: str) -> User | None:
        if not token or len(token) > 200:
            return None
        operator = self.settings.api_token
        if operator and hmac.compare_digest(token.encode(), operator.encode()):
            return User("operator", "operator")
        return self.store.user_for_token(token)

    def bearer(self, request: Request) -> User | None:
        header = request.headers.get("authorization", "")
        if not header.startswith("Bearer "):
            return None
        return self.lookup(header[7:].strip())

    def session_token(self, request: Request) -> str:
        return request.cookies.get(COOKIE, "")

    def session(self, request: Request) -> User | None:
        return self.lookup(self.session_token(request))

    def reader(self, request: Request) -> User | None:
        """Whoever the request is from, by bearer token or session cookie."""
        return self.bearer(request) or self.session(request)

    def writer(self, request: Request, *, admin: bool = False) -> User:
        """The user behind a JSON API write (bearer token), or the error to answer."""
        if not request.headers.get("authorization"):
            raise AuthError("this needs a token: send 'Authorization: Bearer <token>' "
                            "(`conflictkb user add NAME` prints one)")  # fmt: skip
        user = self.bearer(request)
        if user is None:
            raise AuthError("unknown or revoked token; ask an admin for a new one")
        if admin and not user.admin:
            raise ForbiddenError(f"{user.name} is a {user.role}: this needs an admin's token")
        return user

    def csrf(self, token: str) -> str:
        digest = hashlib.sha256(token.encode()).digest()
        return hmac.new(self._key, b"csrf:" + digest, hashlib.sha256).hexdigest()

    def form_writer(self, request: Request, csrf: str) -> User:
        """The signed-in user behind a form post, after the same-origin and CSRF checks."""
        self.same_origin(request)
        user = self.session(request)
        if user is None:
            raise AuthError("you are not signed in (or your token was revoked): sign in again")
        if not hmac.compare_digest(csrf or "", self.csrf(self.session_token(request))):
            raise AuthError("the form's CSRF token does not match your session: reload the page")
        return user

    @staticmethod
    def same_origin(request: Request) -> None:
        """Refuse a form posted from another site (Origin, else Referer, must be ours)."""
        host = request.headers.get("host", "")
        origin = request.headers.get("origin") or request.headers.get("referer")
        if not origin:
            return  # non-browser clients send neither; the CSRF token still has to match
        got = urlsplit(origin)
        if origin == "null" or got.netloc != host:
            raise AuthError(f"a form from another origin ({origin[:80]}) was refused")
