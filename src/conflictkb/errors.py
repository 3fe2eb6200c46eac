"""Exceptions and message codes.

The tree::

    ConflictKBError            anything conflictkb raises on purpose
    ├── InputError             a document or file we cannot read (empty, binary, too large, ...)
    ├── ExtractionError        a component failed on a document
    ├── StoreError             the database cannot be opened, migrated or written
    │   ├── NotFoundError      no such event / document / claim
    │   └── ConflictError      somebody else decided on the same thing meanwhile
    ├── ConfigError            a setting or a data file is wrong
    └── AuthError              a missing or unknown token, a failed CSRF check
        └── ForbiddenError     a role that does not allow this

The CLI turns any of them into ``Error: <message>`` and exit code 1; the API into one JSON shape
``{"error": {"code", "message"}}``. Every message says what to check next.
"""

from __future__ import annotations

__all__ = [
    "AuthError",
    "ConfigError",
    "ConflictError",
    "ConflictKBError",
    "ExtractionError",
    "ForbiddenError",
    "InputError",
    "NotFoundError",
    "StoreError",
    "error_from_code",
]


class ConflictKBError(Exception):
    code = "CKB000"

    def __init__(self, message: str, *, path: str | None = None) -> None:
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)

    @property
    def message(self) -> str:
        return str(self)


class InputError(ConflictKBError):
    code = "CKB100"


class ExtractionError(ConflictKBError):
    code = "CKB200"


class StoreError(ConflictKBError):
    code = "CKB300"


class NotFoundError(StoreError):
    code = "CKB304"


class ConfigError(ConflictKBError):
    code = "CKB400"


class ConflictError(StoreError):
    """Somebody else decided on the same thing meanwhile: nothing was written."""

    code = "CKB409"


class AuthError(ConflictKBError):
    """A missing or unknown token, or a form that failed its CSRF or same-origin check."""

    code = "CKB401"


class ForbiddenError(AuthError):
    """A known user whose role does not allow this."""

    code = "CKB403"


def error_from_code(code: str, message: str) -> ConflictKBError:
    """Rebuild an error sent as (code, message), e.g. from a cluster worker's output."""
    for cls in (
        InputError,
        ExtractionError,
        StoreError,
        NotFoundError,
        ConfigError,
        ConflictError,
        AuthError,
        ForbiddenError,
    ):
        if cls.code == code:
            return cls(message)
    return ConflictKBError(message)
