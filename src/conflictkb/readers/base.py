"""What every reader gets: the raw bytes with their options, and their decoding to text (size
limit, binary detection, UTF-8 with a cp1252 fallback)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..errors import InputError

__all__ = ["DEFAULT_MAX_BYTES", "DEFAULT_MAX_PAGES", "Decoded", "RawDocument", "ReadOptions",
           "check_size", "decode_bytes"]  # fmt: skip

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_PAGES = 500


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How to read: limits, and metadata for documents that carry none of their own.

    ``published`` and ``language`` fill in what a document does not say itself (a PDF with no
    date, a text file); a document's own metadata wins.
    """

    max_bytes: int = DEFAULT_MAX_BYTES
    max_pages: int = DEFAULT_MAX_PAGES
    published: dt.date | None = None
    language: str | None = None


@dataclass(slots=True)
class RawDocument:
    """One input to read: its bytes, name, id (sha256 of the bytes) and options."""

    data: bytes
    path: str
    doc_id: str
    options: ReadOptions = field(default_factory=ReadOptions)
    _decoded: Decoded | None = None

    def decoded(self) -> Decoded:
        """The bytes as text (cached); raises InputError for binary or undecodable input."""
        if self._decoded is None:
            self._decoded = decode_bytes(self.data, self.path, self.options.max_bytes)
        return self._decoded


_CONTROL_OK = {"\n", "\r", "\t", "\f", "\v"}


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def check_size(size: int, max_bytes: int, path: str) -> None:
    """Raise :class:`InputError` for a document over the byte limit."""
    if size > max_bytes:
        raise InputError(
            f"file is {size:,} bytes, over the {max_bytes:,}-byte limit "
            "(raise it with --max-bytes or CONFLICTKB_MAX_BYTES)",
            path=path,
        )


def decode_bytes(data: bytes, path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Decoded:
    """Decode a document's bytes, or raise :class:`InputError` saying what is wrong."""
    check_size(len(data), max_bytes, path)
    if not data.strip():
        raise InputError("file is empty", path=path)
    if b"\x00" in data[:8192]:
        raise InputError("file looks binary (NUL bytes); give a text document", path=path)
    decoded = _decode(data, path)
    _reject_control_heavy(decoded.text, path)
    if not decoded.text.strip():
        raise InputError("file has no text", path=path)
    return decoded


def _decode(data: bytes, path: str) -> Decoded:
    try:
        return Decoded(data.decode("utf-8-sig"), "utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.start >= len(data) - 3:
            raise InputError(
                "file is truncated in the middle of a UTF-8 character; re-save or re-download it",
                path=path,
            ) from None
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise InputError(
            "file is neither UTF-8 nor cp1252 text; convert it to UTF-8", path=path
        ) from None
    return Decoded(text, "cp1252", ("not valid UTF-8: decoded as cp1252",))


def _reject_control_heavy(text: str, path: str) -> None:
    sample = text[:8192]
    bad = sum(1 for ch in sample if ch < " " and ch not in _CONTROL_OK)
    if bad > max(8, len(sample) // 50):
        raise InputError("file looks binary (control characters); give a text document", path=path)
