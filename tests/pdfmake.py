"""A small PDF writer for tests: real PDFs (text layer, pages, Info dictionary) from text.

Also builds the hostile PDFs the reader must refuse: encrypted, without text, a stream that
inflates to hundreds of megabytes, thousands of pages. Standard 14 font (Helvetica),
WinAnsi encoding, one text line per ``Tj``.
"""

from __future__ import annotations

import textwrap
import zlib


def _esc(line: str) -> bytes:
    raw = line.encode("cp1252", "replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _content(paragraphs: list[str]) -> bytes:
    out = [b"BT /F1 11 Tf 14 TL 56 780 Td"]
    for para in paragraphs:
        for line in textwrap.wrap(para, 88) or [""]:
            out.append(b"(" + _esc(line) + b") Tj T*")
        out.append(b"T*")
    out.append(b"ET")
    return b"\n".join(out)


def make_pdf(
    pages: list[list[str]],
    *,
    title: str | None = None,
    created: str | None = None,
    author: str | None = None,
    encrypt: bool = False,
    raw_streams: list[bytes] | None = None,
) -> bytes:
    """A PDF with one page per item of ``pages`` (each a list of paragraphs).

    ``raw_streams``: page content streams given as already-compressed bytes (for bombs)."""
    objs: list[bytes] = []

    def add(body: bytes) -> int:
        objs.append(body)
        return len(objs)

    catalog = add(b"")  # filled below
    pages_id = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    kids = []
    streams = raw_streams or [zlib.compress(_content(p)) for p in pages]
    for data in streams:
        stream = add(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data
                     + b"\nendstream")  # fmt: skip
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources "
                        b"<< /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
                        % (pages_id, font, stream)))  # fmt: skip
    objs[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id
    objs[pages_id - 1] = (b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids)
                          + b"] /Count %d >>" % len(kids))  # fmt: skip
    info_items = [(b"Title", title), (b"CreationDate", created), (b"Author", author)]
    info = add(b"<< " + b" ".join(b"/" + k + b" (" + _esc(v) + b")" for k, v in info_items if v)
               + b" >>")  # fmt: skip
    enc = None
    if encrypt:
        enc = add(b"<< /Filter /Standard /V 2 /R 3 /Length 128 /P -3904 /O <" + b"ab" * 32
                  + b"> /U <" + b"cd" * 32 + b"> >>")  # fmt: skip
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    trailer = b"<< /Size %d /Root %d 0 R /Info %d 0 R" % (len(objs) + 1, catalog, info)
    if enc:
        trailer += b" /Encrypt %d 0 R /ID [<%s> <%s>]" % (enc, b"01" * 16, b"01" * 16)
    out += b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def inflating_stream(megabytes: int) -> bytes:
    """Compressed bytes that inflate to ``megabytes`` MB of zeros (built in bounded memory)."""
    z = zlib.compressobj(9)
    chunk = b"\0" * (1 << 20)
    return b"".join(z.compress(chunk) for _ in range(megabytes)) + z.flush()
