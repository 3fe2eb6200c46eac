"""Response models: they document every endpoint in the OpenAPI schema (/docs, /redoc).

Handlers return the library's plain dicts (the JSON contract is checked against its JSON
Schema in the tests); these models describe them and allow the contract's further fields."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["AuditEntry", "ClaimOut", "Comparison", "Decision", "DocumentOut", "ErrorOut", "EventList",
           "EventRecord", "EventSummary", "Facets", "MapData", "SplitOut", "UploadOut",
           "responses"]  # fmt: skip


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class ErrorBody(BaseModel):
    code: str = Field(..., examples=["CKB404"])
    message: str


class ErrorOut(BaseModel):
    error: ErrorBody


class EventSummary(_Open):
    id: str
    name: str
    start_date: str | None
    end_date: str | None
    country_code: str | None
    admin1: str | None
    event_type: str | None
    deaths_low: int | None
    deaths_best: int | None
    deaths_high: int | None


class EventList(BaseModel):
    total: int
    limit: int
    offset: int
    next: str | None = Field(None, description="pass as `after` for the next page")
    previous: str | None = Field(None, description="pass as `before` for the previous page")
    last: str | None = Field(None, description="pass as `before` for the last page")
    events: list[EventSummary]


class ClaimOut(_Open):
    id: str
    property: str
    min: int | None
    max: int | None
    category: str | None
    side: int | None
    claimant: str | None
    claimant_norm: str | None
    text: str
    span: list[int]
    origin: str
    review_status: str
    document_id: str | None


class Estimate(_Open):
    low: int | None
    best: int | None
    high: int | None


class EventRecord(_Open):
    """One event: the JSON contract (src/conflictkb/data/schema/event.schema.json)."""

    id: str
    title: str
    start_date: str | None
    end_date: str | None
    place: dict[str, Any] | None
    actors: list[dict[str, Any]]
    claims: list[ClaimOut]
    estimates: dict[str, Estimate]
    timeline: list[dict[str, Any]]
    documents: list[dict[str, Any]]
    number_of_sources: int
    links: list[dict[str, Any]] = []


class SplitOut(BaseModel):
    event_id: str
    record: EventRecord


class DocumentOut(_Open):
    sha256: str
    format: str
    title: str
    text: str
    published: str | None
    source: str | None
    language: str | None
    sections: list[dict[str, Any]]
    infobox: list[dict[str, Any]]
    events: list[str]


class UploadOut(BaseModel):
    event_id: str
    document_id: str
    status: str
    events: list[str]
    replaces: str | None
    orphaned_reviews: list[str]


class Comparison(_Open):
    linked: list[dict[str, Any]]


class AuditEntry(BaseModel):
    id: int
    at: str
    user: str
    role: str
    action: str = Field(..., examples=["claim-rejected", "claim-edited", "actor", "merge"])
    event_id: str
    target: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    comment: str | None


class Decision(BaseModel):
    id: int
    kind: str = Field(..., examples=["merge", "split"])
    event_id: str
    other_event_id: str | None
    document_id: str | None
    user: str | None
    comment: str | None
    decided_at: Any


class Facets(BaseModel):
    countries: list[tuple[str, int]]
    admin1: list[tuple[str, int]]
    event_types: list[tuple[str, int]]


class MapData(BaseModel):
    total: int = Field(..., description="events matching the filters")
    shown: int = Field(..., description="events with a point, at most the limit")
    columns: list[str]
    events: list[list[Any]]


_ERRORS = {400: "bad input", 401: "missing or unknown token", 403: "not allowed",
           404: "not found", 409: "somebody else decided first", 413: "body too large",
           422: "invalid request"}  # fmt: skip


def responses(model: Any, *codes: int) -> dict[int | str, dict[str, Any]]:
    """The ``responses`` of an endpoint: ``model`` on 200, the one error shape on ``codes``."""
    out: dict[int | str, dict[str, Any]] = {200: {"model": model}}
    for code in codes:
        out[code] = {"model": ErrorOut, "description": _ERRORS[code]}
    return out
