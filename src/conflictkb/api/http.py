"""The one error shape of the API and the HTTP status of each domain error."""

from __future__ import annotations

from fastapi.responses import JSONResponse

from ..errors import AuthError, ConflictError, ConflictKBError, ForbiddenError, NotFoundError

__all__ = ["error_response", "status_of"]


def error_response(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


def status_of(exc: ConflictKBError) -> int:
    """The HTTP status of a domain error."""
    for cls, status in ((NotFoundError, 404), (ConflictError, 409), (ForbiddenError, 403),
                        (AuthError, 401)):  # fmt: skip
        if isinstance(exc, cls):
            return status
    return 400
