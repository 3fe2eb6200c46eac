"""The reviewer's workbench: decisions over the JSON API (bearer token) and from the explorer's
forms (session cookie + CSRF), both through the store's one write path, and the audit log."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field

from ..errors import ConflictKBError, InputError
from ..export.audit import AUDIT_FORMATS, write_audit
from ..model import ReviewStatus
from ..store import Store
from ..store.workbench import ACTOR_ROLES, User
from .auth import COOKIE, Auth
from .http import status_of
from .models import AuditEntry, EventRecord, SplitOut, responses

__all__ = ["ActorBody", "MergeBody", "ReviewBody", "SplitBody", "add_workbench"]

_ACTIONS = {"confirm": ReviewStatus.CONFIRMED, "reject": ReviewStatus.REJECTED,
            "edit": ReviewStatus.EDITED}  # fmt: skip
DONE = {"review": "Your review was saved; the estimates are recomputed.",
        "actor": "The actor's side and role were saved.", "merge": "The events were merged.",
        "split": "The document now has an event of its own.", "login": "Signed in.",
        "logout": "Signed out."}  # fmt: skip


class ReviewBody(BaseModel):
    status: ReviewStatus = Field(..., description="confirmed, rejected or edited")
    min: int | None = Field(None, ge=0, le=10_000_000)
    max: int | None = Field(None, ge=0, le=10_000_000)
    category: str | None = Field(None, max_length=200, description="victim category as framed")
    side: int | None = Field(None, ge=0, le=3, description="1-3; 0 clears the side")
    claimant: str | None = Field(None, max_length=200)
    comment: str | None = Field(None, max_length=4000)
    base: int | None = Field(None, ge=0, description="the revision decided on (409 if stale)")


class ActorBody(BaseModel):
    actor: str = Field(..., max_length=300)
    side: int | None = Field(None, ge=0, le=3)
    role: str | None = Field(None, max_length=40, description=", ".join(ACTOR_ROLES))
    comment: str | None = Field(None, max_length=4000)
    base: int | None = Field(None, ge=0)


class MergeBody(BaseModel):
    other: str = Field(..., max_length=200, description="The event that joins this one.")
    user: str | None = Field(None, max_length=200, description="ignored unless operator token")
    comment: str | None = Field(None, max_length=4000)
    base: int | None = Field(None, ge=0)


class SplitBody(BaseModel):
    document: str = Field(..., max_length=64, description="Document id or unique prefix.")
    user: str | None = Field(None, max_length=200, description="ignored unless operator token")
    comment: str | None = Field(None, max_length=4000)
    base: int | None = Field(None, ge=0)


def _as_operator(user: User, name: str | None) -> User:
    """The operator's token may act for a named person (scripts); users act as themselves."""
    return User(name, "operator") if user.role == "operator" and name else user


def _int(value: str | None, what: str) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return int(value.replace(",", ""))
    except ValueError:
        raise InputError(f"{what} {value[:20]!r} is not a whole number") from None


def _text(form: Any, name: str, limit: int) -> str | None:
    value = form.get(name)
    if value is None or not isinstance(value, str):
        return None
    if len(value) > limit:
        raise InputError(f"{name} is over {limit} characters")
    return value.strip()


def _why(form: Any) -> dict[str, Any]:
    """The fields every decision form carries: the comment and the revision decided on."""
    return {"comment": _text(form, "comment", 4000) or None, "base": _int(form.get("base"), "base")}


def add_workbench(app: FastAPI, store: Store, auth: Auth, templates: Jinja2Templates) -> None:
    _json_routes(app, store, auth)
    _form_routes(app, store, auth, templates)


