"""The REST API and the web explorer (FastAPI), thin over the library.

Read-only by default; uploading documents needs the token set in the settings
(``CONFLICTKB_API_TOKEN``). Every error has one JSON shape: ``{"error": {"code", "message"}}``.
All document text is untrusted: Jinja escapes it, and a strict Content-Security-Policy allows
no inline script.
"""

from __future__ import annotations

import hmac
import tempfile
from collections import defaultdict
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..assemble import Pipeline, default_pipeline
from ..compare import compare_event
from ..errors import ConflictKBError, InputError, NotFoundError
from ..export import FORMATS
from ..ingest import ingest_paths
from ..reference import reference_sets
from ..settings import Settings
from ..store import EventFilter, Store
from .data import document_data, event_data, events_data, highlighted_segments

__all__ = ["MergeBody", "SplitBody", "create_app"]


class MergeBody(BaseModel):
    other: str = Field(..., max_length=200, description="The event that joins this one.")
    user: str | None = Field(None, max_length=200)
    comment: str | None = Field(None, max_length=4000)


class SplitBody(BaseModel):
    document: str = Field(..., max_length=64, description="Document id or unique prefix.")
    user: str | None = Field(None, max_length=200)
    comment: str | None = Field(None, max_length=4000)


CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")  # fmt: skip


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


