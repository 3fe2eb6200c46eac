"""The REST API and the web explorer (FastAPI), thin over the library.

Reading needs no token unless the operator sets ``CONFLICTKB_READ_TOKEN_REQUIRED``; every write
needs a user's token (``conflictkb user add``; uploads: an admin's or the operator's
``CONFLICTKB_API_TOKEN``). Every error has one JSON shape: ``{"error": {"code", "message"}}``.
All document text is untrusted: Jinja escapes it, and a strict Content-Security-Policy allows
no inline script.
"""

from __future__ import annotations

import json
import tempfile
from collections import defaultdict
from dataclasses import replace
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import FileSystemLoader
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..assemble import Pipeline
from ..compare import compare_event
from ..errors import ConflictKBError, InputError
from ..export import FORMATS
from ..reference import reference_sets
from ..settings import Settings
from ..store import EventFilter, Store
from ..store.query import REVIEW_STATES
from ..store.workbench import ACTOR_ROLES, actor_target
from .answers import AnswerCache
from .auth import Auth
from .data import (
    document_data,
    event_data,
    events_data,
    events_timeline,
    highlighted_segments,
    reaction_timeline,
)
from .docs import add_docs
from .guard import Guard
from .http import error_response as _error
from .http import status_of
from .jinja import PageEnvironment
from .models import (
    ClaimOut,
    Comparison,
    Decision,
    DocumentOut,
    EventList,
    EventRecord,
    Facets,
    MapData,
    UploadOut,
    responses,
)
from .uploads import UploadWorker
from .workbench import DONE, add_workbench

__all__ = ["create_app"]