def _json_routes(app: FastAPI, store: Store, auth: Auth) -> None:
    @app.post("/api/claims/{claim_id}/review", response_model=None,
              responses=responses(EventRecord, 401, 404, 409, 422))  # fmt: skip
    def api_review(request: Request, claim_id: str, body: ReviewBody) -> dict[str, Any]:
        """Confirm, reject or edit a claim (figures, category, side, claimant); returns the
        event's record with its estimates recomputed. Needs a reviewer's token."""
        user = auth.writer(request)
        return store.review_claim(claim_id, body.status, min=body.min, max=body.max,
                                  category=body.category, side=body.side, claimant=body.claimant,
                                  reviewer=user, comment=body.comment, base=body.base)  # fmt: skip

    @app.post("/api/events/{event_id}/actors", response_model=None,
              responses=responses(EventRecord, 401, 404, 409, 422))  # fmt: skip
    def api_actor(request: Request, event_id: str, body: ActorBody) -> dict[str, Any]:
        """Assign an actor's side (0: none) and role. Needs a reviewer's token."""
        user = auth.writer(request)
        return store.assign_actor(event_id, body.actor, side=body.side, role=body.role,
                                  user=user, comment=body.comment, base=body.base)  # fmt: skip

    @app.post("/api/events/{event_id}/merge", response_model=None,
              responses=responses(EventRecord, 401, 404, 409, 422))  # fmt: skip
    def api_merge(request: Request, event_id: str, body: MergeBody) -> dict[str, Any]:
        """Merge the event ``other`` into this one (its id then redirects here)."""
        user = _as_operator(auth.writer(request), body.user)
        return store.merge_events(event_id, body.other, user=user, comment=body.comment,
                                  base=body.base)  # fmt: skip

    @app.post("/api/events/{event_id}/split", response_model=None,
              responses=responses(SplitOut, 401, 404, 409, 422))  # fmt: skip
    def api_split(request: Request, event_id: str, body: SplitBody) -> dict[str, Any]:
        """Split a document off this event into an event of its own."""
        user = _as_operator(auth.writer(request), body.user)
        new_id, rec = store.split_document(event_id, body.document, user=user,
                                           comment=body.comment, base=body.base)  # fmt: skip
        return {"event_id": new_id, "record": rec}

    @app.get("/api/events/{event_id}/audit", response_model=None,
             responses=responses(list[AuditEntry], 404))  # fmt: skip
    def api_event_audit(event_id: str) -> list[dict[str, Any]]:
        """Every user's decision on the event (and the events merged into it), oldest first."""
        return store.audit_log(store.find_event_id(event_id))

    @app.get("/api/audit", response_class=Response,
             responses={200: {"description": "CSV or JSON Lines",
                              "content": {m: {} for m in AUDIT_FORMATS.values()}}})  # fmt: skip
    def api_audit(format: str = Query("csv", max_length=8),
                  event: str | None = Query(None, max_length=200)) -> Response:  # fmt: skip
        """The audit log as CSV or JSON Lines (all decisions, or one event's)."""
        if format not in AUDIT_FORMATS:
            raise InputError(f"unknown audit format {format!r}; choose csv or jsonl")
        entries = store.audit_log(store.find_event_id(event) if event else None)
        out = io.BytesIO()
        write_audit(entries, out, format)
        suffix = "csv" if format == "csv" else "jsonl"
        return Response(out.getvalue(), media_type=AUDIT_FORMATS[format], headers={
            "Content-Disposition": f'attachment; filename="conflictkb-audit.{suffix}"'})  # fmt: skip