def create_app(settings: Settings | None = None, store: Store | None = None) -> FastAPI:
    settings = settings or Settings()
    store = store or Store(settings.db, merge_threshold=settings.merge_threshold)
    app = FastAPI(title="conflictkb", version="0.1.0", description=__doc__)
    web = resources.files("conflictkb.web")
    env = Environment(loader=FileSystemLoader(str(web.joinpath("templates"))), autoescape=True)
    templates = Jinja2Templates(env=env)
    app.mount("/static", StaticFiles(directory=str(web.joinpath("static"))), name="static")
    state: dict[str, Pipeline] = {}

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @app.exception_handler(ConflictKBError)
    async def domain_error(_: Request, exc: ConflictKBError) -> JSONResponse:
        status = 404 if isinstance(exc, NotFoundError) else 400
        return _error(status, exc.code, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return _error(exc.status_code, f"HTTP{exc.status_code}", str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(x) for x in first.get("loc", []))
        return _error(422, "CKB422", f"invalid request: {where}: {first.get('msg', 'bad value')}")

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        return _error(500, "CKB500", f"internal error ({type(exc).__name__}); see the server log")

    def _filter(q: str | None, country: str | None, date_from: date | None, date_to: date | None,
                actor: str | None, event_type: str | None, min_deaths: int | None,
                limit: int, offset: int, claimant: str | None = None) -> EventFilter:  # fmt: skip
        return EventFilter(q=q or None, country=country or None, date_from=date_from, date_to=date_to,
                           actor=actor or None, event_type=event_type or None, min_deaths=min_deaths,
                           limit=limit, offset=offset, claimant=claimant or None)  # fmt: skip

    @app.get("/api/events")
    def api_events(q: str | None = None, country: str | None = None, date_from: date | None = None,
                   date_to: date | None = None, actor: str | None = None, event_type: str | None = None,
                   min_deaths: int | None = None, limit: int = Query(50, ge=1, le=500),
                   offset: int = Query(0, ge=0), claimant: str | None = None) -> dict[str, Any]:  # fmt: skip
        """Events, filtered (full-text `q`, country, dates, actor, claimant, type, minimum
        deaths), paginated."""
        flt = _filter(q, country, date_from, date_to, actor, event_type, min_deaths, limit, offset,
                      claimant)  # fmt: skip
        return events_data(store, flt)

    @app.get("/api/events/{event_id}")
    def api_event(event_id: str) -> dict[str, Any]:
        """One event: the JSON contract (see the schema in the repository)."""
        return event_data(store, event_id)

    @app.get("/api/events/{event_id}/claims")
    def api_claims(event_id: str) -> list[dict[str, Any]]:
        return list(event_data(store, event_id)["claims"])

    @app.get("/api/events/{event_id}/comparison")
    def api_comparison(event_id: str, reference: str | None = None) -> dict[str, Any]:
        """The event against loaded reference datasets (ACLED / UCDP GED): linked events, agreement."""
        return compare_event(store, event_data(store, event_id), reference).as_dict()

    @app.get("/api/documents/{document_id}")
    def api_document(document_id: str) -> dict[str, Any]:
        """A document's text with its sections and infobox spans."""
        return document_data(store, document_id)

    @app.get("/api/export")
    def api_export(format: str = "jsonl") -> StreamingResponse:
        """Every event in an export format (streamed)."""
        if format not in FORMATS:
            raise InputError(f"unknown export format {format!r}; choose from {', '.join(FORMATS)}")
        writer, media, suffix = FORMATS[format]
        with tempfile.TemporaryFile() as tmp:
            writer(store.iter_records(), tmp)
            tmp.seek(0)
            data = tmp.read()
        headers = {"Content-Disposition": f'attachment; filename="conflictkb{suffix}"'}
        return StreamingResponse(iter([data]), media_type=media, headers=headers)

    @app.post("/api/documents", status_code=201)
    async def api_upload(request: Request) -> JSONResponse:
        """Ingest one uploaded document (raw bytes in the body). Needs the API token."""
        refused = _refused(request)
        if refused is not None:
            return refused
        body = await request.body()
        if len(body) > settings.upload_limit:
            return _error(
                413, "CKB413", f"document over the {settings.upload_limit:,}-byte upload limit"
            )
        name = Path(request.headers.get("x-filename", "upload.txt")).name or "upload.txt"
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / name
            path.write_bytes(body)
            if "pipeline" not in state:
                state["pipeline"] = default_pipeline()
            report = ingest_paths(store, [path], pipeline=state["pipeline"])
        outcome = (report.ingested or report.duplicates)[0]
        return JSONResponse({"event_id": outcome.event_id, "document_id": outcome.document_id,
                             "status": outcome.status, "events": outcome.events,
                             "replaces": outcome.replaces, "orphaned_reviews": outcome.orphaned},
                            status_code=201)  # fmt: skip

    def _refused(request: Request) -> JSONResponse | None:
        """None when the request carries the API token, else the error to answer."""
        token = settings.api_token
        if not token:
            return _error(
                403, "CKB403", "writing is disabled: set CONFLICTKB_API_TOKEN on the server"
            )
        if not hmac.compare_digest(request.headers.get("authorization", ""), f"Bearer {token}"):
            return _error(
                401, "CKB401", "missing or wrong token: send 'Authorization: Bearer <token>'"
            )
        return None

    @app.post("/api/events/{event_id}/merge")
    def api_merge(request: Request, event_id: str, body: MergeBody) -> Any:
        """Merge the event ``other`` into this one (a user's decision; needs the API token)."""
        refused = _refused(request)
        if refused is not None:
            return refused
        return store.merge_events(event_id, body.other, user=body.user, comment=body.comment)

    @app.post("/api/events/{event_id}/split")
    def api_split(request: Request, event_id: str, body: SplitBody) -> Any:
        """Split a document off this event into an event of its own (needs the API token)."""
        refused = _refused(request)
        if refused is not None:
            return refused
        new_id, rec = store.split_document(event_id, body.document, user=body.user,
                                           comment=body.comment)  # fmt: skip
        return {"event_id": new_id, "record": rec}

    @app.get("/api/events/{event_id}/decisions")
    def api_decisions(event_id: str) -> list[dict[str, Any]]:
        """Users' merges and splits that concern the event, newest first."""
        return store.decisions(store.find_event_id(event_id))

    @app.get("/", response_class=HTMLResponse)
    def page_events(request: Request, q: str | None = None, country: str | None = None,
                    offset: int = Query(0, ge=0)) -> HTMLResponse:  # fmt: skip
        flt = _filter(q, country, None, None, None, None, None, 50, offset)
        data = events_data(store, flt)
        facets = _facets(store)
        return templates.TemplateResponse(request, "events.html", {"data": data, "q": q or "",
                                          "country": country or "", "facets": facets})  # fmt: skip

    @app.get("/events/{event_id}", response_class=HTMLResponse)
    def page_event(request: Request, event_id: str) -> HTMLResponse:
        rec = event_data(store, event_id)
        groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for c in rec["claims"]:
            groups[c["property"]].append(c)
        sources = []  # each document with its own claims highlighted in its own text
        for meta in rec["documents"]:
            doc = document_data(store, meta["sha256"])
            own = [
                c for c in rec["claims"] if (c["document_id"] or meta["sha256"]) == meta["sha256"]
            ]
            sources.append({"doc": doc, "meta": meta,
                            "segments": highlighted_segments(doc["text"], own)})  # fmt: skip
        titles = {m["sha256"]: m.get("source") or m.get("title") for m in rec["documents"]}
        comparison = compare_event(store, rec) if reference_sets(store) else None
        return templates.TemplateResponse(request, "event.html", {
            "rec": rec, "groups": dict(groups), "sources": sources, "titles": titles,
            "comparison": comparison})  # fmt: skip

    @app.get("/documents/{document_id}", response_class=HTMLResponse)
    def page_document(request: Request, document_id: str) -> HTMLResponse:
        doc = document_data(store, document_id)
        return templates.TemplateResponse(request, "document.html", {"doc": doc})

    app.state.store = store
    return app


def _facets(store: Store) -> list[tuple[str, int]]:
    return store.country_counts()
