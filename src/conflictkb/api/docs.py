"""The API documentation, offline: Swagger UI at /docs and Redoc at /redoc, both from
vendored npm bundles (src/conflictkb/web/static/vendor, licences beside them), started by a
script file (no inline script: the CSP stays strict)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

__all__ = ["add_docs"]


def add_docs(app: FastAPI, templates: Jinja2Templates) -> None:
    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def swagger(request: Request) -> HTMLResponse:
        return templates.TemplateResponse(request, "docs.html", {"openapi": app.openapi_url})

    @app.get("/redoc", response_class=HTMLResponse, include_in_schema=False)
    def redoc(request: Request) -> HTMLResponse:
        return templates.TemplateResponse(request, "redoc.html", {"openapi": app.openapi_url})
