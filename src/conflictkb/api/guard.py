"""The checks and headers of every request, as a plain ASGI middleware.

Starlette's ``BaseHTTPMiddleware`` (``@app.middleware("http")``) runs each request's app in a
task of its own and pipes the response through a memory stream; this does the same checks on
the request's scope and sets the headers on the response as it is sent (issue 17).
"""

from __future__ import annotations

from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..settings import Settings
from .auth import Auth
from .http import error_response

__all__ = ["CSP", "DOCS_CSP", "FORM_LIMIT", "Guard"]

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")  # fmt: skip
# the API documentation pages only: their vendored bundles set inline styles and Redoc runs a
# web worker from a blob; still no inline or foreign script
DOCS_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; "
            "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")  # fmt: skip
FORM_LIMIT = 64 * 1024  # bytes: a decision's form or JSON body
_OPEN = ("/static/", "/login", "/docs", "/redoc", "/openapi.json")


class Guard:
    """Refuse a body over its limit (413) and, when reading needs a token, a reader without
    one (401, or the login page); set the security headers on every response."""

    def __init__(self, app: ASGIApp, settings: Settings, auth: Auth) -> None:
        self.app, self.settings, self.auth = app, settings, auth

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        refusal = self._refusal(scope, path)
        csp = DOCS_CSP if path in ("/docs", "/redoc") else CSP

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Content-Security-Policy"] = csp
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "same-origin"
                headers["X-Frame-Options"] = "DENY"
            await send(message)

        if refusal is not None:
            await refusal(scope, receive, send_with_headers)
        else:
            await self.app(scope, receive, send_with_headers)

    def _refusal(self, scope: Scope, path: str) -> Response | None:
        size = Headers(scope=scope).get("content-length", "")
        limit = self.settings.upload_limit + 4096 if path == "/api/documents" else FORM_LIMIT
        if size.isdigit() and int(size) > limit:
            return error_response(413, "CKB413", f"request body over {limit:,} bytes")
        if not self.settings.read_token_required or path.startswith(_OPEN):
            return None
        if self.auth.reader(Request(scope)) is not None:
            return None
        if path.startswith("/api/"):
            return error_response(401, "CKB401", "reading needs a token: send 'Authorization: "
                                  "Bearer <token>' or sign in at /login")  # fmt: skip
        return RedirectResponse("/login", 303)