def _day(value: str | None, what: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{what} {value[:20]!r} is not a date: write YYYY-MM-DD") from None


async def event_filter(q: str | None = Query(None, max_length=300),
                       country: str | None = Query(None, max_length=3),
                       admin1: str | None = Query(None, max_length=200),
                       date_from: str | None = Query(None, max_length=10, description="YYYY-MM-DD"),
                       date_to: str | None = Query(None, max_length=10, description="YYYY-MM-DD"),
                       actor: str | None = Query(None, max_length=200),
                       claimant: str | None = Query(None, max_length=200),
                       event_type: str | None = Query(None, max_length=100),
                       min_deaths: int | None = Query(None, ge=0),
                       review: str | None = Query(None, description=" or ".join(REVIEW_STATES)),
                       limit: int = Query(50, ge=1, le=500),
                       offset: int = Query(0, ge=0),
                       after: str | None = Query(None, max_length=300,
                                                 description="the `next` key of the page before"),
                       before: str | None = Query(None, max_length=300,
                                                  description="the `previous` key of the page "
                                                              "after, or `end` for the last page"),
                       ) -> EventFilter:  # fmt: skip
    """The filters every list, map and timeline takes (and keeps in its URL)."""
    if review and review not in REVIEW_STATES:
        raise InputError(f"review {review[:20]!r}: use {' or '.join(REVIEW_STATES)}")
    return EventFilter(q=q or None, country=country or None, admin1=admin1 or None,
                       date_from=_day(date_from, "date_from"), date_to=_day(date_to, "date_to"),
                       actor=actor or None, claimant=claimant or None,
                       event_type=event_type or None, min_deaths=min_deaths,
                       review=review or None, limit=limit, offset=offset,
                       after=after or None, before=before or None)  # fmt: skip


def _json(data: Any) -> Response:
    """A JSON body serialised at once: the data is JSON already (dates as ISO strings), so
    FastAPI's walk over every value to encode it is skipped."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    return Response(body.encode(), media_type="application/json")


def _query_string(flt: EventFilter, **extra: Any) -> str:
    """The filters as a URL query (what makes every view linkable)."""
    pairs = {k: getattr(flt, k) for k in ("q", "country", "admin1", "date_from", "date_to",
                                          "actor", "claimant", "event_type", "min_deaths",
                                          "review")}  # fmt: skip
    pairs.update(extra)
    return urlencode({k: str(v) for k, v in pairs.items() if v not in (None, "")})


def create_app(settings: Settings | None = None, store: Store | None = None,
               pipeline: Pipeline | None = None) -> FastAPI:  # fmt: skip
    """The app over ``store`` (else the settings' one); ``pipeline`` extracts uploads (else
    the default pipeline, built on the first upload)."""
    settings = settings or Settings()
    store = store or Store(settings.db, merge_threshold=settings.merge_threshold)
    app = FastAPI(title="conflictkb", version="0.1.0", description=__doc__, docs_url=None,
                  redoc_url=None)  # fmt: skip
    web = resources.files("conflictkb.web")
    # the templates are the package's: not looked at on disk again on every render
    env = PageEnvironment(loader=FileSystemLoader(str(web.joinpath("templates"))),
                          autoescape=True, auto_reload=False)  # fmt: skip
    env.globals["actor_target"] = actor_target
    templates = Jinja2Templates(env=env)
    app.mount("/static", StaticFiles(directory=str(web.joinpath("static"))), name="static")
    auth = Auth(settings, store)
    uploads = UploadWorker(store, settings, pipeline)
    app.router.on_shutdown.append(uploads.close)
    app.state.uploads = uploads
    app.add_middleware(AnswerCache, engine=store.engine)  # inside the guard: added first
    app.add_middleware(Guard, settings=settings, auth=auth)
    _handlers(app)

    @app.get("/api/events", response_model=None, responses=responses(EventList, 400, 422))
    def api_events(flt: EventFilter = Depends(event_filter)) -> Response:
        """Events, filtered (full-text `q`, country, admin1, dates, actor, claimant, type,
        minimum deaths, review status), paginated: `next` and `previous` are the keys of the
        pages beside (pass them as `after` and `before`), `last` that of the last page."""
        return _json(events_data(store, flt))

    @app.get("/api/facets", response_model=None, responses=responses(Facets))
    def api_facets() -> dict[str, Any]:
        """Events per country, admin1 and event type: the values the filters can take."""
        return store.facets()

    @app.get("/api/map", response_model=None, responses=responses(MapData, 400, 422))
    def api_map(flt: EventFilter = Depends(event_filter),
                limit: int = Query(5000, ge=1, le=20000)) -> Response:  # fmt: skip
        """Points of the events matching the filters (deadliest first, at most ``limit``):
        one row per event with the ``columns`` named."""
        return Response(store.map_json(flt, limit), media_type="application/json")

    @app.get("/api/events/{event_id}", response_model=None, responses=responses(EventRecord, 404))
    def api_event(event_id: str) -> Response:
        """One event: the JSON contract (see the schema in the repository)."""
        return _json(event_data(store, event_id))

    @app.get("/api/events/{event_id}/claims", response_model=None,
             responses=responses(list[ClaimOut], 404))  # fmt: skip
    def api_claims(event_id: str) -> list[dict[str, Any]]:
        """The event's claims (each figure, who claims it, its span and review status)."""
        return list(event_data(store, event_id)["claims"])

    @app.get("/api/events/{event_id}/comparison", response_model=None,
             responses=responses(Comparison, 404))  # fmt: skip
    def api_comparison(event_id: str, reference: str | None = None) -> dict[str, Any]:
        """The event against loaded reference datasets (ACLED / UCDP GED): linked events, agreement."""
        return compare_event(store, event_data(store, event_id), reference).as_dict()

    @app.get("/api/documents/{document_id}", response_model=None,
             responses=responses(DocumentOut, 404))  # fmt: skip
    def api_document(document_id: str) -> dict[str, Any]:
        """A document's text with its sections and infobox spans."""
        return document_data(store, document_id)

    @app.get("/api/export", response_class=Response,
             responses={200: {"description": "the export file", "content": {
                 m: {} for _, m, _ in FORMATS.values()}}})  # fmt: skip
    def api_export(format: str = Query("jsonl", max_length=20)) -> Response:
        """Every event in an export format."""
        if format not in FORMATS:
            raise InputError(f"unknown export format {format!r}; choose from {', '.join(FORMATS)}")
        writer, media, suffix = FORMATS[format]
        with tempfile.TemporaryFile() as tmp:
            writer(store.iter_records(), tmp)
            tmp.seek(0)
            data = tmp.read()
        headers = {"Content-Disposition": f'attachment; filename="conflictkb{suffix}"'}
        return Response(data, media_type=media, headers=headers)

    @app.post("/api/documents", status_code=201, response_model=None,
              responses=responses(UploadOut, 400, 401, 403, 413))  # fmt: skip
    async def api_upload(request: Request) -> JSONResponse:
        """Ingest one uploaded document (raw bytes in the body). Needs an admin's token."""
        auth.writer(request, admin=True)
        body = await request.body()
        if len(body) > settings.upload_limit:
            return _error(
                413, "CKB413", f"document over the {settings.upload_limit:,}-byte upload limit"
            )
        name = Path(request.headers.get("x-filename", "upload.txt")).name or "upload.txt"
        # extraction runs in a worker thread: the event loop keeps answering reads meanwhile
        report = await run_in_threadpool(uploads.ingest, name, body)
        if report.skipped:
            raise InputError(f"{name}: {report.skipped[0][1]}")
        if not (report.ingested or report.duplicates):
            raise InputError(f"{name}: no event in the upload (a dump without an event page, or "
                             "an empty document); nothing was stored")  # fmt: skip
        outcome = (report.ingested or report.duplicates)[0]
        return JSONResponse({"event_id": outcome.event_id, "document_id": outcome.document_id,
                             "status": outcome.status, "events": outcome.events,
                             "replaces": outcome.replaces, "orphaned_reviews": outcome.orphaned},
                            status_code=201)  # fmt: skip

    @app.get("/api/events/{event_id}/decisions", response_model=None,
             responses=responses(list[Decision], 404))  # fmt: skip
    def api_decisions(event_id: str) -> list[dict[str, Any]]:
        """Users' merges and splits that concern the event, newest first."""
        return store.decisions(store.find_event_id(event_id))

    add_workbench(app, store, auth, templates)
    add_docs(app, templates)
    _pages(app, store, auth, templates)
    app.state.store = store
    return app


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(ConflictKBError)
    async def domain_error(_: Request, exc: ConflictKBError) -> JSONResponse:
        return _error(status_of(exc), exc.code, str(exc))

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


def _pages(app: FastAPI, store: Store, auth: Auth, templates: Jinja2Templates) -> None:
    def common(request: Request, flt: EventFilter | None = None) -> dict[str, Any]:
        user = auth.reader(request)
        token = auth.session_token(request)
        done = DONE.get(request.query_params.get("done", ""))
        out: dict[str, Any] = {"user": user, "csrf": auth.csrf(token) if token and user else "", "done": done,
               "flt": flt or EventFilter(), "qs": _query_string(flt) if flt else ""}  # fmt: skip
        if flt is not None:  # a page with the filter form
            out.update(facets=store.facets(), review_states=REVIEW_STATES)
        return out

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def page_events(request: Request, flt: EventFilter = Depends(event_filter)) -> HTMLResponse:
        data = events_data(store, flt)
        pages = {name: _query_string(flt, **{arg: data[key]}) for name, arg, key in (
            ("next_qs", "after", "next"), ("previous_qs", "before", "previous"),
            ("last_qs", "before", "last")) if data[key]}  # fmt: skip
        return templates.TemplateResponse(request, "events.html", {
            **common(request, flt), "data": data, **pages})  # fmt: skip

    @app.get("/map", response_class=HTMLResponse, include_in_schema=False)
    def page_map(request: Request, flt: EventFilter = Depends(event_filter)) -> HTMLResponse:
        return templates.TemplateResponse(request, "map.html", common(request, flt))

    @app.get("/timeline", response_class=HTMLResponse, include_in_schema=False)
    def page_timeline(request: Request, flt: EventFilter = Depends(event_filter)) -> HTMLResponse:
        wide = replace(flt, limit=500, offset=0, after=None, before=None)
        data = events_data(store, wide)
        return templates.TemplateResponse(request, "timeline.html", {
            **common(request, flt), "data": data, "axis": events_timeline(data["events"])})  # fmt: skip

    @app.get("/events/{event_id}", response_class=HTMLResponse, include_in_schema=False)
    def page_event(request: Request, event_id: str) -> Response:
        rec = event_data(store, event_id)
        if rec["id"] != event_id:  # a merged event's old id: show it at its new address
            return RedirectResponse(f"/events/{rec['id']}", 307)
        groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for c in rec["claims"]:
            groups[c["property"]].append(c)
        sources = []  # each document with its own claims highlighted in its own text
        for meta in rec["documents"]:
            doc = document_data(store, meta["sha256"], events=False)
            own = [
                c for c in rec["claims"] if (c["document_id"] or meta["sha256"]) == meta["sha256"]
            ]
            sources.append({"doc": doc, "meta": meta,
                            "segments": highlighted_segments(doc["text"], own)})  # fmt: skip
        titles = {m["sha256"]: m.get("source") or m.get("title") for m in rec["documents"]}
        comparison = compare_event(store, rec) if reference_sets(store) else None
        targets = [c["id"] for c in rec["claims"]] + [f"event:{rec['id']}"] + [
            actor_target(rec["id"], a["name"]) for a in rec["actors"]]  # fmt: skip
        return templates.TemplateResponse(request, "event.html", {
            **common(request), "rec": rec, "groups": dict(groups), "sources": sources,
            "titles": titles, "comparison": comparison, "rev": store.revisions(targets),
            "audit": store.audit_log(rec["id"])[-10:][::-1], "actor_roles": ACTOR_ROLES,
            "timeline": reaction_timeline(rec)})  # fmt: skip

    @app.get("/documents/{document_id}", response_class=HTMLResponse, include_in_schema=False)
    def page_document(request: Request, document_id: str) -> HTMLResponse:
        doc = document_data(store, document_id)
        return templates.TemplateResponse(request, "document.html", {**common(request), "doc": doc})