def _form_routes(app: FastAPI, store: Store, auth: Auth, templates: Jinja2Templates) -> None:
    def failed(request: Request, exc: ConflictKBError, back: str) -> HTMLResponse:
        return templates.TemplateResponse(request, "error.html", {
            "message": str(exc), "code": exc.code, "back": back}, status_code=status_of(exc))  # fmt: skip

    async def handle(request: Request, back: str,
                     act: Callable[[Any, User], str]) -> Response:  # fmt: skip
        try:
            form = await request.form()
            user = auth.form_writer(request, str(form.get("csrf") or ""))
            where = act(form, user)
        except ConflictKBError as exc:
            return failed(request, exc, back)
        return RedirectResponse(where, status_code=303)

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_page(request: Request) -> HTMLResponse:
        return templates.TemplateResponse(request, "login.html", {})

    @app.post("/login", include_in_schema=False)
    async def login(request: Request) -> Response:
        try:
            auth.same_origin(request)
            form = await request.form()
            token = str(form.get("token") or "").strip()
            if auth.lookup(token) is None:
                raise InputError("unknown or revoked token: check it, or ask an admin for one")
        except ConflictKBError as exc:
            return failed(request, exc, "/login")
        response = RedirectResponse("/?done=login", status_code=303)
        response.set_cookie(COOKIE, token, httponly=True, samesite="strict", path="/",
                            secure=request.url.scheme == "https", max_age=12 * 3600)  # fmt: skip
        return response

    @app.post("/logout", include_in_schema=False)
    async def logout(request: Request) -> Response:
        response = await handle(request, "/", lambda form, user: "/?done=logout")
        if response.status_code == 303:
            response.delete_cookie(COOKIE, path="/")
        return response

    @app.post("/ui/claims/{claim_id}", include_in_schema=False)
    async def form_review(request: Request, claim_id: str) -> Response:
        back = f"/events/{request.query_params.get('event', '')}"

        def act(form: Any, user: User) -> str:
            action = str(form.get("action") or "")
            if action not in _ACTIONS:
                raise InputError(f"unknown action {action[:20]!r}: confirm, reject or edit")
            status = _ACTIONS[action]
            edit = status is ReviewStatus.EDITED
            rec = store.review_claim(
                claim_id, status, min=_int(form.get("min"), "lower figure") if edit else None,
                max=_int(form.get("max"), "upper figure") if edit else None,
                category=_text(form, "category", 200) if edit else None,
                side=_int(form.get("side"), "side") if edit else None,
                claimant=_text(form, "claimant", 200) if edit else None, reviewer=user,
                **_why(form))  # fmt: skip
            return f"/events/{rec['id']}?done=review#row-{claim_id}"

        return await handle(request, back, act)

    @app.post("/ui/events/{event_id}/actors", include_in_schema=False)
    async def form_actor(request: Request, event_id: str) -> Response:
        def act(form: Any, user: User) -> str:
            role = _text(form, "role", 40) or None
            rec = store.assign_actor(event_id, _text(form, "actor", 300) or "",
                                     side=_int(form.get("side"), "side"), role=role, user=user,
                                     **_why(form))  # fmt: skip
            return f"/events/{rec['id']}?done=actor#actors"

        return await handle(request, f"/events/{event_id}", act)

    @app.post("/ui/events/{event_id}/merge", include_in_schema=False)
    async def form_merge(request: Request, event_id: str) -> Response:
        def act(form: Any, user: User) -> str:
            rec = store.merge_events(event_id, _text(form, "other", 200) or "", user=user,
                                     **_why(form))  # fmt: skip
            return f"/events/{rec['id']}?done=merge"

        return await handle(request, f"/events/{event_id}", act)

    @app.post("/ui/events/{event_id}/split", include_in_schema=False)
    async def form_split(request: Request, event_id: str) -> Response:
        def act(form: Any, user: User) -> str:
            new_id, _ = store.split_document(event_id, _text(form, "document", 64) or "",
                                             user=user, **_why(form))  # fmt: skip
            return f"/events/{new_id}?done=split"

        return await handle(request, f"/events/{event_id}", act)

    @app.get("/events/{event_id}/audit", response_class=HTMLResponse, include_in_schema=False)
    def page_audit(request: Request, event_id: str) -> HTMLResponse:
        event_id = store.find_event_id(event_id)
        rec = store.get_record(event_id)
        return templates.TemplateResponse(request, "audit.html", {
            "rec": rec, "entries": store.audit_log(event_id), "user": auth.reader(request)})  # fmt: skip
